// Synthetic databases for the scale benchmarks (bench/scale, bench/reports): a province with 30
// departments and 150 communes, 1,500 procedures in 40 fields (the shape of
// service::GenerateSyntheticDossiers, which bench_reports' queries expect), `rows` dossiers with
// valid codes (<agency>-<YYMMDD>-<NNNN>), a citizen applicant document with its applicant key
// (storage/applicant_key.h, as InsertDossier writes it, so no backfill runs at start) and their
// workflow steps
// (reception, then processing), a realistic mix of states and timeliness, and one report reader
// (bench.leader / motcua-bench, leader of the province).
//
//   bench_generate --rows N [--dir DIR] [--codes K] [--seed S]
//     prints the database's path; generates it only when it does not exist yet.
//
// The file name carries the row count and kGeneratorVersion, not the schema: migrations are only
// ever appended, so a database generated on an older schema is migrated forward in place on reuse
// (minutes at worst) instead of being generated again (half an hour at 10 million rows).
// Beside it, PATH.codes holds K existing codes drawn at random (for the lookup load).
//
// Speed matters at 10 million rows: the schema comes from the real migrations, then the raw C API
// inserts with prepared statements in transactions of 500,000 rows, with journal_mode=OFF,
// synchronous=OFF and an exclusive lock, and the secondary indexes of the dossier tables are
// dropped before the load and created again after it (from their own SQL in sqlite_master). The
// file is written under PATH.tmp and renamed only when complete.
#include <fmt/format.h>
#include <sqlite3.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <random>
#include <string>
#include <unordered_map>
#include <vector>

#include "common/clock.h"
#include "common/crypto.h"
#include "domain/dossier_code.h"
#include "domain/local_date.h"
#include "service/auth_service.h"
#include "storage/applicant_key.h"
#include "storage/database.h"
#include "storage/migrations.h"

// GCC 12 at -O2 reports a false "may be used uninitialized" inside std::variant's string member
// when values are pushed into storage::Params, and inside std::optional<int64_t> (GCC bug 105562
// family), as in service/report_synthetic.cc.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif

namespace {

using namespace motcua;

// Bump when the generated rows change.
constexpr int kGeneratorVersion = 2;
constexpr int kDepartments = 30;
constexpr int kCommunes = 150;
constexpr int kProcedures = 1500;
constexpr int kFields = 40;
constexpr int64_t kRowsPerTransaction = 500000;

[[noreturn]] void Die(const std::string& what) {
  std::fprintf(stderr, "bench_generate: %s\n", what.c_str());
  std::exit(1);
}

void Check(const Status& st, const char* what) {
  if (!st.ok()) Die(fmt::format("{}: {}", what, st.ToString()));
}

void Check(int rc, sqlite3* db, const std::string& what) {
  if (rc == SQLITE_OK || rc == SQLITE_DONE || rc == SQLITE_ROW) return;
  Die(fmt::format("{}: {}", what, sqlite3_errmsg(db)));
}

void Exec(sqlite3* db, const std::string& sql) {
  Check(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr), db, sql);
}

// Brings a reused database to today's schema: the pending migrations only.
void MigrateForward(const std::string& path) {
  storage::DatabaseOptions options(path);
  options.synchronous_full = false;
  auto opened = storage::OpenDatabase(options);
  if (!opened.ok()) Die("open " + path + ": " + opened.status().ToString());
  auto applied = storage::Migrate(*opened.value());
  Check(applied.status(), "migrate forward");
  if (applied.value() > 0) {
    fmt::print(stderr, "bench_generate: migrated {} forward ({} migration(s))\n", path,
               applied.value());
  }
}

std::string AgencyCode(int id) {
  if (id == 1) return "000.00.00.H99";
  return id <= 1 + kDepartments ? fmt::format("000.{:02}.00.H99", id)
                                : fmt::format("000.00.{:02}.H99", id);
}

