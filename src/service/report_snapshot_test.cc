// The persisted report index (docs/decisions/0022) and the refresh's safety window: a snapshot
// gives the same numbers as a full load, the replay after it picks up what changed (including a
// row committed late with an older updated_at), and a snapshot that is corrupt, of another
// format, schema or database is ignored for a full load. Real SQLite; a thin decorator counts
// the rows each refresh fetches, which tells a snapshot load from a full one.
#include "service/report_snapshot.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <functional>
#include <memory>
#include <string>

#include "common/clock.h"
#include "service/report_service.h"
#include "service/report_synthetic.h"
#include "storage/database.h"
#include "storage/test_database.h"

namespace motcua::service {
namespace {

using domain::LocalDate;

int64_t At(LocalDate d, int hour, int minute = 0) {
  return domain::StartOfLocalDay(d) + hour * 3600 + minute * 60;
}

class CountingConnection : public storage::Connection {
 public:
  CountingConnection(storage::Connection& inner, std::atomic<size_t>& fetched)
      : inner_(inner), fetched_(fetched) {}
  Result<int64_t> Exec(std::string_view sql, const storage::Params& params) override {
    return inner_.Exec(sql, params);
  }
  Result<storage::Rows> Query(std::string_view sql, const storage::Params& params) override {
    auto rows = inner_.Query(sql, params);
    if (rows.ok()) fetched_ += rows->size();
    return rows;
  }
  Status ExecScript(std::string_view sql) override { return inner_.ExecScript(sql); }
  storage::Dialect dialect() const override { return inner_.dialect(); }

 private:
  storage::Connection& inner_;
  std::atomic<size_t>& fetched_;
};

class CountingDatabase : public storage::Database {
 public:
  explicit CountingDatabase(storage::Database& inner) : inner_(inner) {}
  Status Write(const std::function<Status(storage::Connection&)>& fn) override {
    return inner_.Write(fn);
  }
  Status Read(const std::function<Status(storage::Connection&)>& fn) override {
    return inner_.Read([&](storage::Connection& c) {
      CountingConnection counting(c, fetched);
      return fn(counting);
    });
  }
  storage::Dialect dialect() const override { return inner_.dialect(); }
  Status Ping() override { return inner_.Ping(); }
  void Close() override {}
  std::atomic<size_t> fetched{0};

