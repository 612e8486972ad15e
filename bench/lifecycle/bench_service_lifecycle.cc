// bench_lifecycle without HTTP: the same kind of dossier lifecycle run in-process through
// service::DossierService (permissions, routing, working calendar, history, the reads inside each
// transaction: everything but HTTP, JSON parsing of requests and sessions), by N threads on one
// SQLite database with the server's durability (WAL, synchronous=FULL, group commit, decision
// 0019). It tells how much of the HTTP figure's gap to raw SQLite is the service's own work.
//
// Per lifecycle (a three-agency procedure: centre -> department A -> tax office B ->
// department A's leader -> centre), 6 durable transitions: counter reception, forward x3,
// approve, return.
//
//   bench_service_lifecycle --db PATH [--seconds S] [--threads N]
//     -> {"lifecycles":..,"transitions":..,"seconds":..,"transitions_per_sec":..,
//         "p50_ms":..,"p99_ms":..,"threads":..,"cpu_ms_per_transition":..}
// cpu_ms_per_transition: the process's user + system CPU time over the timed run (getrusage)
// divided by the transitions, i.e. what one transition costs on this machine's cores.
#include <fmt/format.h>
#include <sys/resource.h>

#include <algorithm>
#include <atomic>
#include <boost/json.hpp>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "common/clock.h"
#include "service/agency_service.h"
#include "service/auth_service.h"
#include "service/calendar_service.h"
#include "service/catalogue_service.h"
#include "service/dossier_service.h"
#include "storage/database.h"

namespace motcua {
namespace {

using service::Principal;

constexpr const char* kCatalogue = R"({"procedures":[
{"code":"9.000001","name":"Thủ tục thử nghiệm liên thông","field_code":"TN","field_name":"Thử nghiệm",
 "level":"province","competent_agency":"Sở A","competent_agency_code":"A.H99",
 "implementing_agencies":["A.H99"],"time_limit":{"unit":"working_days","amount":3},
 "online_level":"toan_trinh","postal_submission":true,"postal_return":true,"inter_agency":true,
 "components":[{"name":"Tờ khai","originals":1,"copies":0}],
 "result":"Giấy chứng nhận","applicants":["citizen"],"effective_from":"2020-01-01",
 "workflow":[
  {"name":"Tiếp nhận","agency":"reception","role":"reception_officer","quota_hours":2},
  {"name":"Thẩm định","agency":"competent","role":"specialist","quota_hours":10},
  {"name":"Xác minh thuế","agency":"B.H99","role":"specialist","quota_hours":6},
  {"name":"Phê duyệt","agency":"competent","role":"leader","quota_hours":4},
  {"name":"Trả kết quả","agency":"reception","role":"reception_officer","quota_hours":2}]}
]})";

[[noreturn]] void Die(const Status& st, const char* what) {
  std::fprintf(stderr, "bench_service_lifecycle: %s: %s\n", what, st.ToString().c_str());
  std::exit(1);
}

template <typename T>
T Must(Result<T> r, const char* what) {
  if (!r.ok()) Die(r.status(), what);
  return std::move(r).value();
}

double Percentile(std::vector<double>& v, double q) {
  if (v.empty()) return 0;
  size_t i = std::min(v.size() - 1, static_cast<size_t>(q * static_cast<double>(v.size())));
  std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(i), v.end());
  return v[i];
}

