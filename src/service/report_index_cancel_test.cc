// Cancelling the load of the report index (the server stopping during the first load): the scan
// stops within one page, the call says "cancelled", nothing of the part-loaded index is kept,
// and the next refresh loads it whole. Real SQLite underneath; a thin decorator only counts the
// rows the scan fetched, to request the stop at a known point and to measure how far the scan went
// on.
#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <functional>
#include <memory>
#include <stop_token>
#include <string>

#include "common/clock.h"
#include "service/report_service.h"
#include "service/report_synthetic.h"
#include "storage/database.h"
#include "storage/test_database.h"

namespace motcua::service {
namespace {

using domain::LocalDate;

// Forwards to a real connection and reports the size of every query result.
class CountingConnection : public storage::Connection {
 public:
  CountingConnection(storage::Connection& inner, const std::function<void(size_t)>& on_rows)
      : inner_(inner), on_rows_(on_rows) {}
  Result<int64_t> Exec(std::string_view sql, const storage::Params& params) override {
    return inner_.Exec(sql, params);
  }
  Result<storage::Rows> Query(std::string_view sql, const storage::Params& params) override {
    auto rows = inner_.Query(sql, params);
    if (rows.ok()) on_rows_(rows->size());
    return rows;
  }
  Status ExecScript(std::string_view sql) override { return inner_.ExecScript(sql); }
  storage::Dialect dialect() const override { return inner_.dialect(); }

 private:
  storage::Connection& inner_;
  const std::function<void(size_t)>& on_rows_;
};

// A real database whose reads count the rows fetched, and which requests a stop on `stop` once
// `stop_after_rows` have been fetched (0: never).
class CountingDatabase : public storage::Database {
 public:
  explicit CountingDatabase(storage::Database& inner) : inner_(inner) {}

  Status Write(const std::function<Status(storage::Connection&)>& fn) override {
    return inner_.Write(fn);
  }
  Status Read(const std::function<Status(storage::Connection&)>& fn) override {
    return inner_.Read([&](storage::Connection& c) {
      CountingConnection counting(c, on_rows_);
      return fn(counting);
    });
  }
  storage::Dialect dialect() const override { return inner_.dialect(); }
  Status Ping() override { return inner_.Ping(); }
  void Close() override {}  // the fixture closes the real database

  std::stop_source stop;
  size_t stop_after_rows = 0;
  std::atomic<size_t> fetched{0};
  std::atomic<size_t> fetched_when_stopped{0};

 private:
  storage::Database& inner_;
  std::function<void(size_t)> on_rows_ = [this](size_t n) {
    const size_t total = fetched += n;
    if (stop_after_rows > 0 && total >= stop_after_rows && !stop.stop_requested()) {
      fetched_when_stopped = total;
      stop.request_stop();
    }
  };
};

constexpr int kPage = 100;
constexpr int64_t kDossiers = 2000;

class ReportIndexCancelTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto db = storage::OpenTestDatabase("repcancel", &dir_);
    ASSERT_TRUE(db.ok()) << db.status().ToString();
    db_ = std::move(db).value();
    SyntheticOptions o;
    o.count = kDossiers;
    o.from = domain::StartOfLocalDay({2026, 1, 1});
    o.to = domain::StartOfLocalDay({2026, 3, 1});
    o.departments = 3;
    o.communes = 5;
    o.procedures = 20;
    o.fields = 4;
    ASSERT_TRUE(GenerateSyntheticDossiers(*db_, o).ok());
    counting_ = std::make_unique<CountingDatabase>(*db_);
    clock_.Set(domain::StartOfLocalDay({2026, 3, 20}) + 9 * 3600);
    ReportServiceOptions options;
    options.index_page_rows = kPage;
    reports_ = std::make_unique<ReportService>(*counting_, clock_, nullptr, options);
  }
  void TearDown() override {
    reports_.reset();
    counting_.reset();
    db_->Close();
    std::filesystem::remove_all(dir_);
  }
  // The index and the plain SQL engine agree on a report over the whole generated period.
  void ExpectIndexMatchesSql() {
    TimelinessQuery q;
    q.from = {2026, 1, 1};
    q.to = {2026, 4, 1};
    q.group_by = "agency";
    auto a = reports_->Timeliness(nullptr, q);
    q.engine = ReportEngine::kSql;
    auto b = reports_->Timeliness(nullptr, q);
    ASSERT_TRUE(a.ok()) << a.status().ToString();
    ASSERT_TRUE(b.ok()) << b.status().ToString();
    EXPECT_EQ(a->total, b->total);
    EXPECT_GT(a->total.total(), 0);
    ASSERT_EQ(a->groups.size(), b->groups.size());
    for (size_t i = 0; i < a->groups.size(); ++i)
      EXPECT_EQ(a->groups[i].counts, b->groups[i].counts);
  }

