#include "storage/migrations.h"

#include "storage/audit_chain.h"

namespace motcua::storage {
namespace {

// Instants are Unix seconds (UTC). Agencies carry a materialised path ("/1/4/9/") so that
// "this agency's subtree" is one indexed prefix comparison in both dialects.
constexpr std::string_view kIdentitySqlite = R"sql(
CREATE TABLE agencies (
  id INTEGER PRIMARY KEY,
  code TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  short_name TEXT NOT NULL DEFAULT '',
  type TEXT NOT NULL,
  parent_id INTEGER REFERENCES agencies(id),
  path TEXT NOT NULL,
  is_one_stop_centre INTEGER NOT NULL DEFAULT 0,
  address TEXT NOT NULL DEFAULT '',
  abolished_at INTEGER,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX agencies_path ON agencies(path);
CREATE INDEX agencies_parent ON agencies(parent_id);
CREATE TABLE counters (
  id INTEGER PRIMARY KEY,
  agency_id INTEGER NOT NULL REFERENCES agencies(id),
  number INTEGER NOT NULL,
  name TEXT NOT NULL,
  fields TEXT NOT NULL DEFAULT '',
  active INTEGER NOT NULL DEFAULT 1,
  UNIQUE (agency_id, number)
);
CREATE TABLE users (
  id INTEGER PRIMARY KEY,
  username TEXT NOT NULL UNIQUE,
  password_hash TEXT NOT NULL,
  full_name TEXT NOT NULL,
  role TEXT NOT NULL,
  agency_id INTEGER REFERENCES agencies(id),
  active INTEGER NOT NULL DEFAULT 1,
  created_at INTEGER NOT NULL
);
CREATE INDEX users_agency ON users(agency_id);
CREATE TABLE sessions (
  token_hash TEXT PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES users(id),
  csrf_token TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL
);
CREATE INDEX sessions_user ON sessions(user_id);
CREATE TABLE audit_log (
  id INTEGER PRIMARY KEY,
  at INTEGER NOT NULL,
  actor_user_id INTEGER,
  actor_username TEXT NOT NULL,
  actor_agency_id INTEGER,
  action TEXT NOT NULL,
  object_type TEXT NOT NULL,
  object_id TEXT NOT NULL,
  detail TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX audit_log_at ON audit_log(at);
)sql";

constexpr std::string_view kIdentityPostgres = R"sql(
CREATE TABLE agencies (
  id BIGSERIAL PRIMARY KEY,
  code TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  short_name TEXT NOT NULL DEFAULT '',
  type TEXT NOT NULL,
  parent_id BIGINT REFERENCES agencies(id),
  path TEXT NOT NULL,
  is_one_stop_centre INTEGER NOT NULL DEFAULT 0,
  address TEXT NOT NULL DEFAULT '',
  abolished_at BIGINT,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX agencies_path ON agencies(path text_pattern_ops);
CREATE INDEX agencies_parent ON agencies(parent_id);
CREATE TABLE counters (
  id BIGSERIAL PRIMARY KEY,
  agency_id BIGINT NOT NULL REFERENCES agencies(id),
  number INTEGER NOT NULL,
  name TEXT NOT NULL,
  fields TEXT NOT NULL DEFAULT '',
  active INTEGER NOT NULL DEFAULT 1,
  UNIQUE (agency_id, number)
);
CREATE TABLE users (
  id BIGSERIAL PRIMARY KEY,
  username TEXT NOT NULL UNIQUE,
  password_hash TEXT NOT NULL,
  full_name TEXT NOT NULL,
  role TEXT NOT NULL,
  agency_id BIGINT REFERENCES agencies(id),
  active INTEGER NOT NULL DEFAULT 1,
  created_at BIGINT NOT NULL
);
CREATE INDEX users_agency ON users(agency_id);
CREATE TABLE sessions (
  token_hash TEXT PRIMARY KEY,
  user_id BIGINT NOT NULL REFERENCES users(id),
  csrf_token TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL
);
CREATE INDEX sessions_user ON sessions(user_id);
CREATE TABLE audit_log (
  id BIGSERIAL PRIMARY KEY,
  at BIGINT NOT NULL,
  actor_user_id BIGINT,
  actor_username TEXT NOT NULL,
  actor_agency_id BIGINT,
  action TEXT NOT NULL,
  object_type TEXT NOT NULL,
  object_id TEXT NOT NULL,
  detail TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX audit_log_at ON audit_log(at);
)sql";

// The catalogue keeps every version of a procedure's publication as a JSON document (lossless
// for import/export) with the columns that filters and lists need beside it.
constexpr std::string_view kCatalogueSqlite = R"sql(
CREATE TABLE procedures (
  id INTEGER PRIMARY KEY,
  code TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  field_code TEXT NOT NULL,
  level TEXT NOT NULL,
  online_level TEXT NOT NULL,
  current_version INTEGER NOT NULL,
  retired_at INTEGER,
  updated_at INTEGER NOT NULL
);
CREATE TABLE procedure_versions (
  procedure_id INTEGER NOT NULL REFERENCES procedures(id),
  version INTEGER NOT NULL,
  effective_from TEXT NOT NULL,
  effective_to TEXT,
  document TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  created_by TEXT NOT NULL,
  PRIMARY KEY (procedure_id, version)
);
CREATE TABLE calendar_overrides (
  id INTEGER PRIMARY KEY,
  day TEXT NOT NULL,
  kind TEXT NOT NULL,
  name TEXT NOT NULL,
  agency_id INTEGER REFERENCES agencies(id),
  created_at INTEGER NOT NULL,
  created_by TEXT NOT NULL
);
CREATE UNIQUE INDEX calendar_overrides_day ON calendar_overrides(day, COALESCE(agency_id, 0));
)sql";

constexpr std::string_view kCataloguePostgres = R"sql(
CREATE TABLE procedures (
  id BIGSERIAL PRIMARY KEY,
  code TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  field_code TEXT NOT NULL,
  level TEXT NOT NULL,
  online_level TEXT NOT NULL,
  current_version INTEGER NOT NULL,
  retired_at BIGINT,
  updated_at BIGINT NOT NULL
);
CREATE TABLE procedure_versions (
  procedure_id BIGINT NOT NULL REFERENCES procedures(id),
  version INTEGER NOT NULL,
  effective_from TEXT NOT NULL,
  effective_to TEXT,
  document TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  created_by TEXT NOT NULL,
  PRIMARY KEY (procedure_id, version)
);
CREATE TABLE calendar_overrides (
  id BIGSERIAL PRIMARY KEY,
  day TEXT NOT NULL,
  kind TEXT NOT NULL,
  name TEXT NOT NULL,
  agency_id BIGINT REFERENCES agencies(id),
  created_at BIGINT NOT NULL,
  created_by TEXT NOT NULL
);
CREATE UNIQUE INDEX calendar_overrides_day ON calendar_overrides(day, COALESCE(agency_id, 0));
)sql";

// The dossier lifecycle (issue 5). The applicant is a JSON document kept out of every index: it
// holds personal data (id number, phone, address) that must not leak through query plans or
// index-only scans. `version` is the optimistic-concurrency counter (UPDATE ... WHERE version = ?).
// `due_at` is the appointment in force (moved by pauses and by the one extension); `legal_due_at`
// is moved by pauses only, and timeliness is judged against it (docs/decisions/0003).
// dossier_sequences hands out the per-agency, per-day numbers of dossier codes inside the
// receiving transaction, so a rolled-back reception gives its number back: no gaps, no
// duplicates. dossier_history is append-only, enforced by triggers.
constexpr std::string_view kDossiersSqlite = R"sql(
CREATE TABLE dossiers (
  id INTEGER PRIMARY KEY,
  code TEXT NOT NULL UNIQUE,
  procedure_code TEXT NOT NULL,
  procedure_version INTEGER NOT NULL,
  agency_id INTEGER NOT NULL REFERENCES agencies(id),
  channel TEXT NOT NULL,
  applicant TEXT NOT NULL,
  applicant_user_id INTEGER REFERENCES users(id),
  status TEXT NOT NULL,
  outcome TEXT,
  version INTEGER NOT NULL DEFAULT 1,
  submitted_at INTEGER NOT NULL,
  received_at INTEGER,
  due_at INTEGER,
  legal_due_at INTEGER,
  paused_at INTEGER,
  extended_at INTEGER,
  extension_reason TEXT,
  finished_at INTEGER,
  returned_at INTEGER,
  return_method TEXT,
  current_step_id INTEGER,
  current_agency_id INTEGER REFERENCES agencies(id),
  timeliness TEXT,
  components TEXT NOT NULL DEFAULT '[]',
  result TEXT NOT NULL DEFAULT '{}',
  created_by INTEGER REFERENCES users(id),
  updated_at INTEGER NOT NULL
);
CREATE INDEX dossiers_queue ON dossiers(current_agency_id, status, due_at);
CREATE INDEX dossiers_agency ON dossiers(agency_id, status, due_at);
CREATE INDEX dossiers_received ON dossiers(agency_id, received_at);
CREATE INDEX dossiers_applicant_user ON dossiers(applicant_user_id);
CREATE TABLE dossier_steps (
  id INTEGER PRIMARY KEY,
  dossier_id INTEGER NOT NULL REFERENCES dossiers(id),
  seq INTEGER NOT NULL,
  position INTEGER NOT NULL,
  name TEXT NOT NULL DEFAULT '',
  agency_id INTEGER NOT NULL REFERENCES agencies(id),
  role TEXT NOT NULL,
  assignee_user_id INTEGER REFERENCES users(id),
  quota_hours INTEGER,
  started_at INTEGER NOT NULL,
  due_at INTEGER,
  paused_at INTEGER,
  ended_at INTEGER,
  end_action TEXT,
  handed_over_by INTEGER REFERENCES users(id),
  ended_by INTEGER REFERENCES users(id),
  timeliness TEXT,
  UNIQUE (dossier_id, seq)
);
CREATE INDEX dossier_steps_agency ON dossier_steps(agency_id, ended_at);
CREATE INDEX dossier_steps_assignee ON dossier_steps(assignee_user_id, ended_at);
CREATE TABLE dossier_history (
  id INTEGER PRIMARY KEY,
  dossier_id INTEGER NOT NULL REFERENCES dossiers(id),
  at INTEGER NOT NULL,
  actor_user_id INTEGER REFERENCES users(id),
  actor_name TEXT NOT NULL,
  actor_role TEXT NOT NULL,
  agency_id INTEGER REFERENCES agencies(id),
  action TEXT NOT NULL,
  from_status TEXT,
  to_status TEXT NOT NULL,
  step_id INTEGER,
  comment TEXT NOT NULL DEFAULT '',
  detail TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX dossier_history_dossier ON dossier_history(dossier_id, id);
CREATE TABLE dossier_sequences (
  agency_id INTEGER NOT NULL REFERENCES agencies(id),
  day TEXT NOT NULL,
  last_number INTEGER NOT NULL,
  PRIMARY KEY (agency_id, day)
);
CREATE TABLE attachments (
  id INTEGER PRIMARY KEY,
  dossier_id INTEGER REFERENCES dossiers(id),
  kind TEXT NOT NULL,
  component_code TEXT NOT NULL DEFAULT '',
  sha256 TEXT NOT NULL,
  mime TEXT NOT NULL,
  size_bytes INTEGER NOT NULL,
  original_name TEXT NOT NULL,
  digitised INTEGER NOT NULL DEFAULT 0,
  uploaded_by INTEGER REFERENCES users(id),
  uploaded_at INTEGER NOT NULL
);
CREATE INDEX attachments_dossier ON attachments(dossier_id);
CREATE INDEX attachments_sha256 ON attachments(sha256);
CREATE TABLE idempotency_keys (
  user_id INTEGER NOT NULL,
  idem_key TEXT NOT NULL,
  request_hash TEXT NOT NULL,
  status_code INTEGER NOT NULL,
  response TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (user_id, idem_key)
);
CREATE INDEX idempotency_keys_created ON idempotency_keys(created_at);
CREATE TRIGGER dossier_history_no_update BEFORE UPDATE ON dossier_history
BEGIN SELECT RAISE(ABORT, 'dossier_history is append-only'); END;
CREATE TRIGGER dossier_history_no_delete BEFORE DELETE ON dossier_history
BEGIN SELECT RAISE(ABORT, 'dossier_history is append-only'); END;
)sql";

constexpr std::string_view kDossiersPostgres = R"sql(
CREATE TABLE dossiers (
  id BIGSERIAL PRIMARY KEY,
  code TEXT NOT NULL UNIQUE,
  procedure_code TEXT NOT NULL,
  procedure_version INTEGER NOT NULL,
  agency_id BIGINT NOT NULL REFERENCES agencies(id),
  channel TEXT NOT NULL,
  applicant TEXT NOT NULL,
  applicant_user_id BIGINT REFERENCES users(id),
  status TEXT NOT NULL,
  outcome TEXT,
  version INTEGER NOT NULL DEFAULT 1,
  submitted_at BIGINT NOT NULL,
  received_at BIGINT,
  due_at BIGINT,
  legal_due_at BIGINT,
  paused_at BIGINT,
  extended_at BIGINT,
  extension_reason TEXT,
  finished_at BIGINT,
  returned_at BIGINT,
  return_method TEXT,
  current_step_id BIGINT,
  current_agency_id BIGINT REFERENCES agencies(id),
  timeliness TEXT,
  components TEXT NOT NULL DEFAULT '[]',
  result TEXT NOT NULL DEFAULT '{}',
  created_by BIGINT REFERENCES users(id),
  updated_at BIGINT NOT NULL
);
CREATE INDEX dossiers_queue ON dossiers(current_agency_id, status, due_at);
CREATE INDEX dossiers_agency ON dossiers(agency_id, status, due_at);
CREATE INDEX dossiers_received ON dossiers(agency_id, received_at);
CREATE INDEX dossiers_applicant_user ON dossiers(applicant_user_id);
CREATE TABLE dossier_steps (
  id BIGSERIAL PRIMARY KEY,
  dossier_id BIGINT NOT NULL REFERENCES dossiers(id),
  seq INTEGER NOT NULL,
  position INTEGER NOT NULL,
  name TEXT NOT NULL DEFAULT '',
  agency_id BIGINT NOT NULL REFERENCES agencies(id),
  role TEXT NOT NULL,
  assignee_user_id BIGINT REFERENCES users(id),
  quota_hours INTEGER,
  started_at BIGINT NOT NULL,
  due_at BIGINT,
  paused_at BIGINT,
  ended_at BIGINT,
  end_action TEXT,
  handed_over_by BIGINT REFERENCES users(id),
  ended_by BIGINT REFERENCES users(id),
  timeliness TEXT,
  UNIQUE (dossier_id, seq)
);
CREATE INDEX dossier_steps_agency ON dossier_steps(agency_id, ended_at);
CREATE INDEX dossier_steps_assignee ON dossier_steps(assignee_user_id, ended_at);
CREATE TABLE dossier_history (
  id BIGSERIAL PRIMARY KEY,
  dossier_id BIGINT NOT NULL REFERENCES dossiers(id),
  at BIGINT NOT NULL,
  actor_user_id BIGINT REFERENCES users(id),
  actor_name TEXT NOT NULL,
  actor_role TEXT NOT NULL,
  agency_id BIGINT REFERENCES agencies(id),
  action TEXT NOT NULL,
  from_status TEXT,
  to_status TEXT NOT NULL,
  step_id BIGINT,
  comment TEXT NOT NULL DEFAULT '',
  detail TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX dossier_history_dossier ON dossier_history(dossier_id, id);
CREATE TABLE dossier_sequences (
  agency_id BIGINT NOT NULL REFERENCES agencies(id),
  day TEXT NOT NULL,
  last_number BIGINT NOT NULL,
  PRIMARY KEY (agency_id, day)
);
CREATE TABLE attachments (
  id BIGSERIAL PRIMARY KEY,
  dossier_id BIGINT REFERENCES dossiers(id),
  kind TEXT NOT NULL,
  component_code TEXT NOT NULL DEFAULT '',
  sha256 TEXT NOT NULL,
  mime TEXT NOT NULL,
  size_bytes BIGINT NOT NULL,
  original_name TEXT NOT NULL,
  digitised INTEGER NOT NULL DEFAULT 0,
  uploaded_by BIGINT REFERENCES users(id),
  uploaded_at BIGINT NOT NULL
);
CREATE INDEX attachments_dossier ON attachments(dossier_id);
CREATE INDEX attachments_sha256 ON attachments(sha256);
CREATE TABLE idempotency_keys (
  user_id BIGINT NOT NULL,
  idem_key TEXT NOT NULL,
  request_hash TEXT NOT NULL,
  status_code INTEGER NOT NULL,
  response TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  PRIMARY KEY (user_id, idem_key)
);
CREATE INDEX idempotency_keys_created ON idempotency_keys(created_at);
CREATE FUNCTION dossier_history_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN RAISE EXCEPTION 'dossier_history is append-only' USING ERRCODE = 'check_violation'; END $$;
CREATE TRIGGER dossier_history_no_change BEFORE UPDATE OR DELETE ON dossier_history
FOR EACH ROW EXECUTE FUNCTION dossier_history_append_only();
)sql";

// Evaluation (issue 8): the applicant's ratings (phiếu đánh giá) entered on paper at the counter,
// on the kiosk or online, one column per answered indicator (0–2, NULL when not answered); and
// complaints and requests (phản ánh, kiến nghị — PAKN) about a dossier or an official, with their
// due instant in working days from the working calendar and the outcome (substantiated or not).
// dossiers_updated lets the report index fetch only the dossiers changed since its last look.
constexpr std::string_view kEvaluationSqlite = R"sql(
CREATE TABLE ratings (
  id INTEGER PRIMARY KEY,
  dossier_id INTEGER NOT NULL REFERENCES dossiers(id),
  channel TEXT NOT NULL,
  bodies_contacted INTEGER,
  publication INTEGER,
  attitude INTEGER,
  supplements INTEGER,
  satisfied INTEGER NOT NULL,
  comment TEXT NOT NULL DEFAULT '',
  entered_by INTEGER REFERENCES users(id),
  at INTEGER NOT NULL
);
CREATE INDEX ratings_dossier ON ratings(dossier_id);
CREATE INDEX ratings_at ON ratings(at);
CREATE TABLE complaints (
  id INTEGER PRIMARY KEY,
  dossier_id INTEGER REFERENCES dossiers(id),
  official_user_id INTEGER REFERENCES users(id),
  agency_id INTEGER NOT NULL REFERENCES agencies(id),
  channel TEXT NOT NULL,
  content TEXT NOT NULL,
  received_at INTEGER NOT NULL,
  due_at INTEGER NOT NULL,
  due_working_days INTEGER NOT NULL,
  assigned_agency_id INTEGER REFERENCES agencies(id),
  assigned_user_id INTEGER REFERENCES users(id),
  answered_at INTEGER,
  answer TEXT NOT NULL DEFAULT '',
  substantiated INTEGER,
  created_by INTEGER REFERENCES users(id)
);
CREATE INDEX complaints_agency ON complaints(agency_id, received_at);
CREATE INDEX complaints_dossier ON complaints(dossier_id);
CREATE INDEX complaints_official ON complaints(official_user_id);
CREATE INDEX dossiers_updated ON dossiers(updated_at);
)sql";

constexpr std::string_view kEvaluationPostgres = R"sql(
CREATE TABLE ratings (
  id BIGSERIAL PRIMARY KEY,
  dossier_id BIGINT NOT NULL REFERENCES dossiers(id),
  channel TEXT NOT NULL,
  bodies_contacted INTEGER,
  publication INTEGER,
  attitude INTEGER,
  supplements INTEGER,
  satisfied INTEGER NOT NULL,
  comment TEXT NOT NULL DEFAULT '',
  entered_by BIGINT REFERENCES users(id),
  at BIGINT NOT NULL
);
CREATE INDEX ratings_dossier ON ratings(dossier_id);
CREATE INDEX ratings_at ON ratings(at);
CREATE TABLE complaints (
  id BIGSERIAL PRIMARY KEY,
  dossier_id BIGINT REFERENCES dossiers(id),
  official_user_id BIGINT REFERENCES users(id),
  agency_id BIGINT NOT NULL REFERENCES agencies(id),
  channel TEXT NOT NULL,
  content TEXT NOT NULL,
  received_at BIGINT NOT NULL,
  due_at BIGINT NOT NULL,
  due_working_days INTEGER NOT NULL,
  assigned_agency_id BIGINT REFERENCES agencies(id),
  assigned_user_id BIGINT REFERENCES users(id),
  answered_at BIGINT,
  answer TEXT NOT NULL DEFAULT '',
  substantiated INTEGER,
  created_by BIGINT REFERENCES users(id)
);
CREATE INDEX complaints_agency ON complaints(agency_id, received_at);
CREATE INDEX complaints_dossier ON complaints(dossier_id);
CREATE INDEX complaints_official ON complaints(official_user_id);
CREATE INDEX dossiers_updated ON dossiers(updated_at);
)sql";

