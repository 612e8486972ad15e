// The reference for bench_lifecycle: the same dossier lifecycle written straight to SQLite with
// the project's storage layer, migrations and schema, one transaction per transition, with the
// server's durability setting (WAL, synchronous=FULL: storage::DatabaseOptions' default). No
// HTTP, no JSON, no authentication, no permission checks, no working calendar, no reads: the
// dossier and its current step are kept in memory, so this is the ceiling of what SQLite commits
// for these writes.
//
// Per lifecycle (procedure 1.001612: centre -> finance leader -> finance specialist -> tax
// specialist -> finance leader -> centre), 7 transactions:
//   register (sequence, dossier, reception step, dossier update, history)
//   forward x4 and approve (end step, next step, dossier update, history)
//   return (end step, dossier update, history)
//
// With --threads N, N threads run lifecycles at once through the one storage::Database, whose
// writes are serialised (one writer connection) and group-committed (decision 0019), as the
// server's are. With one thread every transition is its own transaction and its own commit.
// --synchronous NORMAL gives the issue-18 reference: the same commits without the fsync per
// commit (WAL's NORMAL syncs at checkpoints only, so the last commits may be lost on power loss).
//
//   bench_raw_lifecycle --db PATH [--seconds S] [--max-lifecycles N] [--threads N]
//                       [--synchronous FULL|NORMAL]
//     -> {"lifecycles":..,"transitions":..,"seconds":..,"lifecycles_per_sec":..,
//         "transitions_per_sec":..,"synchronous":"FULL"}
#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include "domain/dossier_code.h"
#include "domain/local_date.h"
#include "storage/agency_store.h"
#include "storage/database.h"
#include "storage/dossier_store.h"
#include "storage/user_store.h"

namespace motcua {
namespace {

using storage::Connection;
using storage::DossierHistoryRecord;
using storage::DossierRecord;
using storage::DossierStepRecord;

[[noreturn]] void Die(const Status& st, const char* what) {
  std::fprintf(stderr, "bench_raw_lifecycle: %s: %s\n", what, st.ToString().c_str());
  std::exit(1);
}

void Check(const Status& st, const char* what) {
  if (!st.ok()) Die(st, what);
}

struct Step {
  const char* name;
  int agency;  // index into Setup::agency_ids
  const char* role;
  int quota_hours;
};

// The workflow of 1.001612 as the catalogue ships it (reception, four processing steps, return).
constexpr Step kWorkflow[] = {
    {"Tiếp nhận, kiểm tra, số hóa và chuyển hồ sơ", 0, "reception_officer", 4},
    {"Phân công xử lý", 1, "leader", 2},
    {"Thẩm định hồ sơ, dự thảo kết quả", 1, "specialist", 8},
    {"Cấp mã số thuế (Thuế tỉnh)", 2, "specialist", 4},
    {"Xem xét, phê duyệt, ký kết quả", 1, "leader", 4},
    {"Trả kết quả", 0, "reception_officer", 2},
};
constexpr int kSteps = sizeof(kWorkflow) / sizeof(kWorkflow[0]);

struct Setup {
  int64_t agency_ids[3] = {};
  int64_t user_ids[4] = {};  // reception officer, leader, specialist, tax specialist
};

Setup Prepare(storage::Database& db) {
  Setup s;
  const int64_t now = std::time(nullptr);
  Check(db.Write([&](Connection& c) -> Status {
    const char* codes[] = {"000.00.01.H99", "000.00.11.H99", "000.00.30.H99"};
    const char* names[] = {"Trung tâm Phục vụ hành chính công tỉnh", "Sở Tài chính", "Thuế tỉnh"};
    for (int i = 0; i < 3; ++i) {
      storage::AgencyRecord a;
      a.code = codes[i];
      a.name = names[i];
      a.type = i == 0 ? "service_centre" : "department";
      a.is_one_stop_centre = i == 0;
      a.created_at = a.updated_at = now;
      MOTCUA_ASSIGN_OR_RETURN(a, storage::InsertAgency(c, a));
      s.agency_ids[i] = a.id;
    }
    const char* users[][3] = {{"raw.reception", "reception_officer", "0"},
                              {"raw.leader", "leader", "1"},
                              {"raw.specialist", "specialist", "1"},
                              {"raw.tax", "specialist", "2"}};
    for (int i = 0; i < 4; ++i) {
      storage::UserRecord u;
      u.username = users[i][0];
      u.password_hash = "x";
      u.full_name = users[i][0];
      u.role = users[i][1];
      u.agency_id = s.agency_ids[users[i][2][0] - '0'];
      u.created_at = now;
      MOTCUA_ASSIGN_OR_RETURN(u, storage::InsertUser(c, u));
      s.user_ids[i] = u.id;
    }
    return Status::Ok();
  }),
        "setup");
  return s;
}

class Lifecycle {
 public:
  Lifecycle(storage::Database& db, const Setup& setup) : db_(db), setup_(setup) {}