  std::filesystem::path dir_;
  std::unique_ptr<storage::Database> db_;
  std::unique_ptr<CountingDatabase> counting_;
  FakeClock clock_{0};
  std::unique_ptr<ReportService> reports_;
};

TEST_F(ReportIndexCancelTest, StopDuringTheFirstLoadEndsItWithinOnePage) {
  ASSERT_EQ(storage::RowCount(*db_, "dossiers"), kDossiers);
  counting_->stop_after_rows = 5 * kPage + 1;  // the version queries' rows, then five pages
  Status st = reports_->RefreshIndex(counting_->stop.get_token());
  EXPECT_EQ(st.code(), Code::kUnavailable);
  EXPECT_EQ(st.reason(), "cancelled");
  ASSERT_TRUE(counting_->stop.stop_requested());
  // The stop came in the middle of the load and no further page was read after it.
  EXPECT_LT(counting_->fetched_when_stopped.load(), static_cast<size_t>(kDossiers));
  EXPECT_EQ(counting_->fetched.load(), counting_->fetched_when_stopped.load());
  // Nothing of the part-loaded index is kept.
  EXPECT_FALSE(reports_->IndexLoaded());
  EXPECT_EQ(reports_->IndexedRows(), 0u);

  // The next refresh (a report request) loads it all from the start.
  counting_->stop_after_rows = 0;
  ASSERT_TRUE(reports_->RefreshIndex().ok());
  EXPECT_TRUE(reports_->IndexLoaded());
  EXPECT_EQ(reports_->IndexedRows(), static_cast<size_t>(kDossiers));
  ExpectIndexMatchesSql();
}

TEST_F(ReportIndexCancelTest, AStopRequestedBeforehandReadsNoRow) {
  counting_->stop.request_stop();
  Status st = reports_->RefreshIndex(counting_->stop.get_token());
  EXPECT_EQ(st.reason(), "cancelled");
  EXPECT_LE(counting_->fetched.load(), 2u);  // MAX(id) and MAX(updated_at) only
  EXPECT_FALSE(reports_->IndexLoaded());
  EXPECT_EQ(reports_->IndexedRows(), 0u);
  // Without a stop token the load is not cancellable and completes.
  ASSERT_TRUE(reports_->RefreshIndex().ok());
  EXPECT_EQ(reports_->IndexedRows(), static_cast<size_t>(kDossiers));
}

TEST_F(ReportIndexCancelTest, AStoppedLaterRefreshKeepsTheLoadedIndex) {
  ASSERT_TRUE(reports_->RefreshIndex().ok());
  ASSERT_EQ(reports_->IndexedRows(), static_cast<size_t>(kDossiers));
  // A change, then a refresh that is stopped before its scan: the index stays loaded as it was
  // and the next refresh still applies the change.
  ASSERT_TRUE(db_->Write([](storage::Connection& c) {
                   return c
                       .Exec(
                           "UPDATE dossiers SET status = 'finished', finished_at = received_at + "
                           "60, updated_at = updated_at + 100000000 WHERE id = (SELECT MIN(id) "
                           "FROM dossiers WHERE status = 'in_process' AND legal_due_at IS NOT "
                           "NULL)")
                       .status();
                 })
                  .ok());
  counting_->stop.request_stop();
  EXPECT_EQ(reports_->RefreshIndex(counting_->stop.get_token()).reason(), "cancelled");
  EXPECT_TRUE(reports_->IndexLoaded());
  EXPECT_EQ(reports_->IndexedRows(), static_cast<size_t>(kDossiers));
  ASSERT_TRUE(reports_->RefreshIndex().ok());
  ExpectIndexMatchesSql();
}

}  // namespace
}  // namespace motcua::service