// Applicant recall at the counter (issue 6): dossiers.applicant_key is a hash of the applicant's
// identity number (storage/applicant_key.h), never the number, indexed with the id so that an
// applicant's newest dossier is one index probe. Rows that exist now get their key in code right
// after the migrations (storage/applicant_key_backfill.h), from after_id up to through_id, the
// highest id at this migration; later rows are written with their key.
constexpr std::string_view kApplicantKeySqlite = R"sql(
ALTER TABLE dossiers ADD COLUMN applicant_key TEXT;
CREATE INDEX dossiers_applicant_key ON dossiers(applicant_key, id);
CREATE TABLE applicant_key_backfill (
  id INTEGER PRIMARY KEY,
  after_id INTEGER NOT NULL,
  through_id INTEGER NOT NULL
);
INSERT INTO applicant_key_backfill (id, after_id, through_id)
SELECT 1, 0, COALESCE(MAX(id), 0) FROM dossiers;
)sql";

constexpr std::string_view kApplicantKeyPostgres = R"sql(
ALTER TABLE dossiers ADD COLUMN applicant_key TEXT;
CREATE INDEX dossiers_applicant_key ON dossiers(applicant_key, id);
CREATE TABLE applicant_key_backfill (
  id INTEGER PRIMARY KEY,
  after_id BIGINT NOT NULL,
  through_id BIGINT NOT NULL
);
INSERT INTO applicant_key_backfill (id, after_id, through_id)
SELECT 1, 0, COALESCE(MAX(id), 0) FROM dossiers;
)sql";