 private:
  storage::Database& inner_;
};

constexpr int64_t kRows = 6000;

class ReportSnapshotTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto db = storage::OpenTestDatabase("repsnap", &dir_);
    ASSERT_TRUE(db.ok()) << db.status().ToString();
    db_ = std::move(db).value();
    counting_ = std::make_unique<CountingDatabase>(*db_);
    snapshot_ = (dir_ / "t.db.reports").string();
    clock_.Set(At({2026, 11, 1}, 9));
    SyntheticOptions o;
    o.count = kRows;
    o.from = domain::StartOfLocalDay({2025, 7, 1});
    o.to = domain::StartOfLocalDay({2026, 10, 1});
    o.departments = 5;
    o.communes = 10;
    o.procedures = 40;
    o.fields = 7;
    ASSERT_TRUE(GenerateSyntheticDossiers(*db_, o).ok());
  }
  void TearDown() override {
    db_->Close();
    std::filesystem::remove_all(dir_);
  }
  std::unique_ptr<ReportService> Service() {
    ReportServiceOptions o;
    o.snapshot_path = snapshot_;
    o.safety_window_seconds = 120;
    return std::make_unique<ReportService>(*counting_, clock_, nullptr, o);
  }
  // Loads a fresh service's index and returns how many rows it fetched.
  size_t Load(ReportService& s) {
    const size_t before = counting_->fetched;
    EXPECT_TRUE(s.RefreshIndex().ok());
    return counting_->fetched - before;
  }
  Status Exec(const std::string& sql, const storage::Params& p = {}) {
    return db_->Write([&](storage::Connection& c) { return c.Exec(sql, p).status(); });
  }
  int64_t MaxUpdatedAt() {
    int64_t v = 0;
    EXPECT_TRUE(db_->Read([&](storage::Connection& c) -> Status {
                     MOTCUA_ASSIGN_OR_RETURN(auto r,
                                             c.QueryOne("SELECT MAX(updated_at) FROM dossiers"));
                     v = r ? r->Int(0) : 0;
                     return Status::Ok();
                   })
                    .ok());
    return v;
  }
  // Every grouping of the index equals the SQL reference, and `other` (when given) gives the
  // same numbers too.
  void ExpectExact(ReportService& s) {
    TimelinessQuery q;
    q.from = {2025, 10, 1};
    q.to = {2026, 10, 1};
    q.as_of = At({2026, 9, 30}, 16);
    for (std::string g : {"", "agency", "field", "procedure", "channel", "quarter"}) {
      q.group_by = g;
      q.engine = ReportEngine::kIndex;
      auto a = s.Timeliness(nullptr, q);
      q.engine = ReportEngine::kSql;
      auto b = s.Timeliness(nullptr, q);
      ASSERT_TRUE(a.ok() && b.ok());
      EXPECT_EQ(a->total, b->total) << g;
      ASSERT_EQ(a->groups.size(), b->groups.size()) << g;
      for (size_t i = 0; i < a->groups.size(); ++i) {
        EXPECT_EQ(a->groups[i].key, b->groups[i].key) << g;
        EXPECT_EQ(a->groups[i].label, b->groups[i].label) << g;
        EXPECT_EQ(a->groups[i].counts, b->groups[i].counts) << g << " " << a->groups[i].key;
      }
    }
  }
  std::string Temporary() const { return snapshot_ + ".tmp." + std::to_string(::getpid()); }
  void Corrupt(std::streamoff at) {
    std::fstream f(snapshot_, std::ios::in | std::ios::out | std::ios::binary);
    f.seekg(at);
    char c = 0;
    f.read(&c, 1);
    c = static_cast<char>(c ^ 0x5a);
    f.seekp(at);
    f.write(&c, 1);
  }

  std::filesystem::path dir_;
  std::unique_ptr<storage::Database> db_;
  std::unique_ptr<CountingDatabase> counting_;
  std::string snapshot_;
  FakeClock clock_{0};
};

TEST_F(ReportSnapshotTest, RestartFromTheSnapshotGivesTheNumbersOfAFullLoad) {
  auto first = Service();
  EXPECT_GE(Load(*first), static_cast<size_t>(kRows));  // no snapshot yet: the full load
  ExpectExact(*first);
  ASSERT_TRUE(first->SaveIndexSnapshot().ok());
  ASSERT_TRUE(std::filesystem::exists(snapshot_));
  EXPECT_FALSE(std::filesystem::exists(Temporary()));
  first.reset();

  auto second = Service();
  // A sample of at most 256 rows checked against the database, and the safety window.
  EXPECT_LT(Load(*second), 600u);
  EXPECT_TRUE(second->IndexLoaded());
  EXPECT_EQ(second->IndexedRows(), static_cast<size_t>(kRows));
  // Agency, procedure and channel codes come back from the file's dictionaries.
  ExpectExact(*second);
}

