// Administration of staff accounts: role, agency, disabling and password resets.
#include <gtest/gtest.h>

#include <filesystem>

#include "service/agency_service.h"
#include "service/auth_service.h"
#include "storage/database.h"
#include "storage/test_database.h"

namespace motcua::service {
namespace {

class UserAdminTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto db = storage::OpenTestDatabase("useradmin", &dir_);
    ASSERT_TRUE(db.ok()) << db.status().ToString();
    db_ = std::move(db).value();
    auth_ = std::make_unique<AuthService>(*db_, clock_, AuthOptions{});
    agencies_ = std::make_unique<AgencyService>(*db_, clock_);
    ASSERT_TRUE(agencies_->Create(nullptr, {"H99", "Tỉnh", "", "province", "", "", false}).ok());
    ASSERT_TRUE(
        agencies_->Create(nullptr, {"A.H99", "Sở A", "", "department", "H99", "", false}).ok());
    ASSERT_TRUE(
        agencies_->Create(nullptr, {"B.H99", "Sở B", "", "department", "H99", "", false}).ok());
    auto admin = auth_->CreateUser(nullptr, {"qt.a", "mat-khau-1", "QT A", "admin", "A.H99"});
    ASSERT_TRUE(admin.ok());
    admin_a_ = *admin;
    ASSERT_TRUE(
        auth_->CreateUser(nullptr, {"cv.a", "mat-khau-1", "CV A", "specialist", "A.H99"}).ok());
    ASSERT_TRUE(
        auth_->CreateUser(nullptr, {"cv.b", "mat-khau-1", "CV B", "specialist", "B.H99"}).ok());
  }
  void TearDown() override {
    db_->Close();
    std::filesystem::remove_all(dir_);
  }

  int64_t AuditCount(const std::string& action) { return storage::AuditCount(*db_, action); }

  FakeClock clock_{1'750'000'000};
  std::filesystem::path dir_;
  std::unique_ptr<storage::Database> db_;
  std::unique_ptr<AuthService> auth_;
  std::unique_ptr<AgencyService> agencies_;
  Principal admin_a_;
};

TEST_F(UserAdminTest, ChangesRoleAndNameAndEndsSessions) {
  auto login = auth_->Login("cv.a", "mat-khau-1", "127.0.0.1", nullptr);
  ASSERT_TRUE(login.ok());
  UserPatch p;
  p.role = "leader";
  p.full_name = "  Nguyễn Thị Lãnh Đạo ";
  auto updated = auth_->UpdateUser(admin_a_, "cv.a", p);
  ASSERT_TRUE(updated.ok()) << updated.status().ToString();
  EXPECT_EQ(updated->role, domain::Role::kLeader);
  EXPECT_EQ(updated->full_name, "Nguyễn Thị Lãnh Đạo");
  EXPECT_FALSE(auth_->Authenticate(login->token).ok()) << "a role change ends the sessions";
  auto again = auth_->Login("cv.a", "mat-khau-1", "127.0.0.1", nullptr);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->principal.role, domain::Role::kLeader);
  EXPECT_EQ(AuditCount("user.update"), 1);
}

TEST_F(UserAdminTest, DisableAndEnable) {
  UserPatch off;
  off.active = false;
  ASSERT_TRUE(auth_->UpdateUser(admin_a_, "cv.a", off).ok());
  auto denied = auth_->Login("cv.a", "mat-khau-1", "127.0.0.1", nullptr);
  ASSERT_FALSE(denied.ok());
  EXPECT_EQ(denied.status().reason(), "invalid_credentials");
  UserPatch on;
  on.active = true;
  ASSERT_TRUE(auth_->UpdateUser(admin_a_, "cv.a", on).ok());
  EXPECT_TRUE(auth_->Login("cv.a", "mat-khau-1", "127.0.0.1", nullptr).ok());
}