// Life events (Decree 63/2024, issue 14): one online submission creates the linked dossiers of
// a group (birth: khai sinh, thường trú, thẻ BHYT; death: khai tử, xóa thường trú, mai táng).
// The submission is a row; each dossier it created is linked to it with its place in the group,
// so that every dossier page can list its siblings. A dossier belongs to at most one group.
constexpr std::string_view kLifeEventsSqlite = R"sql(
CREATE TABLE life_event_submissions (
  id INTEGER PRIMARY KEY,
  event_id TEXT NOT NULL,
  applicant_user_id INTEGER REFERENCES users(id),
  created_at INTEGER NOT NULL
);
CREATE TABLE life_event_dossiers (
  submission_id INTEGER NOT NULL REFERENCES life_event_submissions(id),
  dossier_id INTEGER NOT NULL UNIQUE REFERENCES dossiers(id),
  position INTEGER NOT NULL,
  PRIMARY KEY (submission_id, position)
);
)sql";

constexpr std::string_view kLifeEventsPostgres = R"sql(
CREATE TABLE life_event_submissions (
  id BIGSERIAL PRIMARY KEY,
  event_id TEXT NOT NULL,
  applicant_user_id BIGINT REFERENCES users(id),
  created_at BIGINT NOT NULL
);
CREATE TABLE life_event_dossiers (
  submission_id BIGINT NOT NULL REFERENCES life_event_submissions(id),
  dossier_id BIGINT NOT NULL UNIQUE REFERENCES dossiers(id),
  position INTEGER NOT NULL,
  PRIMARY KEY (submission_id, position)
);
)sql";