// Agencies, procedures and the report reader, through the project's own storage and services.
void Prepare(const std::string& path) {
  storage::DatabaseOptions options(path);
  options.synchronous_full = false;
  auto opened = storage::OpenDatabase(options);
  if (!opened.ok()) Die("open " + path + ": " + opened.status().ToString());
  auto db = std::move(opened).value();
  Check(storage::Migrate(*db).status(), "migrate");
  Check(db->Write([&](storage::Connection& c) -> Status {
    for (int i = 1; i <= 1 + kDepartments + kCommunes; ++i) {
      const bool dept = i > 1 && i <= 1 + kDepartments;
      std::string name = i == 1 ? std::string("UBND tỉnh Thử Nghiệm")
                         : dept ? fmt::format("Sở thử nghiệm {}", i)
                                : fmt::format("UBND xã Thử Nghiệm {}", i);
      storage::Params p{int64_t{i}, AgencyCode(i), name,
                        std::string(i == 1 ? "province"
                                    : dept ? "department"
                                           : "commune")};
      p.push_back(i == 1 ? storage::Value(nullptr) : storage::Value(int64_t{1}));
      p.push_back(i == 1 ? std::string("/1/") : fmt::format("/1/{}/", i));
      p.push_back(int64_t{dept ? 0 : 1});
      MOTCUA_RETURN_IF_ERROR(
          c.Exec("INSERT INTO agencies (id, code, name, type, parent_id, path, "
                 "is_one_stop_centre, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, 0, 0)",
                 p)
              .status());
    }
    static const char* kOnline[] = {"none", "mot_phan", "toan_trinh"};
    for (int p = 0; p < kProcedures; ++p) {
      MOTCUA_RETURN_IF_ERROR(
          c.Exec("INSERT INTO procedures (code, name, field_code, level, online_level, "
                 "current_version, updated_at) VALUES (?, ?, ?, 'province', ?, 1, 0)",
                 {fmt::format("9.{:06}", p), fmt::format("Thủ tục thử nghiệm {}", p),
                  fmt::format("F{:02}", p % kFields), std::string(kOnline[p % 3])})
              .status());
    }
    return Status::Ok();
  }),
        "agencies and procedures");
  InitCrypto();
  service::AuthService auth(*db, SystemClock::Instance(), {});
  auto user = auth.CreateUser(
      nullptr, {"bench.leader", "motcua-bench", "Lãnh đạo thử nghiệm", "leader", AgencyCode(1)});
  Check(user.status(), "create bench.leader");
  db->Close();
}

const char* kFamily[] = {"Nguyễn", "Trần", "Lê",  "Phạm", "Hoàng", "Huỳnh", "Phan",  "Vũ",
                         "Võ",     "Đặng", "Bùi", "Đỗ",   "Hồ",    "Ngô",   "Dương", "Lý"};
const char* kMiddle[] = {"Văn", "Thị", "Hữu", "Minh", "Thanh", "Ngọc", "Đức", "Thu", "Quang"};
const char* kGiven[] = {"An",  "Bình", "Chi",  "Dũng",  "Hà",   "Hải",  "Hạnh", "Hùng",
                        "Lan", "Linh", "Long", "Mai",   "Nam",  "Ngân", "Phúc", "Quân",
                        "Sơn", "Tâm",  "Thảo", "Trang", "Tuấn", "Vân",  "Việt", "Yến"};

template <size_t N>
const char* Pick(const char* const (&a)[N], uint64_t r) {
  return a[r % N];
}

struct Counter {
  int64_t sequence = 0;
};

