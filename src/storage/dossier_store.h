// SQL for dossiers (hồ sơ) and everything that hangs off them: workflow steps, the append-only
// history, per-agency daily code numbers, attachments and idempotency keys. Every function runs
// on the caller's Connection, so a service composes them into one transaction per transition.
// Statuses, actions and timeliness are stored by their domain names (domain/dossier_state.h,
// domain/timeliness.h); converting is the service's business.
//
// Personal data: `applicant` is a JSON document that may hold an id number, phone and address.
// Nothing here logs it, indexes it or filters on it; Insert and Update keep the hashed
// dossiers.applicant_key beside it (storage/applicant_key.h).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "storage/database.h"
#include "storage/query_batch.h"

namespace motcua::storage {

struct DossierRecord {
  int64_t id = 0;
  std::string code;  // unique, never changes
  std::string procedure_code;
  int procedure_version = 0;
  int64_t agency_id = 0;  // the receiving agency, whose identifier prefixes the code
  std::string channel;    // "counter", "online", "postal"
  std::string applicant;  // JSON (domain/applicant_json.h); personal data
  std::optional<int64_t> applicant_user_id;  // the citizen account that submitted online
  std::string status;                        // DossierStateName
  std::optional<std::string> outcome;        // "approved" / "rejected" once finished
  int64_t version = 1;                       // optimistic concurrency; set by Insert/Update
  int64_t submitted_at = 0;
  std::optional<int64_t> received_at;
  std::optional<int64_t> due_at;        // the appointment in force (pauses and extension)
  std::optional<int64_t> legal_due_at;  // pauses only; timeliness is judged against it
  std::optional<int64_t> paused_at;     // set while the clock is stopped
  std::optional<int64_t> extended_at;   // the one extension (Mẫu 04)
  std::optional<std::string> extension_reason;
  std::optional<int64_t> finished_at;
  std::optional<int64_t> returned_at;
  std::optional<std::string> return_method;  // "counter", "postal", "online"
  std::optional<int64_t> current_step_id;    // dossier_steps.id held now
  std::optional<int64_t> current_agency_id;  // that step's agency (denormalised for queues)
  std::optional<std::string> timeliness;     // TimelinessName, once finished
  std::string components = "[]";             // JSON: checklist with original/copy counts
  std::string result = "{}";                 // JSON: result documents, fees, notes
  std::optional<int64_t> created_by;         // the officer who registered it
  int64_t updated_at = 0;
};

// One entry of the dossier into a workflow step; a step re-entered after send_back is a new row.
// The rows together are the process-control sheet (Phiếu kiểm soát, Mẫu 06).
struct DossierStepRecord {
  int64_t id = 0;
  int64_t dossier_id = 0;
  int seq = 0;       // 1, 2, ... in the order entered; set by InsertDossierStep
  int position = 0;  // index of the step in the procedure's workflow
  std::string name;
  int64_t agency_id = 0;
  std::string role;  // RoleName of who acts at this step
  std::optional<int64_t> assignee_user_id;
  std::optional<int> quota_hours;  // định mức, working hours
  int64_t started_at = 0;
  std::optional<int64_t> due_at;
  std::optional<int64_t> paused_at;
  std::optional<int64_t> ended_at;
  std::optional<std::string> end_action;  // DossierActionName that ended it
  std::optional<int64_t> handed_over_by;  // user who handed the dossier to this step
  std::optional<int64_t> ended_by;        // user who ended it
  std::optional<std::string> timeliness;  // TimelinessName, once ended
  std::string agency_name;                // read only (joined)
};

struct DossierHistoryRecord {
  int64_t id = 0;
  int64_t dossier_id = 0;
  int64_t at = 0;
  std::optional<int64_t> actor_user_id;
  std::string actor_name;
  std::string actor_role;
  std::optional<int64_t> agency_id;
  std::string action;  // DossierActionName, or "submit" / "register" for creation
  std::optional<std::string> from_status;
  std::string to_status;
  std::optional<int64_t> step_id;
  std::string comment;
  std::string detail = "{}";  // JSON; no personal data
};

struct AttachmentRecord {
  int64_t id = 0;
  std::optional<int64_t> dossier_id;  // unset between upload and submission
  std::string kind;                   // "component", "result"
  std::string component_code;
  std::string sha256;  // content address under the data directory
  std::string mime;
  int64_t size_bytes = 0;
  std::string original_name;
  bool digitised = false;  // số hóa: scanned and verified at the counter
  std::optional<int64_t> uploaded_by;
  int64_t uploaded_at = 0;
};

struct IdempotencyRecord {
  int64_t user_id = 0;  // 0 for requests without a user
  std::string key;
  std::string request_hash;  // of method, path and body: a reused key with another body is an error
  int status_code = 0;
  std::string response;  // the first response's JSON, returned again on retry
  int64_t created_at = 0;
};

// Filters of a work queue; unset members do not filter. Results are ordered by due instant
// (soonest first, none last), then id, so the most urgent work comes first.
struct DossierQueueQuery {
  std::optional<int64_t> current_agency_id;        // held by this agency's step
  std::optional<std::string> current_agency_path;  // held within this subtree ("/1/4/")
  std::optional<int64_t> receiving_agency_id;
  std::optional<int64_t> assignee_user_id;       // the current step is assigned to this user
  std::optional<std::string> current_step_role;  // the current step is this role's ("leader")
  std::optional<int64_t> applicant_user_id;
  std::vector<std::string> statuses;      // any of
  std::optional<int64_t> due_before;      // due_at < this (overdue: now; due soon: now + margin)
  std::optional<int64_t> due_not_before;  // due_at >= this
  int limit = 50;
  int offset = 0;
};

// What the public lookup and the dossier page show besides the record.
struct DossierLookup {
  DossierRecord dossier;
  std::string procedure_name;  // empty if the procedure is not in the catalogue
  std::string agency_name;     // receiving agency
  std::string agency_code;
  std::string current_agency_name;  // empty when no step holds it
};

// Inserts a new dossier (version 1) and returns it with its id; Conflict "already_exists" on a
// duplicate code.
Result<DossierRecord> InsertDossier(Connection& c, DossierRecord record);
Result<std::optional<DossierRecord>> FindDossierByCode(Connection& c, const std::string& code);
Result<std::optional<DossierRecord>> FindDossierById(Connection& c, int64_t id);
// Writes every mutable column if the stored version still equals `record.version`, then bumps
// `record.version`. Returns false (and changes nothing) when someone else updated it first:
// the caller reports Conflict "stale_version". Code, procedure, receiving agency, channel and
// submission instant never change.
Result<bool> UpdateDossier(Connection& c, DossierRecord& record);
// The same as a deferred write (Connection::ExecLater): the version is bumped at once, and a
// stale one fails the transaction's next statement (or its commit) with Conflict
// "stale_version". For a change that reads nothing back before its next statement.
Status UpdateDossierLater(Connection& c, DossierRecord& record);

// The next number of `agency_id`'s dossier codes for local day `day` ("YYYY-MM-DD"): 1 for the
// first. Must run inside the transaction that inserts the dossier, so the number is used if and
// only if the dossier commits: no gaps, no duplicates. Both drivers serialise writers; were they
// not to, the upsert's row lock on (agency, day) would still serialise receptions there.
Result<int64_t> NextDossierSequence(Connection& c, int64_t agency_id, const std::string& day);

// Appends the next step entry (seq = max + 1) and returns it with its id and seq.
Result<DossierStepRecord> InsertDossierStep(Connection& c, DossierStepRecord record);
// Updates assignee, due_at, paused_at, ended_at, end_action, ended_by and timeliness. A deferred
// write (Connection::ExecLater): a step that is not there (NotFound "not_found", "step") fails
// the transaction's next statement or its commit.
Status UpdateDossierStep(Connection& c, const DossierStepRecord& record);
Result<std::optional<DossierStepRecord>> FindDossierStep(Connection& c, int64_t step_id);
// The same read added to `batch`: `*out` is filled when the batch runs (likewise below).
void FindDossierStep(QueryBatch& batch, int64_t step_id, std::optional<DossierStepRecord>* out);
// Every entry in seq order, with agency names.
Result<std::vector<DossierStepRecord>> ListDossierSteps(Connection& c, int64_t dossier_id);
void ListDossierSteps(QueryBatch& batch, int64_t dossier_id, std::vector<DossierStepRecord>* out);

// Appends a history row (there is no update or delete: the table refuses them).
Result<int64_t> AppendDossierHistory(Connection& c, const DossierHistoryRecord& record);
// The same when its id is not needed: a deferred write on PostgreSQL (Connection::ExecLater).
Status AppendDossierHistoryLater(Connection& c, const DossierHistoryRecord& record);
Result<std::vector<DossierHistoryRecord>> ListDossierHistory(Connection& c, int64_t dossier_id);
void ListDossierHistory(QueryBatch& batch, int64_t dossier_id,
                        std::vector<DossierHistoryRecord>* out);

Result<std::vector<DossierRecord>> ListDossierQueue(Connection& c, const DossierQueueQuery& query);
Result<int64_t> CountDossierQueue(Connection& c, const DossierQueueQuery& query);

// The dossier with the names a reader needs, or nullopt.
Result<std::optional<DossierLookup>> LookupDossier(Connection& c, const std::string& code);

Result<AttachmentRecord> InsertAttachment(Connection& c, AttachmentRecord record);
Result<std::optional<AttachmentRecord>> FindAttachment(Connection& c, int64_t id);
Result<std::vector<AttachmentRecord>> ListAttachments(Connection& c, int64_t dossier_id);
void ListAttachments(QueryBatch& batch, int64_t dossier_id, std::vector<AttachmentRecord>* out);
// Attaches uploaded files to a dossier and sets their digitised flag; NotFound if any is missing
// or already belongs to another dossier.
Status LinkAttachment(Connection& c, int64_t attachment_id, int64_t dossier_id, bool digitised);

Result<std::optional<IdempotencyRecord>> FindIdempotencyKey(Connection& c, int64_t user_id,
                                                            const std::string& key);
// Conflict "already_exists" if the (user, key) pair was stored meanwhile.
Status InsertIdempotencyKey(Connection& c, const IdempotencyRecord& record);
// Forgets keys created before `before`; returns how many.
Result<int64_t> PurgeIdempotencyKeys(Connection& c, int64_t before);

}  // namespace motcua::storage
