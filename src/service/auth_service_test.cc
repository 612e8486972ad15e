#include "service/auth_service.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "service/agency_service.h"
#include "storage/database.h"
#include "storage/test_database.h"

namespace motcua::service {
namespace {

class AuthServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto db = storage::OpenTestDatabase("auth", &dir_);
    ASSERT_TRUE(db.ok()) << db.status().ToString();
    db_ = std::move(db).value();
    AuthOptions options;
    options.session_lifetime_seconds = 3600;
    auth_ = std::make_unique<AuthService>(*db_, clock_, options);
    agencies_ = std::make_unique<AgencyService>(*db_, clock_);
    ASSERT_TRUE(agencies_->Create(nullptr, {"H99", "Tỉnh", "", "province", "", "", false}).ok());
    ASSERT_TRUE(
        agencies_->Create(nullptr, {"A.H99", "Sở A", "", "department", "H99", "", false}).ok());
    ASSERT_TRUE(
        agencies_->Create(nullptr, {"B.H99", "Sở B", "", "department", "H99", "", false}).ok());
  }
  void TearDown() override {
    db_->Close();
    std::filesystem::remove_all(dir_);
  }

  FakeClock clock_{1'750'000'000};
  std::filesystem::path dir_;
  std::unique_ptr<storage::Database> db_;
  std::unique_ptr<AuthService> auth_;
  std::unique_ptr<AgencyService> agencies_;
};

TEST_F(AuthServiceTest, PasswordsAreStoredAsArgon2idAndSessionsExpire) {
  auto admin = auth_->CreateUser(nullptr, {"quan.tri", "mat-khau-1", "Quản trị", "admin", "H99"});
  ASSERT_TRUE(admin.ok()) << admin.status().ToString();
  std::string hash;
  ASSERT_TRUE(db_->Read([&](storage::Connection& c) -> Status {
                   MOTCUA_ASSIGN_OR_RETURN(auto row, c.QueryOne("SELECT password_hash FROM users"));
                   hash = row->Text(0);
                   return Status::Ok();
                 })
                  .ok());
  EXPECT_EQ(hash.rfind("$argon2id$", 0), 0u) << hash;

  auto login = auth_->Login("quan.tri", "mat-khau-1", "127.0.0.1", nullptr);
  ASSERT_TRUE(login.ok());
  auto s = auth_->Authenticate(login->token);
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->principal.username, "quan.tri");
  EXPECT_EQ(s->csrf_token, login->csrf_token);
  clock_.Advance(3600);
  auto expired = auth_->Authenticate(login->token);
  ASSERT_FALSE(expired.ok());
  EXPECT_EQ(expired.status().reason(), "session_expired");
}

TEST_F(AuthServiceTest, LogoutEndsTheSession) {
  ASSERT_TRUE(auth_->RegisterCitizen("cong.dan", "mat-khau-1", "Nguyễn Văn An").ok());
  auto login = auth_->Login("cong.dan", "mat-khau-1", "127.0.0.1", nullptr);
  ASSERT_TRUE(login.ok());
  ASSERT_TRUE(auth_->Logout(login->token).ok());
  EXPECT_FALSE(auth_->Authenticate(login->token).ok());
}

TEST_F(AuthServiceTest, AdminsCreateUsersOnlyInTheirSubtree) {
  auto admin_a = auth_->CreateUser(nullptr, {"qt.a", "mat-khau-1", "QT A", "admin", "A.H99"});
  ASSERT_TRUE(admin_a.ok());
  auto in_b = auth_->CreateUser(&*admin_a, {"cv.b", "mat-khau-1", "CV B", "specialist", "B.H99"});
  ASSERT_FALSE(in_b.ok());
  EXPECT_EQ(in_b.status().reason(), "agency_scope");
  EXPECT_TRUE(
      auth_->CreateUser(&*admin_a, {"cv.a", "mat-khau-1", "CV A", "specialist", "A.H99"}).ok());
  auto citizen_with_agency =
      auth_->CreateUser(nullptr, {"cd.x", "mat-khau-1", "X", "citizen", "A.H99"});
  EXPECT_EQ(citizen_with_agency.status().field(), "agency_code");
  auto staff_without = auth_->CreateUser(nullptr, {"cv.x", "mat-khau-1", "X", "specialist", ""});
  EXPECT_EQ(staff_without.status().field(), "agency_code");
  auto bad_name = auth_->CreateUser(nullptr, {"Nguyễn", "mat-khau-1", "X", "citizen", ""});
  EXPECT_EQ(bad_name.status().reason(), "invalid_username");
}

TEST_F(AuthServiceTest, UnknownUsersAndWrongPasswordsLookTheSame) {
  ASSERT_TRUE(auth_->RegisterCitizen("cong.dan", "mat-khau-1", "Nguyễn Văn An").ok());
  auto wrong = auth_->Login("cong.dan", "sai", "127.0.0.1", nullptr);
  auto unknown = auth_->Login("khong.co", "sai", "127.0.0.1", nullptr);
  EXPECT_EQ(wrong.status().reason(), "invalid_credentials");
  EXPECT_EQ(unknown.status().reason(), "invalid_credentials");
}

TEST_F(AuthServiceTest, AgencyMovesRewriteTheSubtreeAndRefuseCycles) {
  Principal root_admin;
  root_admin.role = domain::Role::kAdmin;
  root_admin.agency_path = "/";
  ASSERT_TRUE(
      agencies_->Create(nullptr, {"A1.H99", "Phòng A1", "", "department", "A.H99", "", false})
          .ok());
  AgencyPatch move;
  move.parent_code = "B.H99";
  ASSERT_TRUE(agencies_->Update(root_admin, "A.H99", move).ok());
  auto a1 = agencies_->Get("A1.H99");
  auto b = agencies_->Get("B.H99");
  ASSERT_TRUE(a1.ok() && b.ok());
  EXPECT_EQ(a1->path.rfind(b->path, 0), 0u) << a1->path << " under " << b->path;
  AgencyPatch cycle;
  cycle.parent_code = "A1.H99";
  auto refused = agencies_->Update(root_admin, "A.H99", cycle);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().reason(), "agency_cycle");
  // Nothing half-written: A is still under B.
  auto a = agencies_->Get("A.H99");
  EXPECT_EQ(a->path.rfind(b->path, 0), 0u);
}

}  // namespace
}  // namespace motcua::service