  // Runs one full lifecycle: 7 transactions.
  void Run() {
    Register();
    const int actors[] = {0, 1, 2, 3, 1};  // who forwards / approves steps 0..4
    for (int pos = 0; pos + 1 < kSteps; ++pos) {
      const bool approve = pos + 1 == kSteps - 1;
      Advance(pos, actors[pos], approve ? "approve" : "forward",
              approve ? "finished" : "in_process");
    }
    Return();
  }

 private:
  DossierStepRecord NewStep(int pos, int64_t now, int64_t by) {
    DossierStepRecord s;
    s.dossier_id = d_.id;
    s.position = pos;
    s.name = kWorkflow[pos].name;
    s.agency_id = setup_.agency_ids[kWorkflow[pos].agency];
    s.role = kWorkflow[pos].role;
    s.quota_hours = kWorkflow[pos].quota_hours;
    s.started_at = now;
    s.due_at = now + int64_t{kWorkflow[pos].quota_hours} * 3600;
    s.handed_over_by = by;
    return s;
  }

  Status EndStep(Connection& c, int64_t now, int64_t by, const char* action) {
    step_.ended_at = now;
    step_.end_action = action;
    step_.ended_by = by;
    step_.timeliness = "early";
    return storage::UpdateDossierStep(c, step_);
  }

  Status History(Connection& c, int64_t now, int actor, const char* action,
                 std::optional<std::string> from, std::optional<int64_t> step_id) {
    DossierHistoryRecord h;
    h.dossier_id = d_.id;
    h.at = now;
    h.actor_user_id = setup_.user_ids[actor];
    h.actor_name = "Cán bộ";
    h.actor_role = kWorkflow[0].role;
    h.agency_id = setup_.agency_ids[actor == 0 ? 0 : actor == 3 ? 2 : 1];
    h.action = action;
    h.from_status = std::move(from);
    h.to_status = d_.status;
    h.step_id = step_id;
    h.detail = "{}";
    return storage::AppendDossierHistory(c, h).status();
  }

  void Register() {
    Check(db_.Write([&](Connection& c) -> Status {
      const int64_t now = std::time(nullptr);
      const std::string today = domain::LocalDateOf(now).ToString();
      MOTCUA_ASSIGN_OR_RETURN(int64_t seq,
                              storage::NextDossierSequence(c, setup_.agency_ids[0], today));
      MOTCUA_ASSIGN_OR_RETURN(auto code, domain::MakeDossierCode("000.00.01.H99", now, seq));
      d_ = DossierRecord{};
      d_.code = code.ToString();
      d_.procedure_code = "1.001612";
      d_.procedure_version = 1;
      d_.agency_id = setup_.agency_ids[0];
      d_.channel = "counter";
      d_.applicant = R"({"type":"citizen","full_name":"Nguyễn Văn An","id_number":"001090012345",)"
                     R"("phone":"0912345678","address":"Số 7 phố Tràng Tiền"})";
      d_.status = "received";
      d_.submitted_at = d_.updated_at = now;
      d_.created_by = setup_.user_ids[0];
      d_.current_agency_id = setup_.agency_ids[0];
      d_.components = R"([{"name":"Tờ khai","originals":1,"copies":0,"digitised":false,)"
                      R"("attachment_ids":[]}])";
      d_.result = R"({"routing":{"competent_agency_code":"000.00.11.H99"}})";
      MOTCUA_ASSIGN_OR_RETURN(d_, storage::InsertDossier(c, d_));
      d_.received_at = now;
      d_.due_at = d_.legal_due_at = now + 3 * 86400;
      MOTCUA_ASSIGN_OR_RETURN(step_,
                              storage::InsertDossierStep(c, NewStep(0, now, setup_.user_ids[0])));
      d_.current_step_id = step_.id;
      MOTCUA_ASSIGN_OR_RETURN(bool updated, storage::UpdateDossier(c, d_));
      if (!updated) return Status::Conflict("stale_version", "version");
      return History(c, now, 0, "register", std::nullopt, d_.current_step_id);
    }),
          "register");
  }

