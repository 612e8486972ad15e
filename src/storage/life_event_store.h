// The rows of life-event submissions (migration 13): one submission, the dossiers it created
// and their place in the group.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/result.h"
#include "storage/database.h"
#include "storage/query_batch.h"

namespace motcua::storage {

struct LifeEventSubmissionRecord {
  int64_t id = 0;
  std::string event_id;  // data/life_events.json: "khai-sinh", "khai-tu"
  std::optional<int64_t> applicant_user_id;
  int64_t created_at = 0;
};

// One dossier of a group as its siblings' pages show it.
struct LifeEventMemberRow {
  int64_t submission_id = 0;
  std::string event_id;
  int position = 0;
  int64_t dossier_id = 0;
  std::string code;
  std::string procedure_code;
  std::string status;
  std::string channel;
  int64_t agency_id = 0;  // receiving agency
  std::optional<int64_t> due_at;
  std::optional<int64_t> applicant_user_id;  // of the dossier
  std::string result;                        // dossiers.result (JSON; holds the routing)
};

Result<LifeEventSubmissionRecord> InsertLifeEventSubmission(Connection& c,
                                                            LifeEventSubmissionRecord record);
Status LinkLifeEventDossier(Connection& c, int64_t submission_id, int64_t dossier_id, int position);
// Every dossier of the group `dossier_id` belongs to, in group order; empty when it belongs to
// none.
Result<std::vector<LifeEventMemberRow>> ListLifeEventGroupOf(Connection& c, int64_t dossier_id);
// The same read added to `batch`: `*out` is filled when the batch runs.
void ListLifeEventGroupOf(QueryBatch& batch, int64_t dossier_id,
                          std::vector<LifeEventMemberRow>* out);
// The dossiers of one submission, in group order.
Result<std::vector<LifeEventMemberRow>> ListLifeEventSubmission(Connection& c,
                                                                int64_t submission_id);
Result<int64_t> CountLifeEventSubmissions(Connection& c);

}  // namespace motcua::storage