int Main(int argc, char** argv) {
  std::string path = "/tmp/motcua_bench_service_lifecycle.db";
  double seconds = 5;
  int threads = 16;
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string a = argv[i];
    if (a == "--db")
      path = argv[i + 1];
    else if (a == "--seconds")
      seconds = std::atof(argv[i + 1]);
    else if (a == "--threads")
      threads = std::max(1, std::atoi(argv[i + 1]));
  }
  namespace fs = std::filesystem;
  for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(path + suffix);
  const std::string catalogue_file = path + ".catalogue.json";
  std::ofstream(catalogue_file) << kCatalogue;

  storage::DatabaseOptions options(path);  // synchronous=FULL, as `motcua serve`
  auto db = Must(storage::OpenDatabase(options), "open");
  (void)Must(storage::Migrate(*db), "migrate");
  const Clock& clock = SystemClock::Instance();
  service::AuthService auth(*db, clock, service::AuthOptions{});
  service::AgencyService agencies(*db, clock);
  for (const service::AgencyInput& a : std::vector<service::AgencyInput>{
           {"H99", "Tỉnh", "", "province", "", "", false},
           {"C.H99", "Trung tâm", "", "service_centre", "H99", "", true},
           {"A.H99", "Sở A", "", "department", "H99", "", false},
           {"B.H99", "Thuế B", "", "vertical_agency", "H99", "", false}}) {
    (void)Must(agencies.Create(nullptr, a), "agency");
  }
  service::CatalogueService catalogue(*db, clock);
  (void)Must(catalogue.LoadShippedIfEmpty(catalogue_file), "catalogue");
  service::CalendarService calendar(*db, clock, std::vector<domain::YearDecision>{});
  service::DossierService dossiers(*db, clock, catalogue, calendar);
  auto user = [&](const char* name, const char* role, const char* agency) {
    return Must(auth.CreateUser(nullptr, {name, "mat-khau-123", name, role, agency}), "user");
  };
  const Principal officer = user("can.bo", "reception_officer", "C.H99");
  const Principal specialist_a = user("chuyen.vien.a", "specialist", "A.H99");
  const Principal leader_a = user("lanh.dao.a", "leader", "A.H99");
  const Principal specialist_b = user("chuyen.vien.b", "specialist", "B.H99");

  std::atomic<int64_t> lifecycles{0};
  std::mutex mu;
  std::vector<double> latencies_ms;
  auto run = [&](std::chrono::steady_clock::time_point deadline) {
    std::vector<double> mine;
    auto timed = [&](auto&& fn, const char* what) {
      const auto t0 = std::chrono::steady_clock::now();
      auto r = fn();
      mine.push_back(
          std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
      return Must(std::move(r), what);
    };
    while (std::chrono::steady_clock::now() < deadline) {
      service::SubmitInput in;
      in.procedure_code = "9.000001";
      in.channel = "counter";
      in.applicant.full_name = "Nguyễn Văn An";
      in.applicant.id_number = "001090012345";
      in.applicant.phone = "0912 345 678";
      in.applicant.address = "Số 1 phố Huế";
      in.components = {{"Tờ khai", 1, 0, true, {}}};
      auto reply = timed([&] { return dossiers.Submit(officer, in); }, "submit");
      const std::string code(reply.body.at("code").as_string());
      const std::pair<const Principal*, const char*> steps[] = {{&officer, "forward"},
                                                                {&specialist_a, "forward"},
                                                                {&specialist_b, "forward"},
                                                                {&leader_a, "approve"},
                                                                {&officer, "return"}};
      for (const auto& [who, action] : steps) {
        service::ActionInput act;
        act.action = action;
        act.version = reply.body.at("version").as_int64();
        reply = timed([&] { return dossiers.Act(*who, code, act); }, action);
      }
      ++lifecycles;
    }
    std::lock_guard lock(mu);
    latencies_ms.insert(latencies_ms.end(), mine.begin(), mine.end());
  };
  {
    // Warm-up: one lifecycle, not counted.
    const auto warm = lifecycles.load();
    std::thread([&] {
      run(std::chrono::steady_clock::now() + std::chrono::milliseconds(1));
    }).join();
    lifecycles = warm;
    latencies_ms.clear();
  }

  auto cpu_seconds = [] {
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    auto sec = [](const timeval& t) { return static_cast<double>(t.tv_sec) + t.tv_usec / 1e6; };
    return sec(u.ru_utime) + sec(u.ru_stime);
  };
  const double cpu_start = cpu_seconds();
  const auto start = std::chrono::steady_clock::now();
  const auto deadline = start + std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                                    std::chrono::duration<double>(seconds));
  std::vector<std::thread> pool;
  for (int t = 0; t < threads; ++t) pool.emplace_back(run, deadline);
  for (auto& t : pool) t.join();
  const double elapsed =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const double cpu = cpu_seconds() - cpu_start;
  db->Close();
  for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(path + suffix);
  fs::remove(catalogue_file);
  const int64_t n = lifecycles.load();
  const double p50 = Percentile(latencies_ms, 0.50);
  const double p99 = Percentile(latencies_ms, 0.99);
  fmt::print(
      "{{\"lifecycles\":{},\"transitions\":{},\"seconds\":{:.3f},\"transitions_per_sec\":{:.1f},"
      "\"p50_ms\":{:.2f},\"p99_ms\":{:.2f},\"threads\":{},\"cpu_ms_per_transition\":{:.3f}}}\n",
      n, n * 6, elapsed, n * 6 / elapsed, p50, p99, threads, n > 0 ? cpu * 1000 / (n * 6) : 0.0);
  return 0;
}

}  // namespace
}  // namespace motcua

int main(int argc, char** argv) { return motcua::Main(argc, argv); }