TEST_F(UserAdminTest, ScopeAndSelfProtection) {
  UserPatch p;
  p.role = "leader";
  auto other = auth_->UpdateUser(admin_a_, "cv.b", p);
  ASSERT_FALSE(other.ok());
  EXPECT_EQ(other.status().reason(), "agency_scope");
  UserPatch move;
  move.agency_code = "B.H99";
  auto moved = auth_->UpdateUser(admin_a_, "cv.a", move);
  ASSERT_FALSE(moved.ok());
  EXPECT_EQ(moved.status().reason(), "agency_scope");
  UserPatch self_off;
  self_off.active = false;
  auto self = auth_->UpdateUser(admin_a_, "qt.a", self_off);
  ASSERT_FALSE(self.ok());
  EXPECT_EQ(self.status().field(), "active");
  UserPatch self_demote;
  self_demote.role = "specialist";
  EXPECT_EQ(auth_->UpdateUser(admin_a_, "qt.a", self_demote).status().field(), "role");
  UserPatch citizen_role;
  citizen_role.role = "citizen";
  EXPECT_EQ(auth_->UpdateUser(admin_a_, "cv.a", citizen_role).status().reason(), "invalid_role");
  auto missing = auth_->UpdateUser(admin_a_, "khong.co", p);
  EXPECT_EQ(missing.status().reason(), "unknown_user");
  Principal specialist = admin_a_;
  specialist.role = domain::Role::kSpecialist;
  EXPECT_EQ(auth_->UpdateUser(specialist, "cv.a", p).status().code(), Code::kPermissionDenied);
  // Nothing half-written: a failed patch (valid role, bad agency) changes nothing.
  UserPatch mixed;
  mixed.role = "leader";
  mixed.agency_code = "KHONG.CO";
  EXPECT_EQ(auth_->UpdateUser(admin_a_, "cv.a", mixed).status().reason(), "unknown_agency");
  auto login = auth_->Login("cv.a", "mat-khau-1", "127.0.0.1", nullptr);
  ASSERT_TRUE(login.ok());
  EXPECT_EQ(login->principal.role, domain::Role::kSpecialist);
  EXPECT_EQ(AuditCount("user.update"), 0);
}

TEST_F(UserAdminTest, RootAdminMovesAcrossTheTree) {
  auto root = auth_->CreateUser(nullptr, {"qt.tinh", "mat-khau-1", "QT tỉnh", "admin", "H99"});
  ASSERT_TRUE(root.ok());
  UserPatch move;
  move.agency_code = "A.H99";
  auto moved = auth_->UpdateUser(*root, "cv.b", move);
  ASSERT_TRUE(moved.ok()) << moved.status().ToString();
  EXPECT_EQ(moved->agency_code, "A.H99");
  // Now in A's subtree, A's admin manages it.
  UserPatch p;
  p.full_name = "CV chuyển";
  EXPECT_TRUE(auth_->UpdateUser(admin_a_, "cv.b", p).ok());
}

TEST_F(UserAdminTest, ResetPassword) {
  auto login = auth_->Login("cv.a", "mat-khau-1", "127.0.0.1", nullptr);
  ASSERT_TRUE(login.ok());
  EXPECT_EQ(auth_->ResetPassword(admin_a_, "cv.a", "ngan").reason(), "weak_password");
  EXPECT_EQ(auth_->ResetPassword(admin_a_, "cv.b", "mat-khau-moi").reason(), "agency_scope");
  ASSERT_TRUE(auth_->ResetPassword(admin_a_, "cv.a", "mat-khau-moi").ok());
  EXPECT_FALSE(auth_->Authenticate(login->token).ok());
  EXPECT_FALSE(auth_->Login("cv.a", "mat-khau-1", "127.0.0.1", nullptr).ok());
  EXPECT_TRUE(auth_->Login("cv.a", "mat-khau-moi", "127.0.0.1", nullptr).ok());
  EXPECT_EQ(AuditCount("user.reset_password"), 1);
}

}  // namespace
}  // namespace motcua::service
