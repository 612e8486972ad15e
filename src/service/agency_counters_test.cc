// Counters of a one-stop centre: adding, changing the fields served, taking out of use; admin
// only, within the admin's subtree, one audited transaction each.
#include <gtest/gtest.h>

#include <filesystem>

#include "service/agency_service.h"
#include "service/auth_service.h"
#include "storage/database.h"
#include "storage/test_database.h"

namespace motcua::service {
namespace {

class AgencyCountersTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto db = storage::OpenTestDatabase("agencycounters", &dir_);
    ASSERT_TRUE(db.ok()) << db.status().ToString();
    db_ = std::move(db).value();
    auth_ = std::make_unique<AuthService>(*db_, clock_, AuthOptions{});
    agencies_ = std::make_unique<AgencyService>(*db_, clock_);
    ASSERT_TRUE(agencies_->Create(nullptr, {"H99", "Tỉnh", "", "province", "", "", false}).ok());
    ASSERT_TRUE(
        agencies_->Create(nullptr, {"C.H99", "Trung tâm", "", "service_centre", "H99", "", true})
            .ok());
    ASSERT_TRUE(
        agencies_->Create(nullptr, {"B.H99", "Sở B", "", "department", "H99", "", false}).ok());
    auto admin = auth_->CreateUser(nullptr, {"qt.c", "mat-khau-1", "QT C", "admin", "C.H99"});
    ASSERT_TRUE(admin.ok()) << admin.status().ToString();
    admin_ = *admin;
    auto other = auth_->CreateUser(nullptr, {"qt.b", "mat-khau-1", "QT B", "admin", "B.H99"});
    ASSERT_TRUE(other.ok());
    other_admin_ = *other;
    auto leader = auth_->CreateUser(nullptr, {"ld.c", "mat-khau-1", "LD C", "leader", "C.H99"});
    ASSERT_TRUE(leader.ok());
    leader_ = *leader;
    ASSERT_TRUE(agencies_->AddCounter(&admin_, "C.H99", 1, "Quầy 1", "2.1").ok());
  }
  void TearDown() override {
    db_->Close();
    std::filesystem::remove_all(dir_);
  }

  storage::CounterRecord Counter(int number) {
    auto list = agencies_->ListCounters(admin_, "C.H99");
    EXPECT_TRUE(list.ok()) << list.status().ToString();
    if (list.ok()) {
      for (const auto& k : *list)
        if (k.number == number) return k;
    }
    ADD_FAILURE() << "no counter " << number;
    return {};
  }

  int64_t AuditCount(const std::string& action) { return storage::AuditCount(*db_, action); }

  FakeClock clock_{1'750'000'000};
  std::filesystem::path dir_;
  std::unique_ptr<storage::Database> db_;
  std::unique_ptr<AuthService> auth_;
  std::unique_ptr<AgencyService> agencies_;
  Principal admin_, other_admin_, leader_;
};

TEST_F(AgencyCountersTest, AddNormalisesTheFieldList) {
  auto added = agencies_->AddCounter(&admin_, "C.H99", 2, "Quầy 2", " 2.2 ,, 2.3,2.2 ");
  ASSERT_TRUE(added.ok()) << added.status().ToString();
  EXPECT_EQ(Counter(2).fields, "2.2,2.3");
  auto bad = agencies_->AddCounter(&admin_, "C.H99", 3, "Quầy 3", "2.2; DROP");
  EXPECT_EQ(bad.status().field(), "fields");
  auto dup = agencies_->AddCounter(&admin_, "C.H99", 2, "Quầy 2 nữa", "");
  EXPECT_EQ(dup.status().reason(), "already_exists");
  EXPECT_EQ(agencies_->ListCounters(admin_, "C.H99")->size(), 2u);
}

TEST_F(AgencyCountersTest, UpdateChangesNameAndFieldsAndIsAudited) {
  CounterPatch patch;
  patch.name = "Quầy Tư pháp";
  patch.fields = "2.1, 2.4";
  auto updated = agencies_->UpdateCounter(admin_, "C.H99", 1, patch);
  ASSERT_TRUE(updated.ok()) << updated.status().ToString();
  auto k = Counter(1);
  EXPECT_EQ(k.name, "Quầy Tư pháp");
  EXPECT_EQ(k.fields, "2.1,2.4");
  EXPECT_TRUE(k.active);
  EXPECT_EQ(AuditCount("counter.update"), 1);

  // Serving no field at all is allowed (a general counter).
  CounterPatch none;
  none.fields = "";
  ASSERT_TRUE(agencies_->UpdateCounter(admin_, "C.H99", 1, none).ok());
  EXPECT_EQ(Counter(1).fields, "");
}

TEST_F(AgencyCountersTest, DeactivateKeepsTheCounterAndCanBeUndone) {
  ASSERT_TRUE(agencies_->DeactivateCounter(admin_, "C.H99", 1).ok());
  EXPECT_FALSE(Counter(1).active);
  EXPECT_EQ(Counter(1).name, "Quầy 1");
  CounterPatch back;
  back.active = true;
  ASSERT_TRUE(agencies_->UpdateCounter(admin_, "C.H99", 1, back).ok());
  EXPECT_TRUE(Counter(1).active);
  EXPECT_EQ(AuditCount("counter.update"), 2);
}

TEST_F(AgencyCountersTest, RefusedChangesWriteNothing) {
  CounterPatch patch;
  patch.name = "Đổi tên";
  // Not an admin; an admin outside the centre's subtree; an unknown counter; bad input.
  EXPECT_EQ(agencies_->UpdateCounter(leader_, "C.H99", 1, patch).status().code(),
            Code::kPermissionDenied);
  EXPECT_EQ(agencies_->UpdateCounter(other_admin_, "C.H99", 1, patch).status().code(),
            Code::kPermissionDenied);
  EXPECT_EQ(agencies_->DeactivateCounter(other_admin_, "C.H99", 1).code(), Code::kPermissionDenied);
  auto unknown = agencies_->UpdateCounter(admin_, "C.H99", 9, patch);
  EXPECT_EQ(unknown.status().code(), Code::kNotFound);
  EXPECT_EQ(unknown.status().field(), "number");
  CounterPatch bad;
  bad.fields = "2.1 2.2";
  EXPECT_EQ(agencies_->UpdateCounter(admin_, "C.H99", 1, bad).status().field(), "fields");
  CounterPatch empty_name;
  empty_name.name = "";
  EXPECT_EQ(agencies_->UpdateCounter(admin_, "C.H99", 1, empty_name).status().field(), "name");
  auto k = Counter(1);
  EXPECT_EQ(k.name, "Quầy 1");
  EXPECT_EQ(k.fields, "2.1");
  EXPECT_TRUE(k.active);
  EXPECT_EQ(AuditCount("counter.update"), 0);
}

}  // namespace
}  // namespace motcua::service
