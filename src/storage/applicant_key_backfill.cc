#include "storage/applicant_key_backfill.h"

#include <algorithm>

#include "storage/applicant_key.h"

namespace motcua::storage {
namespace {

// Whether dossiers up to the high-water mark are still waiting for their key.
Result<bool> Pending(Connection& c) {
  MOTCUA_ASSIGN_OR_RETURN(auto row, c.QueryOne("SELECT after_id, through_id FROM "
                                               "applicant_key_backfill WHERE id = 1"));
  return row && row->Int(0) < row->Int(1);
}

}  // namespace

Result<int64_t> BackfillApplicantKeys(Database& db, int batch_rows, std::stop_token stop) {
  batch_rows = std::max(batch_rows, 1);
  bool pending = false;
  MOTCUA_RETURN_IF_ERROR(db.Read([&](Connection& c) -> Status {
    MOTCUA_ASSIGN_OR_RETURN(pending, Pending(c));
    return Status::Ok();
  }));
  int64_t keyed = 0;
  while (pending) {
    if (stop.stop_requested()) return Status(Code::kUnavailable, "cancelled");
    // The cursor is read again inside each transaction: two processes starting together
    // serialise on the writer and the second carries on from the first's progress.
    int64_t keyed_now = 0;
    MOTCUA_RETURN_IF_ERROR(db.Write([&](Connection& c) -> Status {
      keyed_now = 0;  // the callback may run again (decision 0020)
      MOTCUA_ASSIGN_OR_RETURN(auto state, c.QueryOne("SELECT after_id, through_id FROM "
                                                     "applicant_key_backfill WHERE id = 1"));
      if (!state || state->Int(0) >= state->Int(1)) {
        pending = false;
        return Status::Ok();
      }
      const int64_t after = state->Int(0);
      const int64_t through = state->Int(1);
      MOTCUA_ASSIGN_OR_RETURN(auto rows,
                              c.Query("SELECT id, applicant FROM dossiers WHERE id > ? AND id <= ? "
                                      "AND applicant_key IS NULL ORDER BY id LIMIT ?",
                                      {after, through, int64_t{batch_rows}}));
      for (const Row& r : rows) {
        std::string key = ApplicantKeyOfApplicantJson(r.Text(1));
        if (key.empty()) continue;  // no id number: stays NULL
        MOTCUA_ASSIGN_OR_RETURN(int64_t n,
                                c.Exec("UPDATE dossiers SET applicant_key = ? WHERE id = ?",
                                       {std::move(key), r.Int(0)}));
        keyed_now += n;
      }
      const int64_t next =
          static_cast<int>(rows.size()) < batch_rows ? through : rows.back().Int(0);
      pending = next < through;
      return c.Exec("UPDATE applicant_key_backfill SET after_id = ? WHERE id = 1", {next}).status();
    }));
    keyed += keyed_now;
  }
  return keyed;
}

}  // namespace motcua::storage
