// The postal store against both drivers (the PostgreSQL half needs MOTCUA_TEST_PG_URL). What
// matters most: a duplicate carrier event is skipped without aborting the transaction, so the
// rest of a push still commits on PostgreSQL too.
#include "storage/postal_store.h"

#include <gtest/gtest.h>

#include "storage/dossier_store.h"
#include "storage/migrations.h"
#include "storage/test_database.h"

namespace motcua::storage {
namespace {

constexpr int64_t kT0 = 1'752'476'400;  // 2025-07-14 14:00 in Vietnam

class PostalStoreTest : public ::testing::TestWithParam<Dialect> {
 protected:
  void SetUp() override {
    if (GetParam() == Dialect::kPostgres && PostgresTestUrl() == nullptr) {
      GTEST_SKIP() << "MOTCUA_TEST_PG_URL is not set";
    }
    Status prepared = location_.Prepare(GetParam(), "ps");
    ASSERT_TRUE(prepared.ok()) << prepared.ToString();
    auto db = OpenDatabase(DatabaseOptions(location_.url()));
    ASSERT_TRUE(db.ok()) << db.status().ToString();
    db_ = std::move(db).value();
    auto migrated = Migrate(*db_);
    ASSERT_TRUE(migrated.ok()) << migrated.status().ToString();
    Status st = db_->Write([&](Connection& c) -> Status {
      MOTCUA_RETURN_IF_ERROR(
          c.Exec("INSERT INTO agencies (id, code, name, type, parent_id, path, created_at, "
                 "updated_at) VALUES (1, 'H12', 'UBND tỉnh', 'province', NULL, '/1/', 0, 0)")
              .status());
      DossierRecord d;
      d.code = "H12-250714-0001";
      d.procedure_code = "1.001234";
      d.procedure_version = 1;
      d.agency_id = 1;
      d.channel = "counter";
      d.applicant = R"({"type":"citizen","full_name":"Nguyễn Văn An"})";
      d.status = "returned";
      d.submitted_at = kT0;
      d.updated_at = kT0;
      MOTCUA_ASSIGN_OR_RETURN(d, InsertDossier(c, d));
      dossier_id_ = d.id;
      return Status::Ok();
    });
    ASSERT_TRUE(st.ok()) << st.ToString();
  }
  void TearDown() override {
    if (db_) db_->Close();
    location_.Remove();
  }

  PostalShipmentRecord Shipment(const std::string& tracking) {
    PostalShipmentRecord s;
    s.dossier_id = dossier_id_;
    s.direction = "outbound";
    s.carrier = "vnpost";
    s.tracking_number = tracking;
    s.status = "recorded";
    s.recorded_at = kT0;
    return s;
  }

  DialectTestLocation location_;
  std::unique_ptr<Database> db_;
  int64_t dossier_id_ = 0;
};

TEST_P(PostalStoreTest, ADuplicateEventIsSkippedAndTheTransactionGoesOn) {
  PostalShipmentRecord s;
  ASSERT_TRUE(db_->Write([&](Connection& c) -> Status {
                   MOTCUA_ASSIGN_OR_RETURN(s, InsertPostalShipment(c, Shipment("EV123456785VN")));
                   return Status::Ok();
                 })
                  .ok());
  PostalEventRecord e;
  e.shipment_id = s.id;
  e.carrier_event_id = "E1";
  e.event_code = "delivered";
  e.occurred_at = kT0 + 86400;
  e.received_at = kT0 + 86401;
  bool first = false, second = true;
  Status st = db_->Write([&](Connection& c) -> Status {
    MOTCUA_ASSIGN_OR_RETURN(first, InsertPostalEvent(c, e));
    MOTCUA_ASSIGN_OR_RETURN(second, InsertPostalEvent(c, e));
    // Still usable after the skipped duplicate.
    return UpdateShipmentStatus(c, s.id, "delivered", e.occurred_at);
  });
  ASSERT_TRUE(st.ok()) << st.ToString();
  EXPECT_TRUE(first);
  EXPECT_FALSE(second);
  ASSERT_TRUE(db_->Read([&](Connection& c) -> Status {
                   MOTCUA_ASSIGN_OR_RETURN(auto events, ListPostalEvents(c, s.id));
                   EXPECT_EQ(events.size(), 1u);
                   MOTCUA_ASSIGN_OR_RETURN(auto found,
                                           FindPostalShipment(c, "vnpost", "EV123456785VN"));
                   EXPECT_TRUE(found);
                   if (found) {
                     EXPECT_EQ(found->status, "delivered");
                     EXPECT_EQ(found->last_event_at, e.occurred_at);
                   }
                   return Status::Ok();
                 })
                  .ok());
}

TEST_P(PostalStoreTest, OneNumberNamesOneParcelPerCarrier) {
  ASSERT_TRUE(db_->Write([&](Connection& c) {
                   return InsertPostalShipment(c, Shipment("EV123456785VN")).status();
                 })
                  .ok());
  Status again = db_->Write(
      [&](Connection& c) { return InsertPostalShipment(c, Shipment("EV123456785VN")).status(); });
  EXPECT_EQ(again.code(), Code::kConflict);
  auto other = Shipment("EV123456785VN");
  other.carrier = "viettelpost";
  EXPECT_TRUE(
      db_->Write([&](Connection& c) { return InsertPostalShipment(c, other).status(); }).ok());
}

TEST_P(PostalStoreTest, RegistrationAndOpenParcels) {
  PostalShipmentRecord a, b;
  ASSERT_TRUE(db_->Write([&](Connection& c) -> Status {
                   MOTCUA_ASSIGN_OR_RETURN(a, InsertPostalShipment(c, Shipment("EV123456785VN")));
                   MOTCUA_ASSIGN_OR_RETURN(b, InsertPostalShipment(c, Shipment("RR473124829GB")));
                   MOTCUA_RETURN_IF_ERROR(MarkShipmentRegistered(c, a.id, kT0 + 10));
                   MOTCUA_RETURN_IF_ERROR(MarkShipmentRegistered(c, b.id, kT0 + 20));
                   return UpdateShipmentStatus(c, b.id, "returned", kT0 + 30);
                 })
                  .ok());
  ASSERT_TRUE(db_->Read([&](Connection& c) -> Status {
                   MOTCUA_ASSIGN_OR_RETURN(auto pending,
                                           ListUnregisteredShipments(c, "vnpost", 10));
                   EXPECT_TRUE(pending.empty());
                   MOTCUA_ASSIGN_OR_RETURN(
                       auto open, ListOpenShipments(c, "vnpost", {"delivered", "returned"}, 10));
                   EXPECT_EQ(open.size(), 1u);
                   if (!open.empty()) {
                     EXPECT_EQ(open[0].id, a.id);
                     EXPECT_EQ(open[0].status, "registered");
                     EXPECT_EQ(open[0].registered_at, kT0 + 10);
                   }
                   MOTCUA_ASSIGN_OR_RETURN(auto all, ListPostalShipments(c, dossier_id_));
                   EXPECT_EQ(all.size(), 2u);
                   return Status::Ok();
                 })
                  .ok());
}

INSTANTIATE_TEST_SUITE_P(Engines, PostalStoreTest,
                         ::testing::Values(Dialect::kSqlite, Dialect::kPostgres),
                         [](const auto& info) {
                           return info.param == Dialect::kSqlite ? "Sqlite" : "Postgres";
                         });

}  // namespace
}  // namespace motcua::storage