void Load(const std::string& path, int64_t rows, uint64_t seed, int codes_wanted,
          std::vector<std::string>& codes) {
  sqlite3* db = nullptr;
  Check(sqlite3_open(path.c_str(), &db), db, "open " + path);
  Exec(db, "PRAGMA journal_mode=DELETE");
  Exec(db, "PRAGMA journal_mode=OFF");
  Exec(db, "PRAGMA synchronous=OFF");
  Exec(db, "PRAGMA locking_mode=EXCLUSIVE");
  Exec(db, "PRAGMA cache_size=-1048576");  // 1 GiB: the code index stays in memory
  Exec(db, "PRAGMA temp_store=MEMORY");

  std::vector<std::string> index_sql;
  {
    sqlite3_stmt* s = nullptr;
    Check(sqlite3_prepare_v2(db,
                             "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS "
                             "NOT NULL AND tbl_name IN ('dossiers', 'dossier_steps')",
                             -1, &s, nullptr),
          db, "list indexes");
    std::vector<std::string> names;
    while (sqlite3_step(s) == SQLITE_ROW) {
      names.emplace_back(reinterpret_cast<const char*>(sqlite3_column_text(s, 0)));
      index_sql.emplace_back(reinterpret_cast<const char*>(sqlite3_column_text(s, 1)));
    }
    sqlite3_finalize(s);
    for (const auto& n : names) Exec(db, "DROP INDEX " + n);
  }

  sqlite3_stmt* ins = nullptr;
  Check(sqlite3_prepare_v2(
            db,
            "INSERT INTO dossiers (id, code, procedure_code, procedure_version, agency_id, "
            "channel, applicant, status, submitted_at, received_at, legal_due_at, finished_at, "
            "returned_at, updated_at, due_at, current_step_id, current_agency_id, applicant_key) "
            "VALUES (?1, ?2, ?3, 1, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?10, ?14, ?15, "
            "?16)",
            -1, &ins, nullptr),
        db, "prepare dossiers");
  sqlite3_stmt* step = nullptr;
  Check(sqlite3_prepare_v2(db,
                           "INSERT INTO dossier_steps (id, dossier_id, seq, position, name, "
                           "agency_id, role, quota_hours, started_at, due_at, ended_at, "
                           "end_action, timeliness) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                           -1, &step, nullptr),
        db, "prepare steps");

  const int agencies = 1 + kDepartments + kCommunes;
  std::vector<std::string> agency_codes(agencies + 1);
  for (int i = 1; i <= agencies; ++i) agency_codes[i] = AgencyCode(i);
  const int64_t from = domain::StartOfLocalDay({2021, 1, 1});
  const int64_t to = domain::StartOfLocalDay({2026, 1, 1});
  const int64_t span = to - from;
  std::mt19937_64 rng(seed);
  auto uniform = [&](int64_t lo, int64_t hi) {  // [lo, hi]
    return lo + static_cast<int64_t>(rng() % static_cast<uint64_t>(hi - lo + 1));
  };
  static const char* kChannels[] = {"counter", "online", "postal"};
  std::unordered_map<int64_t, Counter> sequences;  // agency * 100000 + day number
  sequences.reserve(static_cast<size_t>(std::min<int64_t>(rows, 2'000'000)));
  const int64_t code_every = std::max<int64_t>(1, rows / std::max(codes_wanted, 1));
  int64_t step_id = 0;

  auto bind_opt = [](sqlite3_stmt* s, int i, const std::optional<int64_t>& v) {
    if (v)
      sqlite3_bind_int64(s, i, *v);
    else
      sqlite3_bind_null(s, i);
  };
  auto add_step = [&](int64_t dossier, int seq, const char* name, int64_t agency, const char* role,
                      int quota, int64_t started, std::optional<int64_t> due,
                      std::optional<int64_t> ended, const char* action) {
    sqlite3_reset(step);
    sqlite3_bind_int64(step, 1, ++step_id);
    sqlite3_bind_int64(step, 2, dossier);
    sqlite3_bind_int(step, 3, seq);
    sqlite3_bind_int(step, 4, seq - 1);
    sqlite3_bind_text(step, 5, name, -1, SQLITE_STATIC);
    sqlite3_bind_int64(step, 6, agency);
    sqlite3_bind_text(step, 7, role, -1, SQLITE_STATIC);
    sqlite3_bind_int(step, 8, quota);
    sqlite3_bind_int64(step, 9, started);
    bind_opt(step, 10, due);
    bind_opt(step, 11, ended);
    const char* tl = nullptr;
    if (ended && due) tl = *ended <= *due ? "on_time" : "late";
    if (ended)
      sqlite3_bind_text(step, 12, action, -1, SQLITE_STATIC);
    else
      sqlite3_bind_null(step, 12);
    if (tl)
      sqlite3_bind_text(step, 13, tl, -1, SQLITE_STATIC);
    else
      sqlite3_bind_null(step, 13);
    Check(sqlite3_step(step), db, "insert step");
    return step_id;
  };

  const auto t_rows = std::chrono::steady_clock::now();
  Exec(db, "BEGIN");
  std::string code, applicant, procedure, id_number, applicant_key;
  for (int64_t id = 1; id <= rows; ++id) {
    // The same distribution as service::GenerateSyntheticDossiers: received times increase
    // with the id (as in a live system) with jitter, 78% closed with a spread of timeliness.
    int64_t received = from + span * (id - 1) / rows + uniform(0, 3599);
    const int64_t agency = uniform(1, agencies);
    const int64_t proc = uniform(0, kProcedures - 1);
    const char* channel = kChannels[uniform(0, 9) < 6 ? 0 : (uniform(0, 1) ? 1 : 2)];
    const int64_t days = uniform(0, 15);
    std::optional<int64_t> due;
    if (uniform(0, 99) >= 2) due = received + days * 86400 + uniform(3600, 8 * 3600);
    const int64_t roll = uniform(0, 999);
    const char* status;
    std::optional<int64_t> rec = received, fin, ret;
    const int64_t submitted = received - uniform(0, 86400);
    const int64_t base = due.value_or(received + 5 * 86400);
    if (roll < 780) {
      const int64_t t = uniform(0, 99);
      if (t < 60)
        fin = received + (base - received) * uniform(10, 90) / 100;
      else if (t < 75)
        fin = base - uniform(0, 6 * 3600);
      else if (t < 80)
        fin = base;
      else if (t < 83)
        fin = base + uniform(1, 59);
      else
        fin = base + uniform(60, 10 * 86400);
      if (*fin < received) fin = received;
      if (uniform(0, 3)) {
        status = "returned";
        ret = *fin + uniform(0, 3 * 86400);
      } else {
        status = "finished";
      }
    } else if (roll < 860) {
      status = "in_process";
    } else if (roll < 890) {
      status = "waiting_supplement";
    } else if (roll < 910) {
      status = "received";
    } else if (roll < 930) {
      status = "withdrawn";
      fin = received + uniform(0, 10 * 86400);
    } else if (roll < 945) {
      status = "stopped";
      fin = received + uniform(0, 10 * 86400);
    } else if (roll < 970) {
      status = "refused";
      rec.reset();
      due.reset();
      fin = submitted + uniform(0, 3600);
    } else {
      status = uniform(0, 1) ? "submitted" : "incomplete";
      rec.reset();
      due.reset();
    }
    const int64_t updated =
        std::max({submitted, rec.value_or(0), fin.value_or(0), ret.value_or(0)});

    const int64_t issued = rec.value_or(submitted);
    const domain::LocalDate day = domain::LocalDateOf(issued);
    const int64_t seq = ++sequences[agency * 100000 + day.DayNumber()].sequence;
    code = fmt::format("{}-{}-{:04}", agency_codes[agency], domain::DossierCodeDay(day), seq);
    if (id % code_every == 0 && static_cast<int>(codes.size()) < codes_wanted)
      codes.push_back(code);
    const uint64_t r = rng();
    id_number = fmt::format("0{:02}{:09}", (r >> 24) % 96, (r >> 32) % 1000000000);
    applicant =
        fmt::format(R"({{"type":"citizen","full_name":"{} {} {}","id_number":"{}",)"
                    R"("phone":"09{:08}","address":"Số {} đường Thử Nghiệm, {}",)"
                    R"("notify":{{"sms":true,"email":false}}}})",
                    Pick(kFamily, r), Pick(kMiddle, r >> 8), Pick(kGiven, r >> 16), id_number,
                    (r >> 20) % 100000000, (r >> 40) % 300 + 1, agency_codes[agency]);
    applicant_key = storage::ApplicantKeyOfIdNumber(id_number);
    procedure = fmt::format("9.{:06}", proc);

    // Steps: reception at the receiving agency, then processing there (open while in process).
    std::optional<int64_t> current_step, current_agency;
    const int64_t first_step = step_id + 1;
    if (rec) {
      add_step(id, 1, "Tiếp nhận hồ sơ", agency, "reception_officer", 4, *rec, *rec + 4 * 3600,
               *rec, "forward");
      const bool open = !fin;
      add_step(id, 2, "Thẩm định, giải quyết", agency, "specialist", static_cast<int>(days * 8 + 8),
               *rec, due, fin, "approve");
      if (open && std::string_view(status) != "waiting_supplement") {
        current_step = first_step + 1;
        current_agency = agency;
      }
    }
    sqlite3_reset(ins);
    sqlite3_bind_int64(ins, 1, id);
    sqlite3_bind_text(ins, 2, code.data(), static_cast<int>(code.size()), SQLITE_STATIC);
    sqlite3_bind_text(ins, 3, procedure.data(), static_cast<int>(procedure.size()), SQLITE_STATIC);
    sqlite3_bind_int64(ins, 4, agency);
    sqlite3_bind_text(ins, 5, channel, -1, SQLITE_STATIC);
    sqlite3_bind_text(ins, 6, applicant.data(), static_cast<int>(applicant.size()), SQLITE_STATIC);
    sqlite3_bind_text(ins, 7, status, -1, SQLITE_STATIC);
    sqlite3_bind_int64(ins, 8, submitted);
    bind_opt(ins, 9, rec);
    bind_opt(ins, 10, due);
    bind_opt(ins, 11, fin);
    bind_opt(ins, 12, ret);
    sqlite3_bind_int64(ins, 13, updated);
    bind_opt(ins, 14, current_step);
    bind_opt(ins, 15, current_agency);
    sqlite3_bind_text(ins, 16, applicant_key.data(), static_cast<int>(applicant_key.size()),
                      SQLITE_STATIC);
    Check(sqlite3_step(ins), db, "insert dossier");
    if (id % kRowsPerTransaction == 0) {
      Exec(db, "COMMIT");
      Exec(db, "BEGIN");
    }
  }
  Exec(db, "COMMIT");
  sqlite3_finalize(ins);
  sqlite3_finalize(step);
  const auto t_index = std::chrono::steady_clock::now();
  for (const auto& sql : index_sql) Exec(db, sql);
  fmt::print(stderr, "bench_generate: rows {:.1f} s, indexes {:.1f} s\n",
             std::chrono::duration<double>(t_index - t_rows).count(),
             std::chrono::duration<double>(std::chrono::steady_clock::now() - t_index).count());
  Exec(db, "PRAGMA locking_mode=NORMAL");
  Exec(db, "PRAGMA journal_mode=WAL");
  Check(sqlite3_close(db), db, "close");
}

}  // namespace

