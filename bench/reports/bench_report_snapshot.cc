// The report index snapshot at sizes whose database takes too long to generate on a shared
// machine: an index of `rows` dossiers (the status and timeliness mix of report_synthetic, 181
// agencies, 1,500 procedures, 3 channels) built in memory, written, then read back — the
// file-bound part of a restart (decision 0022). The database-bound part (identity, a sample of
// 256 rows by id, the safety-window replay) does not grow with the table; bench_reports measures
// the whole restart on a real database.
//   bench_report_snapshot --rows 10000000 --file /tmp/idx.reports [--runs 5]
// Prints one JSON line (scripts/bench.sh contract).
#include <fmt/format.h>

#include <algorithm>
#include <boost/json.hpp>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include "service/report_index.h"
#include "service/report_snapshot.h"

using namespace motcua;

namespace {

double Ms(std::chrono::steady_clock::duration d) {
  return std::chrono::duration<double, std::milli>(d).count();
}

// CPU time of the process (both threads of the read): on a shared machine the wall clock also
// measures the other tenants.
double CpuMs() {
  timespec t{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
  return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

}  // namespace

int main(int argc, char** argv) {
  int64_t rows = 10'000'000;
  std::string file = "/tmp/motcua-bench-report-snapshot.reports";
  int runs = 5;
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string k = argv[i];
    if (k == "--rows") rows = std::atoll(argv[i + 1]);
    if (k == "--file") file = argv[i + 1];
    if (k == "--runs") runs = std::atoi(argv[i + 1]);
  }
  service::ReportIndex ix;
  std::mt19937_64 rng(42);
  auto uniform = [&](int64_t lo, int64_t hi) {
    return std::uniform_int_distribution<int64_t>(lo, hi)(rng);
  };
  const int64_t from = domain::StartOfLocalDay({2021, 1, 1});
  const int64_t span = domain::StartOfLocalDay({2026, 1, 1}) - from;
  const char* channels[] = {"counter", "online", "postal"};
  std::vector<std::string> procedures;
  for (int p = 0; p < 1500; ++p) procedures.push_back(fmt::format("1.{:06d}", p));
  auto t0 = std::chrono::steady_clock::now();
  ix.pos_by_id.reserve(static_cast<size_t>(rows) + 1);
  for (int64_t id = 1; id <= rows; ++id) {
    storage::ReportScanRow s;
    s.id = id;
    s.agency_id = uniform(1, 181);
    s.procedure_code = procedures[uniform(0, 1499)];
    s.channel = channels[uniform(0, 9) < 6 ? 0 : uniform(1, 2)];
    const int64_t received = from + span * (id - 1) / rows + uniform(0, 3599);
    const int64_t due = received + uniform(0, 15) * 86400 + uniform(3600, 8 * 3600);
    const int64_t roll = uniform(0, 999);
    s.updated_at = received;
    if (roll < 780) {
      s.status = "finished";
      s.received_at = received;
      s.legal_due_at = due;
      s.finished_at = received + (due - received) * uniform(10, 120) / 100;
      s.updated_at = *s.finished_at;
    } else if (roll < 910) {
      s.status = "in_process";
      s.received_at = received;
      s.legal_due_at = due;
    } else if (roll < 945) {
      s.status = "withdrawn";
      s.received_at = received;
      s.finished_at = received + uniform(0, 10 * 86400);
      s.updated_at = *s.finished_at;
    } else if (roll < 970) {
      s.status = "refused";
      s.finished_at = received;
    } else {
      s.status = "submitted";
    }
    ix.Put(s);
  }
  ix.version = {rows, from + span};
  ix.loaded = true;
  const double build_ms = Ms(std::chrono::steady_clock::now() - t0);
  service::ReportSnapshotStamp stamp;
  stamp.schema_version = 25;
  stamp.identity[0] = 1;
  std::vector<double> write_ms, read_ms, read_cpu_ms;
  for (int r = 0; r < runs; ++r) {
    auto w0 = std::chrono::steady_clock::now();
    if (Status st = service::WriteReportSnapshot(ix, stamp, file); !st.ok()) {
      fmt::print(stderr, "write: {}\n", st.ToString());
      return 1;
    }
    write_ms.push_back(Ms(std::chrono::steady_clock::now() - w0));
    service::ReportIndex back;
    auto r0 = std::chrono::steady_clock::now();
    const double c0 = CpuMs();
    if (Status st = service::ReadReportSnapshot(file, stamp, back); !st.ok()) {
      fmt::print(stderr, "read: {}\n", st.ToString());
      return 1;
    }
    read_ms.push_back(Ms(std::chrono::steady_clock::now() - r0));
    read_cpu_ms.push_back(CpuMs() - c0);
    if (back.closed.size() != ix.closed.size() || back.open.size() != ix.open.size() ||
        back.proc_codes != ix.proc_codes || back.version != ix.version) {
      fmt::print(stderr, "read back differs\n");
      return 3;
    }
  }
  std::sort(write_ms.begin(), write_ms.end());
  std::sort(read_ms.begin(), read_ms.end());
  std::sort(read_cpu_ms.begin(), read_cpu_ms.end());
  const double read_cpu = read_cpu_ms[read_cpu_ms.size() / 2];
  const double bytes = static_cast<double>(std::filesystem::file_size(file));
  std::filesystem::remove(file);
  const double read = read_ms[read_ms.size() / 2], write = write_ms[write_ms.size() / 2];
  fmt::print(stderr,
             "{} rows: index built in {:.0f} ms; snapshot {:.0f} MiB, written in {:.0f} ms, read "
             "and checked in {:.0f} ms ({:.0f} ms CPU; median of {})\n",
             rows, build_ms, bytes / 1048576, write, read, read_cpu, runs);
  boost::json::object line{
      {"name", "reports"},
      {"figure", fmt::format("report index snapshot of {} dossiers read and checked (file part of "
                             "a restart; {:.0f} MiB, page cache warm)",
                             rows, bytes / 1048576)},
      {"value", std::round(read)},
      {"unit", "ms"},
      {"reference", "writing the same snapshot (tmp + fsync + rename)"},
      {"reference_value", std::round(write)},
      {"ratio", std::round(write / read * 10) / 10},
      {"target", "< 1000 ms (with the database part, see bench_reports)"},
      {"target_met", read < 1000},
      {"cpu_ms", std::round(read_cpu)},
      {"command", fmt::format("bench_report_snapshot --rows {} --runs {}", rows, runs)}};
  fmt::print("{}\n", boost::json::serialize(line));
  return 0;
}
