// The workload query against both drivers. The PostgreSQL half needs MOTCUA_TEST_PG_URL
// (scripts/test-postgres.sh start prints one) and is skipped without it.
#include "storage/workload_store.h"

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <map>
#include <tuple>

#include "storage/dossier_store.h"
#include "storage/migrations.h"
#include "storage/test_database.h"

namespace motcua::storage {
namespace {

namespace fs = std::filesystem;

constexpr int64_t kT0 = 1'752'476'400;  // 2025-07-14 14:00 in Vietnam (07:00 UTC)
constexpr int32_t kDay0 = 20283;        // 2025-07-14 as a day number

// A province "/1/" with a centre "/1/2/" and a district "/1/3/"; officers 10 and 11 at the centre,
// 12 at the district; procedures HT1 (field HT) and DD1 (field DD).
class WorkloadStoreTest : public ::testing::TestWithParam<Dialect> {
 protected:
  void SetUp() override {
    if (GetParam() == Dialect::kPostgres && PostgresTestUrl() == nullptr) {
      GTEST_SKIP() << "MOTCUA_TEST_PG_URL is not set";
    }
    Status prepared = location_.Prepare(GetParam(), "wl");
    ASSERT_TRUE(prepared.ok()) << prepared.ToString();
    auto db = OpenDatabase(DatabaseOptions(location_.url()));
    ASSERT_TRUE(db.ok()) << db.status().ToString();
    db_ = std::move(db).value();
    auto migrated = Migrate(*db_);
    ASSERT_TRUE(migrated.ok()) << migrated.status().ToString();
    Status st = db_->Write([](Connection& c) -> Status {
      for (auto [id, code, path] : {std::tuple{1, "H12", "/1/"}, std::tuple{2, "C12", "/1/2/"},
                                    std::tuple{3, "X12", "/1/3/"}}) {
        MOTCUA_RETURN_IF_ERROR(
            c.Exec("INSERT INTO agencies (id, code, name, type, parent_id, path, created_at, "
                   "updated_at) VALUES (?, ?, ?, 'department', ?, ?, 0, 0)",
                   {int64_t{id}, code, code, id == 1 ? Value(nullptr) : Value(int64_t{1}), path})
                .status());
      }
      for (auto [id, name, agency] :
           {std::tuple{10, "Trần Thị Bình", 2}, std::tuple{11, "Lê Văn Cường", 2},
            std::tuple{12, "Phạm Thị Dung", 3}}) {
        MOTCUA_RETURN_IF_ERROR(
            c.Exec("INSERT INTO users (id, username, password_hash, full_name, role, agency_id, "
                   "created_at) VALUES (?, ?, 'x', ?, 'reception_officer', ?, 0)",
                   {int64_t{id}, fmt::format("u{}", id), name, int64_t{agency}})
                .status());
      }
      for (auto [code, field] : {std::pair{"HT1", "HT"}, std::pair{"DD1", "DD"}}) {
        MOTCUA_RETURN_IF_ERROR(
            c.Exec("INSERT INTO procedures (code, name, field_code, level, online_level, "
                   "current_version, updated_at) VALUES (?, ?, ?, 'province', 'none', 1, 0)",
                   {code, code, field})
                .status());
      }
      return Status::Ok();
    });
    ASSERT_TRUE(st.ok()) << st.ToString();
  }

  void TearDown() override {
    if (db_) db_->Close();
    location_.Remove();
  }

  // A dossier received at `received` by `created_by` (counter) or, when null, by `history_actor`
  // through a "received" history row (online).
  void Add(const std::string& code, const std::string& procedure, int64_t agency,
           std::optional<int64_t> received, std::optional<int64_t> created_by,
           std::optional<int64_t> history_actor = std::nullopt) {
    Status st = db_->Write([&](Connection& c) -> Status {
      DossierRecord d;
      d.code = code;
      d.procedure_code = procedure;
      d.procedure_version = 1;
      d.agency_id = agency;
      d.channel = created_by ? "counter" : "online";
      d.applicant = "{}";
      d.status = received ? "received" : "submitted";
      d.submitted_at = kT0 - 86400 * 3;
      d.received_at = received;
      d.created_by = created_by;
      d.updated_at = kT0;
      MOTCUA_ASSIGN_OR_RETURN(auto inserted, InsertDossier(c, d));
      if (history_actor) {
        DossierHistoryRecord h;
        h.dossier_id = inserted.id;
        h.at = received.value_or(kT0);
        h.actor_user_id = history_actor;
        h.actor_name = "x";
        h.actor_role = "reception_officer";
        h.action = "receive";
        h.from_status = "submitted";
        h.to_status = "received";
        MOTCUA_RETURN_IF_ERROR(AppendDossierHistory(c, h).status());
      }
      return Status::Ok();
    });
    ASSERT_TRUE(st.ok()) << st.ToString();
  }