// Tamper evidence (issue 15, storage/audit_chain.h): the hash-chain columns of the two
// append-only tables. The append-only triggers are dropped here so that LinkChainsOfOldRows can
// write the links of the rows that exist; EnsureAppendOnlyTriggers puts them back at every start.
constexpr std::string_view kAuditChainSqlite = R"sql(
DROP TRIGGER IF EXISTS dossier_history_no_update;
DROP TRIGGER IF EXISTS dossier_history_no_delete;
ALTER TABLE dossier_history ADD COLUMN prev_hash TEXT;
ALTER TABLE dossier_history ADD COLUMN row_hash TEXT;
ALTER TABLE audit_log ADD COLUMN prev_hash TEXT;
ALTER TABLE audit_log ADD COLUMN row_hash TEXT;
)sql";

constexpr std::string_view kAuditChainPostgres = R"sql(
DROP TRIGGER IF EXISTS dossier_history_no_change ON dossier_history;
ALTER TABLE dossier_history ADD COLUMN prev_hash TEXT;
ALTER TABLE dossier_history ADD COLUMN row_hash TEXT;
ALTER TABLE audit_log ADD COLUMN prev_hash TEXT;
ALTER TABLE audit_log ADD COLUMN row_hash TEXT;
)sql";

Status LinkChainsOfOldRows(Connection& c) {
  for (const ChainedTable* t : ChainedTables()) MOTCUA_RETURN_IF_ERROR(LinkUnchainedRows(c, *t));
  return Status::Ok();
}

