// Report latency over millions of dossiers: the in-memory columnar index against a plain SQL
// GROUP BY over the same rows, in the same run, with identical numbers asserted.
//   bench_reports --rows 10000000 --db /tmp/reports.db [--fast-runs 21] [--sql-runs 3]
// Generates the database when it does not hold `rows` dossiers yet. Prints one JSON line per
// figure (scripts/bench.sh contract).
#include <fmt/format.h>

#include <algorithm>
#include <boost/json.hpp>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <string>
#include <vector>

#include "common/clock.h"
#include "service/report_service.h"
#include "service/report_synthetic.h"
#include "storage/database.h"

using namespace motcua;

namespace {

double Ms(std::chrono::steady_clock::duration d) {
  return std::chrono::duration<double, std::milli>(d).count();
}

// CPU time of the whole process (all scan threads): on a machine shared with other work, less
// noisy than the wall clock for comparing two builds.
double CpuMs() {
  timespec t{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
  return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

double Median(std::vector<double> v) {
  if (v.empty()) return 0;  // --sql-runs 0 (profiling the index alone)
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

struct Query {
  const char* name;
  service::TimelinessQuery q;
};

}  // namespace

int main(int argc, char** argv) {
  int64_t rows = 10'000'000;
  std::string path = "/tmp/motcua-bench-reports.db";
  int fast_runs = 21, sql_runs = 3;
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string k = argv[i];
    if (k == "--rows") rows = std::atoll(argv[i + 1]);
    if (k == "--db") path = argv[i + 1];
    if (k == "--fast-runs") fast_runs = std::atoi(argv[i + 1]);
    if (k == "--sql-runs") sql_runs = std::atoi(argv[i + 1]);
  }
  storage::DatabaseOptions options(path);
  options.synchronous_full = false;
  auto opened = storage::OpenDatabase(options);
  if (!opened.ok()) {
    fmt::print(stderr, "open {}: {}\n", path, opened.status().ToString());
    return 1;
  }
  auto db = std::move(opened).value();
  if (auto m = storage::Migrate(*db); !m.ok()) {
    fmt::print(stderr, "migrate: {}\n", m.status().ToString());
    return 1;
  }
  int64_t have = 0;
  (void)db->Read([&](storage::Connection& c) -> Status {
    auto r = c.QueryOne("SELECT COUNT(*) FROM dossiers");
    if (r.ok() && *r) have = (*r)->Int(0);
    return Status::Ok();
  });
  if (have != rows) {
    db->Close();
    std::filesystem::remove(path);
    std::filesystem::remove(path + "-wal");
    std::filesystem::remove(path + "-shm");
    db = std::move(storage::OpenDatabase(options)).value();
    (void)storage::Migrate(*db);
    auto t0 = std::chrono::steady_clock::now();
    service::SyntheticOptions so;
    so.count = rows;
    so.from = domain::StartOfLocalDay({2021, 1, 1});
    so.to = domain::StartOfLocalDay({2026, 1, 1});
    so.departments = 30;
    so.communes = 150;
    so.procedures = 1500;
    so.fields = 40;
    if (Status st = service::GenerateSyntheticDossiers(*db, so); !st.ok()) {
      fmt::print(stderr, "generate: {}\n", st.ToString());
      return 1;
    }
    fmt::print(stderr, "generated {} dossiers in {:.1f} s\n", rows,
               Ms(std::chrono::steady_clock::now() - t0) / 1000);
  }

  FakeClock clock(domain::StartOfLocalDay({2026, 1, 15}));
  service::ReportService reports(*db, clock);
  auto t0 = std::chrono::steady_clock::now();
  if (Status st = reports.RefreshIndex(); !st.ok()) {
    fmt::print(stderr, "index: {}\n", st.ToString());
    return 1;
  }
  const double load_ms = Ms(std::chrono::steady_clock::now() - t0);
  fmt::print(stderr, "index of {} rows loaded in {:.0f} ms\n", reports.IndexedRows(), load_ms);

  // Restart to first report: a new service as a restarted server would build it, with the
  // snapshot written from the index just loaded (the first run writes it; the page cache is warm
  // for the file as for the database), against the full load above.
  const std::string snapshot = path + ".reports";
  double snapshot_write_ms = 0, restart_ms = 0, restart_full_ms = 0;
  size_t snapshot_bytes = 0;
  {
    service::ReportServiceOptions so;
    so.snapshot_path = snapshot;
    std::filesystem::remove(snapshot);
    service::ReportService writer(*db, clock, nullptr, so);
    (void)writer.RefreshIndex();  // no file yet: the full load
    auto w0 = std::chrono::steady_clock::now();
    if (Status st = writer.SaveIndexSnapshot(); !st.ok()) {
      fmt::print(stderr, "snapshot: {}\n", st.ToString());
      return 1;
    }
    snapshot_write_ms = Ms(std::chrono::steady_clock::now() - w0);
    snapshot_bytes = std::filesystem::file_size(snapshot);
  }
  service::TimelinessQuery first_query;
  first_query.from = {2025, 1, 1};
  first_query.to = {2026, 1, 1};
  first_query.group_by = "agency";
  first_query.as_of = domain::StartOfLocalDay(first_query.to) - 3600;
  service::TimelinessReport from_snapshot, from_database;
  for (bool use_snapshot : {true, false}) {
    service::ReportServiceOptions so;
    if (use_snapshot) so.snapshot_path = snapshot;
    auto s0 = std::chrono::steady_clock::now();
    service::ReportService restarted(*db, clock, nullptr, so);
    auto r = restarted.Timeliness(nullptr, first_query);
    const double ms = Ms(std::chrono::steady_clock::now() - s0);
    if (!r.ok()) {
      fmt::print(stderr, "restart: {}\n", r.status().ToString());
      return 1;
    }
    (use_snapshot ? restart_ms : restart_full_ms) = ms;
    (use_snapshot ? from_snapshot : from_database) = *r;
  }
  bool restart_same = from_snapshot.total == from_database.total &&
                      from_snapshot.groups.size() == from_database.groups.size();
  for (size_t i = 0; restart_same && i < from_snapshot.groups.size(); ++i)
    restart_same = from_snapshot.groups[i].counts == from_database.groups[i].counts;
  fmt::print(stderr,
             "snapshot {:.0f} MiB written in {:.0f} ms; restart to first report {:.0f} ms from "
             "the snapshot, {:.0f} ms from the database ({})\n",
             snapshot_bytes / 1048576.0, snapshot_write_ms, restart_ms, restart_full_ms,
             restart_same ? "identical" : "DIFFERENT");

  std::vector<Query> queries;
  {
    service::TimelinessQuery q;
    q.from = {2025, 1, 1};
    q.to = {2026, 1, 1};
    queries.push_back({"year 2025, whole province", q});
    q.group_by = "agency";
    queries.push_back({"year 2025 by agency", q});
    q.group_by = "";
    q.from = {2024, 7, 1};
    q.to = {2024, 10, 1};
    q.agency_code = "000.07.00.H99";
    queries.push_back({"2024Q3, one department", q});
    q.agency_code.reset();
    q.field_code = "F07";
    q.group_by = "procedure";
    q.from = {2023, 3, 1};
    q.to = {2023, 4, 1};
    queries.push_back({"March 2023, one field, by procedure", q});
  }
  std::vector<double> fast_p50, sql_p50, fast_cpu_p50;
  bool identical = true;
  for (auto& query : queries) {
    query.q.as_of = domain::StartOfLocalDay(query.q.to) - 3600;
    std::vector<double> fast, sql, fast_cpu;
    service::TimelinessReport a, b;
    for (int i = 0; i < fast_runs; ++i) {
      query.q.engine = service::ReportEngine::kIndex;
      auto s = std::chrono::steady_clock::now();
      const double c0 = CpuMs();
      auto r = reports.Timeliness(nullptr, query.q);
      fast.push_back(Ms(std::chrono::steady_clock::now() - s));
      fast_cpu.push_back(CpuMs() - c0);
      if (!r.ok()) {
        fmt::print(stderr, "fast: {}\n", r.status().ToString());
        return 1;
      }
      a = *r;
    }
    for (int i = 0; i < sql_runs; ++i) {
      query.q.engine = service::ReportEngine::kSql;
      auto s = std::chrono::steady_clock::now();
      auto r = reports.Timeliness(nullptr, query.q);
      sql.push_back(Ms(std::chrono::steady_clock::now() - s));
      if (!r.ok()) {
        fmt::print(stderr, "sql: {}\n", r.status().ToString());
        return 1;
      }
      b = *r;
    }
    bool same = sql_runs == 0 || (a.total == b.total && a.groups.size() == b.groups.size());
    for (size_t i = 0; sql_runs > 0 && same && i < a.groups.size(); ++i)
      same = a.groups[i].key == b.groups[i].key && a.groups[i].counts == b.groups[i].counts;
    identical = identical && same;
    fast_p50.push_back(Median(fast));
    fast_cpu_p50.push_back(Median(fast_cpu));
    sql_p50.push_back(Median(sql));
    fmt::print(stderr,
               "{:<40} fast p50 {:8.2f} ms (cpu {:.2f} ms)   sql p50 {:9.1f} ms   x{:.0f}   {} "
               "(received {}; rows scanned {}, from summaries {})\n",
               query.name, fast_p50.back(), fast_cpu_p50.back(), sql_p50.back(),
               sql_p50.back() / fast_p50.back(), same ? "identical" : "DIFFERENT", a.total.received,
               a.rows_scanned, a.rows_summarised);
  }
  const double worst_fast = *std::max_element(fast_p50.begin(), fast_p50.end());
  double ratio = 1e18;
  for (size_t i = 0; i < fast_p50.size(); ++i) ratio = std::min(ratio, sql_p50[i] / fast_p50[i]);
  const double worst_sql = *std::max_element(sql_p50.begin(), sql_p50.end());
  std::string cmd = fmt::format("bench_reports --rows {} --fast-runs {} --sql-runs {}", rows,
                                fast_runs, sql_runs);
  boost::json::object line{
      {"name", "reports"},
      {"figure", fmt::format("timeliness report p50, slowest of {} queries over {} dossiers",
                             queries.size(), rows)},
      {"value", std::round(worst_fast * 100) / 100},
      {"unit", "ms"},
      {"reference", "plain SQL GROUP BY (SQLite), same rows, same run (slowest query)"},
      {"reference_value", std::round(worst_sql * 10) / 10},
      {"ratio", std::round(ratio * 10) / 10},
      {"target", "<= 20 ms and >= 20x, identical numbers"},
      {"target_met", worst_fast <= 20 && ratio >= 20 && identical},
      {"identical", identical},
      {"index_load_ms", std::round(load_ms)},
      {"cpu_p50_ms",
       std::round(*std::max_element(fast_cpu_p50.begin(), fast_cpu_p50.end()) * 100) / 100},
      {"command", cmd}};
  fmt::print("{}\n", boost::json::serialize(line));
  boost::json::object restart{
      {"name", "reports"},
      {"figure", fmt::format("restart to first report (year by agency) over {} dossiers, index "
                             "from its snapshot ({:.0f} MiB, written in {:.0f} ms)",
                             rows, snapshot_bytes / 1048576.0, snapshot_write_ms)},
      {"value", std::round(restart_ms)},
      {"unit", "ms"},
      {"reference", "the same restart loading the index from the database"},
      {"reference_value", std::round(restart_full_ms)},
      {"ratio", std::round(restart_full_ms / restart_ms * 10) / 10},
      {"target", "< 1000 ms, identical numbers"},
      {"target_met", restart_ms < 1000 && restart_same},
      {"identical", restart_same},
      {"command", cmd}};
  fmt::print("{}\n", boost::json::serialize(restart));
  db->Close();
  return identical && restart_same ? 0 : 3;
}