TEST_F(ReportSnapshotTest, ReplayPicksUpWhatChangedAfterTheSnapshot) {
  auto first = Service();
  Load(*first);
  ASSERT_TRUE(first->SaveIndexSnapshot().ok());
  first.reset();
  const int64_t newest = MaxUpdatedAt();
  // While the server was down: a dossier finished, a new one received, and one whose
  // transaction began before the newest change seen but committed after the snapshot (older
  // updated_at, an id below a newer one).
  ASSERT_TRUE(Exec("UPDATE dossiers SET status = 'finished', finished_at = received_at + 60, "
                   "updated_at = ? WHERE id = (SELECT MIN(id) FROM dossiers WHERE status = "
                   "'in_process' AND legal_due_at IS NOT NULL)",
                   {newest + 10})
                  .ok());
  const std::string insert =
      "INSERT INTO dossiers (id, code, procedure_code, procedure_version, agency_id, channel, "
      "applicant, status, submitted_at, received_at, legal_due_at, updated_at) VALUES (?, ?, "
      "'9.000001', 1, 2, 'online', '{}', 'in_process', ?, ?, ?, ?)";
  const int64_t t = At({2026, 9, 2}, 9);
  ASSERT_TRUE(Exec(insert, {int64_t{kRows + 20}, "NEW-20", t, t, t + 7 * 86400, newest + 20}).ok());
  ASSERT_TRUE(
      Exec(insert, {int64_t{kRows + 10}, "LATE-10", t, t, t + 7 * 86400, newest - 30}).ok());

  auto second = Service();
  EXPECT_LT(Load(*second), 600u);
  EXPECT_EQ(second->IndexedRows(), static_cast<size_t>(kRows + 2));
  ExpectExact(*second);
}

// Without any snapshot: a transaction that commits after a later one (PostgreSQL without the
// global write lock) leaves a row with an id below MAX(id) and an updated_at below
// MAX(updated_at). The fingerprint does not change and a scan from the last updated_at would
// skip it; the safety window does not.
TEST_F(ReportSnapshotTest, RefreshFindsARowCommittedLateWithAnOlderUpdatedAt) {
  const int64_t t = At({2026, 9, 2}, 9);
  const std::string insert =
      "INSERT INTO dossiers (id, code, procedure_code, procedure_version, agency_id, channel, "
      "applicant, status, submitted_at, received_at, legal_due_at, updated_at) VALUES (?, ?, "
      "'9.000001', 1, 2, 'counter', '{}', 'in_process', ?, ?, ?, ?)";
  const int64_t now = At({2026, 11, 20}, 10);  // after every generated change
  ASSERT_TRUE(Exec(insert, {int64_t{kRows + 2}, "B-2", t, t, t + 86400, now}).ok());
  clock_.Set(now + 5);
  ReportServiceOptions o;
  o.safety_window_seconds = 120;
  ReportService s(*db_, clock_, nullptr, o);
  ASSERT_TRUE(s.RefreshIndex().ok());
  EXPECT_EQ(s.IndexedRows(), static_cast<size_t>(kRows + 1));
  // Committed now, stamped 40 s before the newest row already indexed; id below it.
  ASSERT_TRUE(Exec(insert, {int64_t{kRows + 1}, "A-1", t, t, t + 86400, now - 40}).ok());
  // And a change to an indexed row, stamped before the newest one as well.
  ASSERT_TRUE(Exec("UPDATE dossiers SET status = 'withdrawn', finished_at = ?, updated_at = ? "
                   "WHERE id = ?",
                   {t + 3600, now - 50, int64_t{kRows + 2}})
                  .ok());
  clock_.Set(now + 10);
  ASSERT_TRUE(s.RefreshIndex().ok());
  EXPECT_EQ(s.IndexedRows(), static_cast<size_t>(kRows + 2));
  ExpectExact(s);
  // A full safety window later nothing stamped before can still commit: an unchanged
  // fingerprint is trusted again, and the numbers stay exact.
  clock_.Set(now + 200);
  ASSERT_TRUE(s.RefreshIndex().ok());
  ASSERT_TRUE(s.RefreshIndex().ok());
  ExpectExact(s);
}

TEST_F(ReportSnapshotTest, CorruptSnapshotIsIgnoredForAFullLoad) {
  auto first = Service();
  Load(*first);
  ASSERT_TRUE(first->SaveIndexSnapshot().ok());
  first.reset();
  const auto size = std::filesystem::file_size(snapshot_);
  Corrupt(static_cast<std::streamoff>(size / 2));  // a bit in the rows
  auto second = Service();
  EXPECT_GE(Load(*second), static_cast<size_t>(kRows));
  ExpectExact(*second);
  // The full load is written again; cut short, it is refused as well.
  ASSERT_TRUE(second->SaveIndexSnapshot().ok());
  second.reset();
  std::filesystem::resize_file(snapshot_, size - 100);
  auto third = Service();
  EXPECT_GE(Load(*third), static_cast<size_t>(kRows));
  ExpectExact(*third);
}