// Forgotten passwords by e-mail (issue 17): an optional address per user, kept lower-cased so
// that the unique index is case-blind, and one-time reset tokens of which only the SHA-256 is
// stored, like sessions. A partial unique index would differ per dialect; NULLs never collide
// in either, so a plain unique index allows any number of users without an address.
constexpr std::string_view kPasswordResetSqlite = R"sql(
ALTER TABLE users ADD COLUMN email TEXT;
CREATE UNIQUE INDEX users_email ON users(email);
CREATE TABLE password_resets (
  token_hash TEXT PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES users(id),
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  used_at INTEGER
);
CREATE INDEX password_resets_user ON password_resets(user_id);
)sql";

constexpr std::string_view kPasswordResetPostgres = R"sql(
ALTER TABLE users ADD COLUMN email TEXT;
CREATE UNIQUE INDEX users_email ON users(email);
CREATE TABLE password_resets (
  token_hash TEXT PRIMARY KEY,
  user_id BIGINT NOT NULL REFERENCES users(id),
  created_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL,
  used_at BIGINT
);
CREATE INDEX password_resets_user ON password_resets(user_id);
)sql";

// Postal hand-over (issue 16, part 4; decision 0018): the tracking number of a dossier sent by
// post (inbound) or of a result returned by post (outbound), one row per parcel, and the
// carrier's delivery events. A carrier's number names one parcel, so (carrier, tracking_number)
// is unique and the carrier's webhook finds the shipment by it; a carrier's own event id is
// unique per shipment, so a pushed event delivered twice is stored once.
constexpr std::string_view kPostalSqlite = R"sql(
CREATE TABLE postal_shipments (
  id INTEGER PRIMARY KEY,
  dossier_id INTEGER NOT NULL REFERENCES dossiers(id),
  direction TEXT NOT NULL CHECK (direction IN ('inbound', 'outbound')),
  carrier TEXT NOT NULL,
  tracking_number TEXT NOT NULL,
  status TEXT NOT NULL,
  recorded_by INTEGER REFERENCES users(id),
  recorded_at INTEGER NOT NULL,
  registered_at INTEGER,
  last_event_at INTEGER,
  UNIQUE (carrier, tracking_number)
);
CREATE INDEX postal_shipments_dossier ON postal_shipments(dossier_id);
CREATE TABLE postal_events (
  id INTEGER PRIMARY KEY,
  shipment_id INTEGER NOT NULL REFERENCES postal_shipments(id),
  carrier_event_id TEXT NOT NULL,
  event_code TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  location TEXT NOT NULL DEFAULT '',
  occurred_at INTEGER NOT NULL,
  received_at INTEGER NOT NULL,
  UNIQUE (shipment_id, carrier_event_id)
);
)sql";