int main(int argc, char** argv) {
  int64_t rows = 0;
  std::string dir = "/tmp";
  int codes_wanted = 20000;
  uint64_t seed = 42;
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string k = argv[i];
    if (k == "--rows") rows = std::atoll(argv[i + 1]);
    if (k == "--dir") dir = argv[i + 1];
    if (k == "--codes") codes_wanted = std::atoi(argv[i + 1]);
    if (k == "--seed") seed = std::strtoull(argv[i + 1], nullptr, 10);
  }
  if (rows < 1) Die("usage: bench_generate --rows N [--dir DIR] [--codes K] [--seed S]");
  const std::string path =
      fmt::format("{}/motcua-bench-scale-g{}-{}.db", dir, kGeneratorVersion, rows);
  namespace fs = std::filesystem;
  if (fs::exists(path) && fs::exists(path + ".codes")) {
    MigrateForward(path);
    fmt::print("{}\n", path);
    return 0;
  }
  const std::string tmp = path + ".tmp";
  for (const char* suffix : {"", "-wal", "-shm", "-journal"}) fs::remove(tmp + suffix);
  auto t0 = std::chrono::steady_clock::now();
  Prepare(tmp);
  fmt::print(stderr, "bench_generate: schema, agencies, procedures, user {:.1f} s\n",
             std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
  std::vector<std::string> codes;
  Load(tmp, rows, seed, codes_wanted, codes);
  std::shuffle(codes.begin(), codes.end(), std::mt19937_64(seed));
  {
    std::ofstream out(path + ".codes");
    for (const auto& c : codes) out << c << '\n';
    if (!out) Die("write " + path + ".codes");
  }
  fs::rename(tmp, path);
  for (const char* suffix : {"-wal", "-shm"}) fs::remove(tmp + suffix);
  const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  fmt::print(stderr, "bench_generate: {} dossiers in {:.1f} s ({:.0f} rows/s) -> {}\n", rows, s,
             rows / s, path);
  fmt::print("{}\n", path);
  return 0;
}