  std::vector<WorkloadCell> List(const std::string& path, int64_t from, int64_t to) {
    std::vector<WorkloadCell> out;
    Status st = db_->Read([&](Connection& c) -> Status {
      MOTCUA_ASSIGN_OR_RETURN(out, ListWorkload(c, WorkloadFilter{path, from, to}));
      return Status::Ok();
    });
    EXPECT_TRUE(st.ok()) << st.ToString();
    return out;
  }

  DialectTestLocation location_;
  std::unique_ptr<Database> db_;
};

using Key = std::tuple<std::string, int32_t, int64_t>;  // field, day, officer (0 when unknown)

std::map<Key, int64_t> ByKey(const std::vector<WorkloadCell>& cells) {
  std::map<Key, int64_t> out;
  for (const auto& c : cells)
    out[{c.field_code, c.day_number, c.officer_user_id.value_or(0)}] += c.dossiers;
  return out;
}

TEST_P(WorkloadStoreTest, GroupsByFieldLocalDayAndReceivingOfficer) {
  Add("C-1", "HT1", 2, kT0, 10);
  Add("C-2", "HT1", 2, kT0 + 3600, 10);
  Add("C-3", "HT1", 2, kT0 + 3600, 11);
  Add("C-4", "DD1", 2, kT0, 11);
  // 2025-07-14 23:30 local is still the 14th; 2025-07-15 00:30 local is the 15th.
  Add("C-5", "DD1", 2, kT0 + 9 * 3600 + 1800, 11);
  Add("C-6", "DD1", 2, kT0 + 10 * 3600 + 1800, 11);
  // Online, received later by officer 10 (no created_by): counted under the history's actor.
  Add("C-7", "HT1", 2, kT0 + 7200, std::nullopt, 10);
  // Not received yet, another agency, outside the period, unknown procedure.
  Add("C-8", "HT1", 2, std::nullopt, std::nullopt);
  Add("X-1", "HT1", 3, kT0, 12);
  Add("C-9", "HT1", 2, kT0 - 86400 * 10, 10);
  Add("C-10", "ZZ9", 2, kT0, 10);

  auto cells = List("/1/2/", kT0 - 86400, kT0 + 2 * 86400);
  auto m = ByKey(cells);
  std::map<Key, int64_t> want{{{"HT", kDay0, 10}, 3},
                              {{"HT", kDay0, 11}, 1},
                              {{"DD", kDay0, 11}, 2},
                              {{"DD", kDay0 + 1, 11}, 1},
                              {{"", kDay0, 10}, 1}};
  EXPECT_EQ(m, want);
  for (const auto& c : cells) {
    if (c.officer_user_id == 10) {
      EXPECT_EQ(c.officer_name, "Trần Thị Bình");
      EXPECT_EQ(c.officer_username, "u10");
    }
  }

  // The province sees the district's dossier too; the district only its own.
  auto all = ByKey(List("/1/", kT0 - 86400, kT0 + 2 * 86400));
  EXPECT_EQ((all[{"HT", kDay0, 12}]), 1);
  auto district = ByKey(List("/1/3/", kT0 - 86400, kT0 + 2 * 86400));
  EXPECT_EQ(district, (std::map<Key, int64_t>{{{"HT", kDay0, 12}, 1}}));

  // The end of the period is exclusive.
  auto first_day = ByKey(List("/1/2/", kT0, kT0 + 9 * 3600 + 1800));
  EXPECT_EQ((first_day[{"DD", kDay0, 11}]), 1);
  EXPECT_EQ(first_day.count({"DD", kDay0 + 1, 11}), 0u);
}

TEST_P(WorkloadStoreTest, EmptyWhenNothingWasReceived) {
  EXPECT_TRUE(List("/1/", kT0 - 86400, kT0 + 86400).empty());
}

INSTANTIATE_TEST_SUITE_P(Engines, WorkloadStoreTest,
                         ::testing::Values(Dialect::kSqlite, Dialect::kPostgres),
                         [](const auto& info) {
                           return info.param == Dialect::kSqlite ? "Sqlite" : "Postgres";
                         });

}  // namespace
}  // namespace motcua::storage