constexpr std::string_view kPostalPostgres = R"sql(
CREATE TABLE postal_shipments (
  id BIGSERIAL PRIMARY KEY,
  dossier_id BIGINT NOT NULL REFERENCES dossiers(id),
  direction TEXT NOT NULL CHECK (direction IN ('inbound', 'outbound')),
  carrier TEXT NOT NULL,
  tracking_number TEXT NOT NULL,
  status TEXT NOT NULL,
  recorded_by BIGINT REFERENCES users(id),
  recorded_at BIGINT NOT NULL,
  registered_at BIGINT,
  last_event_at BIGINT,
  UNIQUE (carrier, tracking_number)
);
CREATE INDEX postal_shipments_dossier ON postal_shipments(dossier_id);
CREATE TABLE postal_events (
  id BIGSERIAL PRIMARY KEY,
  shipment_id BIGINT NOT NULL REFERENCES postal_shipments(id),
  carrier_event_id TEXT NOT NULL,
  event_code TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  location TEXT NOT NULL DEFAULT '',
  occurred_at BIGINT NOT NULL,
  received_at BIGINT NOT NULL,
  UNIQUE (shipment_id, carrier_event_id)
);
)sql";

// Electronic results (issue 16, decision 0017): the signed PDF of a dossier's result, in the
// attachment store by its SHA-256, with who signed it and with which certificate. `source` says
// whether staff uploaded the document or the system generated the result notice.
constexpr std::string_view kResultDocumentsSqlite = R"sql(
CREATE TABLE result_documents (
  id INTEGER PRIMARY KEY,
  dossier_id INTEGER NOT NULL REFERENCES dossiers(id),
  kind TEXT NOT NULL CHECK (kind IN ('result', 'form')),
  source TEXT NOT NULL CHECK (source IN ('uploaded', 'generated')),
  sha256 TEXT NOT NULL,
  size_bytes INTEGER NOT NULL,
  original_name TEXT NOT NULL DEFAULT '',
  signed_at INTEGER NOT NULL,
  signer_agency_code TEXT NOT NULL,
  signer_subject TEXT NOT NULL,
  cert_serial TEXT NOT NULL,
  cert_sha256 TEXT NOT NULL,
  created_by INTEGER REFERENCES users(id),
  created_at INTEGER NOT NULL
);
CREATE INDEX result_documents_dossier ON result_documents(dossier_id);
)sql";

constexpr std::string_view kResultDocumentsPostgres = R"sql(
CREATE TABLE result_documents (
  id BIGSERIAL PRIMARY KEY,
  dossier_id BIGINT NOT NULL REFERENCES dossiers(id),
  kind TEXT NOT NULL CHECK (kind IN ('result', 'form')),
  source TEXT NOT NULL CHECK (source IN ('uploaded', 'generated')),
  sha256 TEXT NOT NULL,
  size_bytes BIGINT NOT NULL,
  original_name TEXT NOT NULL DEFAULT '',
  signed_at BIGINT NOT NULL,
  signer_agency_code TEXT NOT NULL,
  signer_subject TEXT NOT NULL,
  cert_serial TEXT NOT NULL,
  cert_sha256 TEXT NOT NULL,
  created_by BIGINT REFERENCES users(id),
  created_at BIGINT NOT NULL
);
CREATE INDEX result_documents_dossier ON result_documents(dossier_id);
)sql";

// Notifications (issue 16, decision 0015): the outbox written in the transaction of the change
// it tells about, delivered by the worker of `motcua serve` (status queued -> sent, or failed
// and tried again after a back-off, dead after the last attempt; skipped when the recipient
// opted out meanwhile). An account's channel choices; the addresses that unsubscribed (by the
// link of an e-mail, of which only the SHA-256 is stored).
constexpr std::string_view kNotificationsSqlite = R"sql(
CREATE TABLE notification_outbox (
  id INTEGER PRIMARY KEY,
  dossier_id INTEGER REFERENCES dossiers(id),
  complaint_id INTEGER REFERENCES complaints(id),
  event TEXT NOT NULL,
  channel TEXT NOT NULL,
  recipient TEXT NOT NULL,
  payload TEXT NOT NULL,
  status TEXT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at INTEGER NOT NULL,
  last_error TEXT NOT NULL DEFAULT '',
  created_at INTEGER NOT NULL,
  sent_at INTEGER
);
CREATE INDEX notification_outbox_due ON notification_outbox(status, next_attempt_at);
CREATE INDEX notification_outbox_dossier ON notification_outbox(dossier_id, id);
CREATE TABLE notification_preferences (
  user_id INTEGER PRIMARY KEY REFERENCES users(id),
  email INTEGER NOT NULL,
  sms INTEGER NOT NULL,
  zalo INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE TABLE notification_optouts (
  channel TEXT NOT NULL,
  recipient TEXT NOT NULL,
  at INTEGER NOT NULL,
  PRIMARY KEY (channel, recipient)
);
CREATE TABLE notification_unsubscribe_links (
  token_hash TEXT PRIMARY KEY,
  channel TEXT NOT NULL,
  recipient TEXT NOT NULL,
  created_at INTEGER NOT NULL
);
)sql";