TEST_F(ReportSnapshotTest, SnapshotOfAnotherDatabaseOrStateIsIgnored) {
  auto first = Service();
  Load(*first);
  ASSERT_TRUE(first->SaveIndexSnapshot().ok());
  first.reset();
  const std::string saved = snapshot_ + ".saved";
  std::filesystem::copy_file(snapshot_, saved);

  // Same file, but the database was created at another instant: another database.
  ASSERT_TRUE(Exec("UPDATE schema_migrations SET applied_at = '2020-01-01T00:00:00Z' WHERE "
                   "version = (SELECT MIN(version) FROM schema_migrations)")
                  .ok());
  auto second = Service();
  EXPECT_GE(Load(*second), static_cast<size_t>(kRows));
  ExpectExact(*second);
  ASSERT_TRUE(second->SaveIndexSnapshot().ok());  // the new identity
  second.reset();
  std::filesystem::copy_file(snapshot_, saved, std::filesystem::copy_options::overwrite_existing);

  // Rows that differ from the file though their updated_at says they did not change (a
  // database restored or edited behind the server's back): the sample catches them.
  ASSERT_TRUE(Exec("UPDATE dossiers SET channel = 'postal' WHERE id % 3 = 0").ok());
  auto third = Service();
  EXPECT_GE(Load(*third), static_cast<size_t>(kRows));
  ExpectExact(*third);
  third.reset();

  // A database behind the snapshot's watermark (restored from an older backup).
  std::filesystem::copy_file(saved, snapshot_, std::filesystem::copy_options::overwrite_existing);
  ASSERT_TRUE(Exec("DELETE FROM dossiers WHERE id > ?", {int64_t{kRows - 10}}).ok());
  auto fourth = Service();
  EXPECT_GE(Load(*fourth), static_cast<size_t>(kRows - 10));
  EXPECT_EQ(fourth->IndexedRows(), static_cast<size_t>(kRows - 10));
  ExpectExact(*fourth);
}

TEST_F(ReportSnapshotTest, OtherFormatOrSchemaIsRefusedByTheReader) {
  auto first = Service();
  Load(*first);
  ASSERT_TRUE(first->SaveIndexSnapshot().ok());
  storage::ReportDatabaseIdentity identity;
  ASSERT_TRUE(db_->Read([&](storage::Connection& c) -> Status {
                   MOTCUA_ASSIGN_OR_RETURN(identity, storage::ReadReportDatabaseIdentity(c));
                   return Status::Ok();
                 })
                  .ok());
  ReportSnapshotStamp stamp;
  stamp.schema_version = identity.schema_version;
  stamp.identity = ReportIdentityDigest(identity);
  {
    ReportIndex ix;
    EXPECT_TRUE(ReadReportSnapshot(snapshot_, stamp, ix).ok());
    EXPECT_EQ(ix.closed.size() + ix.open.size() - ix.dead, static_cast<size_t>(kRows));
    // The summaries come from the file, and are those the rows give.
    ASSERT_FALSE(ix.closed_sums.empty());
    const auto closed_sums = ix.closed_sums;
    const auto open_sums = ix.open_sums;
    ix.RebuildSummaries();
    auto same = [](const std::vector<ReportIndex::Summary>& a,
                   const std::vector<ReportIndex::Summary>& b) {
      if (a.size() != b.size()) return false;
      for (size_t i = 0; i < a.size(); ++i) {
        auto trimmed = [](std::vector<uint32_t> h) {  // grown with zeros where values appeared
          while (!h.empty() && h.back() == 0) h.pop_back();
          return h;
        };
        if (a[i].total != b[i].total || trimmed(a[i].by_agency) != trimmed(b[i].by_agency) ||
            trimmed(a[i].by_proc) != trimmed(b[i].by_proc) ||
            trimmed(a[i].by_channel) != trimmed(b[i].by_channel) ||
            a[i].min_entry != b[i].min_entry || a[i].max_close != b[i].max_close)
          return false;
      }
      return true;
    };
    EXPECT_TRUE(same(closed_sums, ix.closed_sums));
    EXPECT_TRUE(same(open_sums, ix.open_sums));
  }
  {
    ReportIndex ix;
    ReportSnapshotStamp newer = stamp;
    ++newer.schema_version;
    EXPECT_EQ(ReadReportSnapshot(snapshot_, newer, ix).reason(), "snapshot_schema");
    EXPECT_TRUE(ix.closed.empty() && ix.open.empty());
  }
  {
    ReportIndex ix;
    EXPECT_EQ(ReadReportSnapshot(snapshot_ + ".none", stamp, ix).code(), Code::kNotFound);
  }
  Corrupt(8);  // the format version
  {
    ReportIndex ix;
    EXPECT_EQ(ReadReportSnapshot(snapshot_, stamp, ix).reason(), "snapshot_format");
  }
  Corrupt(8);  // restored
  Corrupt(0);  // the magic
  {
    ReportIndex ix;
    EXPECT_EQ(ReadReportSnapshot(snapshot_, stamp, ix).reason(), "snapshot_corrupt");
  }
}

