// The reference for the public lookup benchmark (bench/scale): the reads that
// GET /api/v1/lookup/{code} makes, straight on SQLite's C API in-process, with no HTTP, no JSON
// and no masking: the dossier row by its code (unique index), its workflow steps by dossier id,
// and the receiving agency by id, each column read out. Random codes from the same file as the
// HTTP load, T threads with one read-only connection each, for S seconds.
//
//   bench_point_select --db PATH --codes FILE [--seconds S] [--threads T]
//     -> {"lookups":..,"seconds":..,"lookups_per_sec":..,"p50_us":..,"p99_us":..,"threads":..}
#include <fmt/format.h>
#include <sqlite3.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <random>
#include <string>
#include <thread>
#include <vector>

namespace {

[[noreturn]] void Die(const std::string& what) {
  std::fprintf(stderr, "bench_point_select: %s\n", what.c_str());
  std::exit(1);
}

// Steps a statement to the end, touching every column as a driver would.
int64_t Drain(sqlite3_stmt* s) {
  int64_t touched = 0;
  int rc;
  while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
    for (int i = 0, n = sqlite3_column_count(s); i < n; ++i) {
      if (sqlite3_column_type(s, i) == SQLITE_TEXT)
        touched += sqlite3_column_bytes(s, i);
      else
        touched += sqlite3_column_int64(s, i);
    }
  }
  if (rc != SQLITE_DONE) Die(sqlite3_errstr(rc));
  sqlite3_reset(s);
  return touched;
}

}  // namespace

int main(int argc, char** argv) {
  std::string path, codes_path;
  double seconds = 5;
  int threads = 2;
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string k = argv[i];
    if (k == "--db") path = argv[i + 1];
    if (k == "--codes") codes_path = argv[i + 1];
    if (k == "--seconds") seconds = std::atof(argv[i + 1]);
    if (k == "--threads") threads = std::atoi(argv[i + 1]);
  }
  std::vector<std::string> codes;
  {
    std::ifstream in(codes_path);
    for (std::string line; std::getline(in, line);)
      if (!line.empty()) codes.push_back(line);
  }
  if (path.empty() || codes.empty()) Die("usage: --db PATH --codes FILE [--seconds S]");

  std::atomic<bool> stop{false};
  std::vector<std::vector<double>> latencies(threads);
  std::atomic<int64_t> sink{0};
  auto worker = [&](int t) {
    sqlite3* db = nullptr;
    if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, nullptr) !=
        SQLITE_OK)
      Die("open " + path);
    sqlite3_stmt *dossier = nullptr, *steps = nullptr, *agency = nullptr;
    if (sqlite3_prepare_v2(db, "SELECT * FROM dossiers WHERE code = ?", -1, &dossier, nullptr) ||
        sqlite3_prepare_v2(db, "SELECT * FROM dossier_steps WHERE dossier_id = ? ORDER BY seq", -1,
                           &steps, nullptr) ||
        sqlite3_prepare_v2(db, "SELECT * FROM agencies WHERE id = ?", -1, &agency, nullptr))
      Die(sqlite3_errmsg(db));
    std::mt19937_64 rng(1234 + t);
    int64_t touched = 0;
    auto& lat = latencies[t];
    while (!stop.load(std::memory_order_relaxed)) {
      const std::string& code = codes[rng() % codes.size()];
      auto s = std::chrono::steady_clock::now();
      sqlite3_bind_text(dossier, 1, code.data(), static_cast<int>(code.size()), SQLITE_STATIC);
      if (sqlite3_step(dossier) != SQLITE_ROW) Die("no dossier " + code);
      const int64_t id = sqlite3_column_int64(dossier, 0);
      const int64_t agency_id = sqlite3_column_int64(dossier, 4);
      touched += Drain(dossier);
      sqlite3_bind_int64(steps, 1, id);
      touched += Drain(steps);
      sqlite3_bind_int64(agency, 1, agency_id);
      touched += Drain(agency);
      lat.push_back(
          std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - s).count());
    }
    sink += touched;
    sqlite3_finalize(dossier);
    sqlite3_finalize(steps);
    sqlite3_finalize(agency);
    sqlite3_close(db);
  };
  auto t0 = std::chrono::steady_clock::now();
  std::vector<std::thread> pool;
  for (int t = 0; t < threads; ++t) pool.emplace_back(worker, t);
  std::this_thread::sleep_for(std::chrono::duration<double>(seconds));
  stop = true;
  for (auto& th : pool) th.join();
  const double elapsed =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  std::vector<double> all;
  for (auto& l : latencies) all.insert(all.end(), l.begin(), l.end());
  std::sort(all.begin(), all.end());
  auto pct = [&](double p) {
    return all.empty() ? 0.0 : all[static_cast<size_t>(p * (all.size() - 1))];
  };
  fmt::print(
      "{{\"lookups\":{},\"seconds\":{:.3f},\"lookups_per_sec\":{:.1f},\"p50_us\":{:.1f},"
      "\"p99_us\":{:.1f},\"threads\":{}}}\n",
      all.size(), elapsed, all.size() / elapsed, pct(0.5), pct(0.99), threads);
  return sink.load() == -1 ? 2 : 0;
}