constexpr std::string_view kNotificationsPostgres = R"sql(
CREATE TABLE notification_outbox (
  id BIGSERIAL PRIMARY KEY,
  dossier_id BIGINT REFERENCES dossiers(id),
  complaint_id BIGINT REFERENCES complaints(id),
  event TEXT NOT NULL,
  channel TEXT NOT NULL,
  recipient TEXT NOT NULL,
  payload TEXT NOT NULL,
  status TEXT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at BIGINT NOT NULL,
  last_error TEXT NOT NULL DEFAULT '',
  created_at BIGINT NOT NULL,
  sent_at BIGINT
);
CREATE INDEX notification_outbox_due ON notification_outbox(status, next_attempt_at);
CREATE INDEX notification_outbox_dossier ON notification_outbox(dossier_id, id);
CREATE TABLE notification_preferences (
  user_id BIGINT PRIMARY KEY REFERENCES users(id),
  email INTEGER NOT NULL,
  sms INTEGER NOT NULL,
  zalo INTEGER NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE TABLE notification_optouts (
  channel TEXT NOT NULL,
  recipient TEXT NOT NULL,
  at BIGINT NOT NULL,
  PRIMARY KEY (channel, recipient)
);
CREATE TABLE notification_unsubscribe_links (
  token_hash TEXT PRIMARY KEY,
  channel TEXT NOT NULL,
  recipient TEXT NOT NULL,
  created_at BIGINT NOT NULL
);
)sql";

// Fees and payment (issue 16, decision 0016): what was paid for a dossier, at the counter (cash,
// POS with the slip's number) or online through the gateway (txn_ref is our vnp_TxnRef); the
// electronic receipt's number (receipt_no, numbered per receiving agency and year in
// receipt_series) and the token of its public check; every notification the gateway sent, kept
// as it came (signature checked or not) for the daily reconciliation; refunds of paid fees when
// the dossier is refused or stopped. The amount due itself lives in the dossier's result
// document ("fee"), written by the request-payment transition.
constexpr std::string_view kPaymentsSqlite = R"sql(
CREATE TABLE payments (
  id INTEGER PRIMARY KEY,
  dossier_id INTEGER NOT NULL REFERENCES dossiers(id),
  agency_id INTEGER NOT NULL REFERENCES agencies(id),
  channel TEXT NOT NULL,
  method TEXT NOT NULL,
  amount INTEGER NOT NULL,
  status TEXT NOT NULL,
  txn_ref TEXT UNIQUE,
  gateway_txn_no TEXT NOT NULL DEFAULT '',
  bank_code TEXT NOT NULL DEFAULT '',
  counter_receipt_no TEXT NOT NULL DEFAULT '',
  receipt_no TEXT UNIQUE,
  receipt_token TEXT NOT NULL DEFAULT '',
  payer_name TEXT NOT NULL DEFAULT '',
  recorded_by INTEGER REFERENCES users(id),
  created_at INTEGER NOT NULL,
  paid_at INTEGER
);
CREATE INDEX payments_dossier ON payments(dossier_id);
CREATE INDEX payments_created ON payments(created_at);
CREATE TABLE receipt_series (
  agency_id INTEGER NOT NULL REFERENCES agencies(id),
  year INTEGER NOT NULL,
  last_number INTEGER NOT NULL,
  PRIMARY KEY (agency_id, year)
);
CREATE TABLE gateway_notifications (
  id INTEGER PRIMARY KEY,
  received_at INTEGER NOT NULL,
  txn_ref TEXT NOT NULL DEFAULT '',
  amount INTEGER,
  response_code TEXT NOT NULL DEFAULT '',
  gateway_txn_no TEXT NOT NULL DEFAULT '',
  signature_ok INTEGER NOT NULL,
  answer TEXT NOT NULL
);
CREATE INDEX gateway_notifications_at ON gateway_notifications(received_at);
CREATE TABLE refunds (
  id INTEGER PRIMARY KEY,
  payment_id INTEGER NOT NULL UNIQUE REFERENCES payments(id),
  dossier_id INTEGER NOT NULL REFERENCES dossiers(id),
  amount INTEGER NOT NULL,
  status TEXT NOT NULL,
  reason TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  refunded_at INTEGER,
  refunded_by INTEGER REFERENCES users(id),
  reference TEXT NOT NULL DEFAULT ''
);
CREATE INDEX refunds_dossier ON refunds(dossier_id);
)sql";