  void Advance(int pos, int actor, const char* action, const char* to) {
    Check(db_.Write([&](Connection& c) -> Status {
      const int64_t now = std::time(nullptr);
      const int64_t by = setup_.user_ids[actor];
      const int64_t acted = step_.id;
      std::string from = d_.status;
      MOTCUA_RETURN_IF_ERROR(EndStep(c, now, by, action));
      MOTCUA_ASSIGN_OR_RETURN(step_, storage::InsertDossierStep(c, NewStep(pos + 1, now, by)));
      d_.current_step_id = step_.id;
      d_.current_agency_id = step_.agency_id;
      d_.status = to;
      d_.updated_at = now;
      if (std::string_view(to) == "finished") {
        d_.outcome = "approved";
        d_.finished_at = now;
        d_.timeliness = "early";
        d_.result =
            R"({"routing":{"competent_agency_code":"000.00.11.H99"},"result":{"outcome":"approved"}})";
      }
      MOTCUA_ASSIGN_OR_RETURN(bool updated, storage::UpdateDossier(c, d_));
      if (!updated) return Status::Conflict("stale_version", "version");
      return History(c, now, actor, action, from, acted);
    }),
          action);
  }

  void Return() {
    Check(db_.Write([&](Connection& c) -> Status {
      const int64_t now = std::time(nullptr);
      const int64_t acted = step_.id;
      MOTCUA_RETURN_IF_ERROR(EndStep(c, now, setup_.user_ids[0], "return"));
      d_.status = "returned";
      d_.returned_at = now;
      d_.return_method = "counter";
      d_.current_step_id.reset();
      d_.current_agency_id.reset();
      d_.updated_at = now;
      MOTCUA_ASSIGN_OR_RETURN(bool updated, storage::UpdateDossier(c, d_));
      if (!updated) return Status::Conflict("stale_version", "version");
      return History(c, now, 0, "return", std::string("finished"), acted);
    }),
          "return");
  }

  storage::Database& db_;
  const Setup& setup_;
  DossierRecord d_;
  DossierStepRecord step_;
};

int Main(int argc, char** argv) {
  std::string path = "/tmp/motcua_bench_raw_lifecycle.db";
  double seconds = 5;
  int64_t max_lifecycles = 1'000'000;
  int threads = 1;
  bool synchronous_full = true;
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string a = argv[i];
    if (a == "--db")
      path = argv[i + 1];
    else if (a == "--seconds")
      seconds = std::atof(argv[i + 1]);
    else if (a == "--max-lifecycles")
      max_lifecycles = std::atoll(argv[i + 1]);
    else if (a == "--threads")
      threads = std::max(1, std::atoi(argv[i + 1]));
    else if (a == "--synchronous")
      synchronous_full = std::string_view(argv[i + 1]) != "NORMAL";
  }
  for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path + suffix);

  storage::DatabaseOptions options(path);  // synchronous_full = true, as `motcua serve`
  options.synchronous_full = synchronous_full;
  auto db = storage::OpenDatabase(options);
  if (!db.ok()) Die(db.status(), "open");
  auto migrated = storage::Migrate(**db);
  if (!migrated.ok()) Die(migrated.status(), "migrate");
  Setup setup = Prepare(**db);
  Lifecycle(**db, setup).Run();  // warm the statement cache

  const auto start = std::chrono::steady_clock::now();
  const auto deadline = start + std::chrono::duration<double>(seconds);
  std::atomic<int64_t> remaining{max_lifecycles};
  std::atomic<int64_t> done{0};
  std::vector<std::thread> pool;
  for (int t = 0; t < threads; ++t) {
    pool.emplace_back([&] {
      Lifecycle lifecycle(**db, setup);
      while (std::chrono::steady_clock::now() < deadline && remaining.fetch_sub(1) > 0) {
        lifecycle.Run();
        ++done;
      }
    });
  }
  for (auto& t : pool) t.join();
  const int64_t n = done.load();
  const double elapsed =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  (*db)->Close();
  for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path + suffix);
  fmt::print(
      "{{\"lifecycles\":{},\"transitions\":{},\"seconds\":{:.3f},\"lifecycles_per_sec\":{:.1f},"
      "\"transitions_per_sec\":{:.1f},\"synchronous\":\"{}\",\"threads\":{}}}\n",
      n, n * kSteps + n, elapsed, n / elapsed, (n * (kSteps + 1)) / elapsed,
      options.synchronous_full ? "FULL" : "NORMAL", threads);
  return 0;
}

}  // namespace
}  // namespace motcua

int main(int argc, char** argv) { return motcua::Main(argc, argv); }