TEST_F(ReportSnapshotTest, AFailedWriteKeepsThePreviousSnapshot) {
  auto first = Service();
  Load(*first);
  ASSERT_TRUE(first->SaveIndexSnapshot().ok());
  const auto before = std::filesystem::file_size(snapshot_);
  ASSERT_TRUE(Exec("UPDATE dossiers SET updated_at = updated_at + 1000000000 WHERE id = 5").ok());
  ASSERT_TRUE(first->RefreshIndex().ok());
  // The temporary file cannot be created: the write fails and the old snapshot stays whole.
  std::filesystem::create_directory(Temporary());
  EXPECT_FALSE(first->SaveIndexSnapshot().ok());
  EXPECT_EQ(std::filesystem::file_size(snapshot_), before);
  std::filesystem::remove(Temporary());
  auto second = Service();
  EXPECT_LT(Load(*second), 600u);  // the old snapshot, then the replay of the changed row
  ExpectExact(*second);
  ASSERT_TRUE(second->SaveIndexSnapshot().ok());  // changed since its snapshot: written
  // An unchanged index is not written again.
  std::filesystem::remove(snapshot_);
  ASSERT_TRUE(second->SaveIndexSnapshot().ok());
  EXPECT_FALSE(std::filesystem::exists(snapshot_));
}

// The same on PostgreSQL (identity from schema_migrations, the sample by id, the window query):
// a restart from the snapshot replays a change committed late with an older updated_at.
TEST(ReportSnapshotChecksum, Crc32cInHardwareAndByTableAgree) {
  const std::string check = "123456789";  // the standard check value of CRC-32C
  EXPECT_EQ(ReportSnapshotCrc32c(check.data(), check.size(), true), 0xE3069283u);
  EXPECT_EQ(ReportSnapshotCrc32c(check.data(), check.size(), false), 0xE3069283u);
  std::string bytes;
  for (int i = 0; i < 100003; ++i) bytes.push_back(static_cast<char>((i * 2654435761u) >> 13));
  for (size_t n : {size_t{0}, size_t{1}, size_t{7}, size_t{8}, size_t{9}, bytes.size()})
    EXPECT_EQ(ReportSnapshotCrc32c(bytes.data(), n, true),
              ReportSnapshotCrc32c(bytes.data(), n, false))
        << n;
  const uint32_t before = ReportSnapshotCrc32c(bytes.data(), bytes.size());
  bytes[50000] ^= 0x10;
  EXPECT_NE(ReportSnapshotCrc32c(bytes.data(), bytes.size()), before);
}

