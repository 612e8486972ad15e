#include "service/report_synthetic.h"

#include <fmt/format.h>

#include <random>
#include <string>
#include <vector>

// GCC 12 at -O2 reports a false "may be used uninitialized" inside std::variant's string member
// when integers are pushed into storage::Params in a loop (GCC bug 105562 family).
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif

namespace motcua::service {

Status GenerateSyntheticDossiers(storage::Database& db, const SyntheticOptions& o) {
  const int agencies = 1 + o.departments + o.communes;
  MOTCUA_RETURN_IF_ERROR(db.Write([&](storage::Connection& c) -> Status {
    MOTCUA_RETURN_IF_ERROR(
        c.Exec("INSERT INTO agencies (id, code, name, type, parent_id, path, is_one_stop_centre, "
               "created_at, updated_at) VALUES (1, '000.00.00.H99', 'UBND tỉnh Thử Nghiệm', "
               "'province', NULL, '/1/', 1, 0, 0)")
            .status());
    for (int i = 2; i <= agencies; ++i) {
      const bool dept = i <= 1 + o.departments;
      std::string code =
          dept ? fmt::format("000.{:02}.00.H99", i) : fmt::format("000.00.{:02}.H99", i);
      std::string name =
          dept ? fmt::format("Sở thử nghiệm {}", i) : fmt::format("UBND xã Thử Nghiệm {}", i);
      MOTCUA_RETURN_IF_ERROR(
          c.Exec("INSERT INTO agencies (id, code, name, type, parent_id, path, "
                 "is_one_stop_centre, created_at, updated_at) VALUES (?, ?, ?, ?, 1, ?, ?, 0, 0)",
                 {int64_t{i}, code, name, std::string(dept ? "department" : "commune"),
                  fmt::format("/1/{}/", i), int64_t{dept ? 0 : 1}})
              .status());
    }
    static const char* kOnline[] = {"none", "mot_phan", "toan_trinh"};
    for (int p = 0; p < o.procedures; ++p) {
      MOTCUA_RETURN_IF_ERROR(
          c.Exec("INSERT INTO procedures (code, name, field_code, level, online_level, "
                 "current_version, updated_at) VALUES (?, ?, ?, 'province', ?, 1, 0)",
                 {fmt::format("9.{:06}", p), fmt::format("Thủ tục thử nghiệm {}", p),
                  fmt::format("F{:02}", p % o.fields), std::string(kOnline[p % 3])})
              .status());
    }
    return Status::Ok();
  }));

  std::mt19937_64 rng(o.seed);
  auto uniform = [&](int64_t lo, int64_t hi) {  // [lo, hi]
    return std::uniform_int_distribution<int64_t>(lo, hi)(rng);
  };
  static const char* kChannels[] = {"counter", "online", "postal"};
  constexpr int kBatchRows = 400;
  constexpr int kColumns = 13;
  std::string batch_sql =
      "INSERT INTO dossiers (id, code, procedure_code, procedure_version, agency_id, channel, "
      "applicant, status, submitted_at, received_at, legal_due_at, finished_at, returned_at, "
      "updated_at, due_at) VALUES ";
  // due_at mirrors legal_due_at: appended as the 14th parameter.
  std::string one = "(?, ?, ?, 1, ?, ?, '{}', ?, ?, ?, ?, ?, ?, ?, ?)";
  std::string full_batch = batch_sql;
  for (int i = 0; i < kBatchRows; ++i) full_batch += (i ? ", " : "") + one;
  const int64_t span = o.to - o.from;
  int64_t id = 0;
  while (id < o.count) {
    const int64_t n = std::min<int64_t>(o.count - id, 50000);  // rows per transaction
    const int64_t first = id;
    MOTCUA_RETURN_IF_ERROR(db.Write([&](storage::Connection& c) -> Status {
      id = first;  // the callback may run again (decision 0020)
      storage::Params params;
      params.reserve(kBatchRows * kColumns);
      int rows = 0;
      auto flush = [&](bool force) -> Status {
        if (rows == 0 || (!force && rows < kBatchRows)) return Status::Ok();
        std::string sql = rows == kBatchRows ? full_batch : batch_sql;
        if (rows != kBatchRows)
          for (int i = 0; i < rows; ++i) sql += (i ? ", " : "") + one;
        MOTCUA_RETURN_IF_ERROR(c.Exec(sql, params).status());
        params.clear();
        rows = 0;
        return Status::Ok();
      };
      for (int64_t k = 0; k < n; ++k) {
        ++id;
        // Received times increase with the id (as in a live system), with jitter.
        int64_t received =
            o.from + span * (id - 1) / std::max<int64_t>(o.count, 1) + uniform(0, 3599);
        const int64_t agency = uniform(1, agencies);
        const int64_t proc = uniform(0, o.procedures - 1);
        const char* channel = kChannels[uniform(0, 9) < 6 ? 0 : (uniform(0, 1) ? 1 : 2)];
        const int64_t days = uniform(0, 15);
        std::optional<int64_t> due;
        if (uniform(0, 99) >= 2) due = received + days * 86400 + uniform(3600, 8 * 3600);
        const int64_t roll = uniform(0, 999);
        std::string status;
        std::optional<int64_t> rec = received, fin, ret;
        int64_t submitted = received - uniform(0, 86400);
        const int64_t base = due.value_or(received + 5 * 86400);
        if (roll < 780) {
          const int64_t t = uniform(0, 99);
          if (t < 60)
            fin = received + (base - received) * uniform(10, 90) / 100;  // early-ish
          else if (t < 75)
            fin = base - uniform(0, 6 * 3600);  // same day
          else if (t < 80)
            fin = base;  // exactly due
          else if (t < 83)
            fin = base + uniform(1, 59);  // seconds late
          else
            fin = base + uniform(60, 10 * 86400);  // late
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
        int64_t updated = std::max({submitted, rec.value_or(0), fin.value_or(0), ret.value_or(0)});
        auto opt = [](const std::optional<int64_t>& v) {
          return v ? storage::Value(*v) : storage::Value(nullptr);
        };
        params.push_back(id);
        params.push_back(fmt::format("SYN-{:09}", id));
        params.push_back(fmt::format("9.{:06}", proc));
        params.push_back(agency);
        params.push_back(std::string(channel));
        params.push_back(status);
        params.push_back(submitted);
        params.push_back(opt(rec));
        params.push_back(opt(due));
        params.push_back(opt(fin));
        params.push_back(opt(ret));
        params.push_back(updated);
        params.push_back(opt(due));
        ++rows;
        MOTCUA_RETURN_IF_ERROR(flush(false));
      }
      return flush(true);
    }));
  }
  return Status::Ok();
}

}  // namespace motcua::service