constexpr std::string_view kPaymentsPostgres = R"sql(
CREATE TABLE payments (
  id BIGSERIAL PRIMARY KEY,
  dossier_id BIGINT NOT NULL REFERENCES dossiers(id),
  agency_id BIGINT NOT NULL REFERENCES agencies(id),
  channel TEXT NOT NULL,
  method TEXT NOT NULL,
  amount BIGINT NOT NULL,
  status TEXT NOT NULL,
  txn_ref TEXT UNIQUE,
  gateway_txn_no TEXT NOT NULL DEFAULT '',
  bank_code TEXT NOT NULL DEFAULT '',
  counter_receipt_no TEXT NOT NULL DEFAULT '',
  receipt_no TEXT UNIQUE,
  receipt_token TEXT NOT NULL DEFAULT '',
  payer_name TEXT NOT NULL DEFAULT '',
  recorded_by BIGINT REFERENCES users(id),
  created_at BIGINT NOT NULL,
  paid_at BIGINT
);
CREATE INDEX payments_dossier ON payments(dossier_id);
CREATE INDEX payments_created ON payments(created_at);
CREATE TABLE receipt_series (
  agency_id BIGINT NOT NULL REFERENCES agencies(id),
  year INTEGER NOT NULL,
  last_number BIGINT NOT NULL,
  PRIMARY KEY (agency_id, year)
);
CREATE TABLE gateway_notifications (
  id BIGSERIAL PRIMARY KEY,
  received_at BIGINT NOT NULL,
  txn_ref TEXT NOT NULL DEFAULT '',
  amount BIGINT,
  response_code TEXT NOT NULL DEFAULT '',
  gateway_txn_no TEXT NOT NULL DEFAULT '',
  signature_ok INTEGER NOT NULL,
  answer TEXT NOT NULL
);
CREATE INDEX gateway_notifications_at ON gateway_notifications(received_at);
CREATE TABLE refunds (
  id BIGSERIAL PRIMARY KEY,
  payment_id BIGINT NOT NULL UNIQUE REFERENCES payments(id),
  dossier_id BIGINT NOT NULL REFERENCES dossiers(id),
  amount BIGINT NOT NULL,
  status TEXT NOT NULL,
  reason TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  refunded_at BIGINT,
  refunded_by BIGINT REFERENCES users(id),
  reference TEXT NOT NULL DEFAULT ''
);
CREATE INDEX refunds_dossier ON refunds(dossier_id);
)sql";

// Chain positions (decision 0023): on PostgreSQL rows are inserted unlinked and a background
// linker links the committed ones, so a row's place in its chain is given at link time and can
// no longer be its id. Every row written before this migration was linked in id order, so its id
// is its position (positions increase; they need not be dense). The unique index is what stops a
// second linker from forking a chain; the partial one lets the linker find the unlinked rows
// without walking the table. The triggers go so that the backfill can write;
// EnsureAppendOnlyTriggers puts them back (letting through only the linker's one-time fill) at
// every start.
constexpr std::string_view kChainPositionSqlite = R"sql(
DROP TRIGGER IF EXISTS dossier_history_no_update;
DROP TRIGGER IF EXISTS dossier_history_no_delete;
DROP TRIGGER IF EXISTS audit_log_no_update;
DROP TRIGGER IF EXISTS audit_log_no_delete;
ALTER TABLE dossier_history ADD COLUMN chain_seq INTEGER;
ALTER TABLE audit_log ADD COLUMN chain_seq INTEGER;
UPDATE dossier_history SET chain_seq = id WHERE row_hash IS NOT NULL;
UPDATE audit_log SET chain_seq = id WHERE row_hash IS NOT NULL;
CREATE UNIQUE INDEX dossier_history_chain_seq ON dossier_history(chain_seq);
CREATE UNIQUE INDEX audit_log_chain_seq ON audit_log(chain_seq);
CREATE INDEX dossier_history_unlinked ON dossier_history(id) WHERE chain_seq IS NULL;
CREATE INDEX audit_log_unlinked ON audit_log(id) WHERE chain_seq IS NULL;
)sql";

constexpr std::string_view kChainPositionPostgres = R"sql(
DROP TRIGGER IF EXISTS dossier_history_no_change ON dossier_history;
DROP TRIGGER IF EXISTS audit_log_no_change ON audit_log;
ALTER TABLE dossier_history ADD COLUMN chain_seq BIGINT;
ALTER TABLE audit_log ADD COLUMN chain_seq BIGINT;
UPDATE dossier_history SET chain_seq = id WHERE row_hash IS NOT NULL;
UPDATE audit_log SET chain_seq = id WHERE row_hash IS NOT NULL;
CREATE UNIQUE INDEX dossier_history_chain_seq ON dossier_history(chain_seq);
CREATE UNIQUE INDEX audit_log_chain_seq ON audit_log(chain_seq);
CREATE INDEX dossier_history_unlinked ON dossier_history(id) WHERE chain_seq IS NULL;
CREATE INDEX audit_log_unlinked ON audit_log(id) WHERE chain_seq IS NULL;
)sql";

}  // namespace

const std::vector<Migration>& AllMigrations() {
  static const auto* migrations = new std::vector<Migration>{
      {1, "identity_and_organisation", kIdentitySqlite, kIdentityPostgres},
      {2, "catalogue_and_calendar", kCatalogueSqlite, kCataloguePostgres},
      {3, "dossiers", kDossiersSqlite, kDossiersPostgres},
      {10, "evaluation", kEvaluationSqlite, kEvaluationPostgres},
      {11, "applicant_key", kApplicantKeySqlite, kApplicantKeyPostgres},
      {13, "life_events", kLifeEventsSqlite, kLifeEventsPostgres},
      {14, "audit_chain", kAuditChainSqlite, kAuditChainPostgres, &LinkChainsOfOldRows},
      {19, "password_reset", kPasswordResetSqlite, kPasswordResetPostgres},
      {20, "notifications", kNotificationsSqlite, kNotificationsPostgres},
      {21, "payments", kPaymentsSqlite, kPaymentsPostgres},
      {22, "result_documents", kResultDocumentsSqlite, kResultDocumentsPostgres},
      {23, "postal", kPostalSqlite, kPostalPostgres},
      {24, "chain_position", kChainPositionSqlite, kChainPositionPostgres},
  };
  return *migrations;
}

}  // namespace motcua::storage