TEST(ReportSnapshotPostgres, RestartReplaysALateRow) {
  const char* base = storage::PostgresTestUrl();
  if (base == nullptr) GTEST_SKIP() << "MOTCUA_TEST_PG_URL is not set";
  const std::string schema = "repsnap_" + std::to_string(::getpid());
  {
    auto admin = storage::OpenDatabase(storage::DatabaseOptions(base));
    ASSERT_TRUE(admin.ok()) << admin.status().ToString();
    ASSERT_TRUE((*admin)
                    ->Write([&](storage::Connection& c) {
                      return c.ExecScript("DROP SCHEMA IF EXISTS " + schema +
                                          " CASCADE; CREATE SCHEMA " + schema);
                    })
                    .ok());
    (*admin)->Close();
  }
  const std::string url = std::string(base) +
                          (std::string(base).find('?') == std::string::npos ? "?" : "&") +
                          "options=-csearch_path%3D" + schema;
  auto opened = storage::OpenDatabase(storage::DatabaseOptions(url));
  ASSERT_TRUE(opened.ok()) << opened.status().ToString();
  auto db = std::move(opened).value();
  ASSERT_TRUE(storage::Migrate(*db).ok());
  SyntheticOptions o;
  o.count = 3000;
  o.from = domain::StartOfLocalDay({2026, 1, 1});
  o.to = domain::StartOfLocalDay({2026, 9, 1});
  o.departments = 4;
  o.communes = 6;
  o.procedures = 30;
  o.fields = 5;
  ASSERT_TRUE(GenerateSyntheticDossiers(*db, o).ok());
  const std::string file =
      (std::filesystem::temp_directory_path() / (schema + ".reports")).string();
  std::filesystem::remove(file);
  FakeClock clock(At({2026, 11, 1}, 9));
  ReportServiceOptions options;
  options.snapshot_path = file;
  {
    ReportService first(*db, clock, nullptr, options);
    ASSERT_TRUE(first.RefreshIndex().ok());
    ASSERT_TRUE(first.SaveIndexSnapshot().ok());
  }
  int64_t newest = 0;
  ASSERT_TRUE(db->Read([&](storage::Connection& c) -> Status {
                  MOTCUA_ASSIGN_OR_RETURN(auto r,
                                          c.QueryOne("SELECT MAX(updated_at) FROM dossiers"));
                  newest = r ? r->Int(0) : 0;
                  return Status::Ok();
                }).ok());
  // Committed after the snapshot, stamped before its newest row (a late commit): a pending
  // dossier of the period withdrawn an hour after its reception.
  ASSERT_TRUE(db->Write([&](storage::Connection& c) {
                  return c
                      .Exec(
                          "UPDATE dossiers SET status = 'withdrawn', finished_at = received_at "
                          "+ 3600, updated_at = ? WHERE id = (SELECT MIN(id) FROM dossiers "
                          "WHERE status = 'in_process' AND id > 1500)",
                          {newest - 30})
                      .status();
                }).ok());
  CountingDatabase counting(*db);
  ReportService second(counting, clock, nullptr, options);
  ASSERT_TRUE(second.RefreshIndex().ok());
  EXPECT_LT(counting.fetched, 600u);  // from the snapshot, not a full load
  TimelinessQuery q;
  q.from = {2026, 2, 1};
  q.to = {2026, 8, 1};
  q.as_of = At({2026, 7, 31}, 16);
  q.group_by = "agency";
  auto a = second.Timeliness(nullptr, q);
  q.engine = ReportEngine::kSql;
  auto b = second.Timeliness(nullptr, q);
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(a->total, b->total);
  EXPECT_EQ(second.IndexedRows(), 3000u);
  std::filesystem::remove(file);
  db->Close();
}

}  // namespace
}  // namespace motcua::service
