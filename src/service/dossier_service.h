// The dossier lifecycle (issue 5): reception at the counter, online and postal submission, the
// internal workflow step by step, supplements (clock stopped), the one extension, stop,
// withdrawal, result and return; work queues; the public lookup.
//
// Every change is ONE write transaction that: checks the caller's role (domain::DecideTransition)
// and agency scope (the caller's subtree covers the agency holding the current step), checks the
// version the caller saw (optimistic concurrency: a stale version is Conflict "stale_version"),
// updates the dossier and its steps, appends a history row, and, when the request carries an
// Idempotency-Key, stores the reply so that a retry gets it back and changes nothing.
//
// Workflow mapping (documented in docs/dossiers.md): the procedure's leading steps held by
// "reception" form the reception step (the dossier is at the counter: state `received`), its
// trailing "reception" steps the return step (state `finished`), and the steps between them are
// the processing steps of state `in_process`. Parallel groups and conditions run in sequence.
// Each entry into a step is a dossier_steps row with its own due instant from its quota, on the
// calendar of the step's agency; its timeliness is stored when it ends.
//
// Replies are JSON documents (they are what idempotent retries replay); instants appear as
// ISO 8601 with +07:00 and as Unix seconds ("<name>_unix").
#pragma once

#include <boost/json/object.hpp>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/clock.h"
#include "common/result.h"
#include "domain/applicant.h"
#include "service/attachment_store.h"
#include "service/calendar_service.h"
#include "service/catalogue_service.h"
#include "service/lookup_limiter.h"
#include "service/principal.h"
#include "service/result_signer.h"
#include "storage/database.h"
#include "storage/dossier_store.h"
#include "storage/result_document_store.h"

namespace motcua::service {

// One paper of the checklist as submitted.
struct ComponentInput {
  std::string name;
  int originals = 0;
  int copies = 0;
  bool digitised = false;  // scanned and checked at the counter (số hóa)
  std::vector<int64_t> attachment_ids;
};

struct SubmitInput {
  std::string procedure_code;
  std::string channel;  // "counter" | "online" | "postal"
  domain::Applicant applicant;
  std::vector<ComponentInput> components;
  std::string agency_code;            // receiving one-stop point; defaults, see Submit
  std::string competent_agency_code;  // when the procedure leaves it open
  // Counter only: "received" (default), "incomplete" (Mẫu 02: `missing_items` and `reason`) or
  // "refused" (Mẫu 03: `reason`).
  std::string outcome;
  std::vector<std::string> missing_items;
  std::string reason;
  std::string return_method;    // preferred: counter | postal | online
  std::string postal_tracking;  // postal: the hand-over record (số hiệu bưu gửi)
  std::string note;
};

struct ActionInput {
  std::string action;  // domain::DossierActionName
  int64_t version = 0;
  std::string reason;
  std::vector<std::string> missing_items;  // request_supplement
  std::optional<int64_t> new_due_at;       // extend
  std::string return_method;               // return: counter | postal | online
  std::string postal_tracking;             // return by post
  std::string result_note;                 // finish / approve
  std::optional<int64_t> result_attachment_id;
  std::vector<int64_t> attachment_ids;  // supplement: newly attached papers
  // forward/approve from a leader's step to a specialist's step: the specialist (username) who
  // takes it, an active specialist of the next step's agency subtree; empty leaves it to the team.
  std::string assignee;
  // Fees and payment (service/payment_service.h) only; the generic action routes never set
  // them, so "request_payment" and "pay" cannot be taken without an amount or a recorded
  // payment (invalid_action "payment_through_fees" otherwise). `within` runs inside the
  // action's transaction once the transition is decided and the caller's scope checked; it
  // writes the payment rows and may add to the dossier's result document and the history
  // detail. A failure rolls the whole action back.
  std::function<Status(storage::Connection&, const storage::DossierRecord&,
                       boost::json::object& result, boost::json::object& detail)>
      within;
  // request_payment with nothing to pay (an exemption, or every fee free): the assessment is
  // recorded and the dossier stays in process with its clock running.
  bool settled = false;
};

// A file sent together with a submission (a component's scan) or an action (the applicant's
// supplementary papers). The bytes are only borrowed for the call.
struct SentFile {
  std::string_view bytes;
  std::string original_name;
  size_t component = 0;  // SubmitWithFiles: index into SubmitInput::components
};

// The request's Idempotency-Key and a hash of what was asked (method, path, body).
struct Idempotency {
  std::string key;  // empty: none
  std::string request_hash;
};

// An attached file as stored: its row and where its bytes are.
struct AttachmentFile {
  storage::AttachmentRecord record;
  std::string path;
};

// A signed result document as stored: its row and where its bytes are.
struct ResultFile {
  storage::ResultDocumentRecord record;
  std::string path;
};

struct Reply {
  int status_code = 200;
  boost::json::object body;
  bool replayed = false;  // answered from the idempotency record
};

struct DossierServiceOptions {
  int64_t due_soon_office_seconds = 8 * 3600;  // "due soon": within one office day
  int lookup_rate_per_minute = 30;             // public lookups per client address; <= 0: unlimited
  // Same-day (trong ngày) dossiers received at or after this local time (minutes after midnight)
  // count from the next working day; nullopt: no cut-off.
  std::optional<int> same_day_cutoff_minute = 15 * 60;
  // Postal hand-over (decision 0018): the carrier whose tracking numbers are recorded, and its
  // number format (canonical text or Validation "invalid_tracking_number" on the field); unset:
  // Vietnam Post's UPU S10 (domain::NormalizeS10).
  std::string postal_carrier = "vnpost";
  std::function<Result<std::string>(std::string_view, const std::string&)> check_tracking;
};

class DossierService {
 public:
  DossierService(storage::Database& db, const Clock& clock, CatalogueService& catalogue,
                 CalendarService& calendar, AttachmentStore* attachments = nullptr,
                 DossierServiceOptions options = {});

  // Creates a dossier: a reception officer at the counter (channel counter) or registering a
  // postal submission (postal), or a citizen online (online; state submitted until an officer
  // receives it). Every dossier gets its code at creation, numbered per receiving agency per
  // day in the same transaction. 201 with the receipt (Mẫu 01) or the notice (Mẫu 02/03).
  Result<Reply> Submit(const Principal& caller, const SubmitInput& input,
                       const Idempotency& idem = {});

  // Submit with the components' files as one change, the way ActWithFiles does it: every file
  // is content-checked and stored first, then its attachment row is inserted, named in its
  // component's attachment_ids and linked to the new dossier in the submission's transaction.
  // On any failure no row remains. A file refused by the store names "files[i]"; a file whose
  // `component` is out of range is "files[i]" invalid_field.
  Result<Reply> SubmitWithFiles(const Principal& caller, const SubmitInput& input,
                                const std::vector<SentFile>& files, const Idempotency& idem = {});

  // Runs inside SubmitLinked's transaction once every dossier exists (in input order); may add
  // members to the reply body ({"dossiers": [...]}). A failure rolls everything back.
  using LinkedHook =
      std::function<Status(storage::Connection&, const std::vector<storage::DossierRecord>& created,
                           boost::json::object& body)>;
  // Several dossiers as ONE change (a life event, Decree 63/2024): every input is checked as
  // Submit checks it and every file (files[i] for inputs[i], `component` indexing its
  // components) stored first; then the dossiers are created one after the other, each with its
  // own receiving agency, code, competent agency and due instant from its own procedure, and
  // `hook` runs, all in one transaction: a failure of any of them leaves no row. A member's
  // failure names it: "dossiers[i].<field>" (the applicant's fields keep their names). 201 with
  // {"dossiers": [view, ...]} and what `hook` added.
  Result<Reply> SubmitLinked(const Principal& caller, const std::vector<SubmitInput>& inputs,
                             const std::vector<std::vector<SentFile>>& files,
                             const LinkedHook& hook, const Idempotency& idem = {});

  // Runs inside the transaction of every change (creation and action) once its history row is
  // appended: the notification outbox (issue 16) writes its rows there. A failure rolls the
  // change back. Set once at start-up, before requests.
  using ChangeHook = std::function<Status(storage::Connection&, const storage::DossierRecord&,
                                          const storage::DossierHistoryRecord&)>;
  void SetChangeHook(ChangeHook hook) { change_hook_ = std::move(hook); }

  // Takes an action on the dossier `code`. 200 with the dossier as the caller sees it.
  Result<Reply> Act(const Principal& caller, const std::string& code, const ActionInput& input,
                    const Idempotency& idem = {});

  // The supplement with its papers as one change: each file is content-checked and written to
  // the attachment store first, then its attachment row is inserted and linked in the action's
  // own transaction. On any failure no row remains and the files this call added to the store
  // are removed (a file already stored for another attachment stays). A file refused by the
  // store names "files[i]". Only for action "supplement".
  Result<Reply> ActWithFiles(const Principal& caller, const std::string& code,
                             const ActionInput& input, const std::vector<SentFile>& files,
                             const Idempotency& idem = {});

  // Electronic results (issue 16, decision 0017). With a signer, an approve or finish that gives
  // the dossier its (approved) outcome stores a signed result document in the same transaction:
  // `result_file` (a PDF staff attach) or, when none is attached and the dossier came online,
  // the generated result notice (forms/result_notice.h). The PDF is signed (PAdES) with the key
  // of the acting officer's agency or its nearest ancestor and written to the attachment store
  // before the transaction; if the action fails the file this call wrote is removed. A bad file
  // is Validation/UnsupportedMediaType with field "result_file" and changes nothing; a file sent
  // with an action that gives no outcome is Validation "result_not_applicable". Act calls this
  // for approve and finish with no file.
  // `lookup_url` gives the public lookup page of a code (the notice's QR code); may be empty.
  void SetResultSigner(const ResultSigner* signer,
                       std::function<std::string(std::string_view code)> lookup_url = {});
  Result<Reply> ActWithResult(const Principal& caller, const std::string& code,
                              const ActionInput& input, const SentFile* result_file,
                              const Idempotency& idem = {});
  // The newest signed result of the dossier `code`, for a caller who may Get it (never by phone
  // number alone). not_found when there is none or the dossier is not visible. Audited as
  // "result.read".
  Result<ResultFile> ResultDocument(const Principal& caller, const std::string& code);
  // A printed form (Mẫu 01–06, `pdf` as FormsService rendered it for the same caller) signed
  // with the key of the dossier's receiving agency or its nearest ancestor, which issues them.
  // Not stored: the form is rendered and signed again on each request. Unavailable
  // "result_signing_unavailable" without a signer, Validation "signing_key_missing" without a
  // key; not_found when the caller may not Get the dossier.
  Result<std::string> SignForm(const Principal& caller, const std::string& code,
                               std::string_view pdf, const std::string& number);

  // The full dossier (applicant, steps, history, allowed actions) for staff whose subtree
  // covers an agency that held it or the citizen who submitted it. Anyone giving the
  // applicant's phone number (`phone`) sees the progress without personal data (applicant
  // reduced to a masked name, no files; "personal_data_hidden": true) — callers rate-limit
  // that (RequestLimits::PhoneCheck). not_found otherwise (no hint that the code exists).
  // Every successful read leaves an audit row "dossier.read" (service/audit.h AuditRead).
  Result<boost::json::object> Get(const Principal* caller, const std::string& code,
                                  const std::string& phone = {});
  // One file attached to the dossier `code` (the attachments viewer), for a caller who may Get
  // the dossier; never by phone number alone, as a file may be a whole id card. not_found when
  // the dossier is not visible to the caller or `attachment_id` is not one of its files.
  // Audited as "attachment.read".
  Result<AttachmentFile> Attachment(const Principal& caller, const std::string& code,
                                    int64_t attachment_id);
  // Public lookup: masked name, no id number, phone or address. Get and Lookup take the code as
  // typed: blanks around it and lower-case letters are forgiven (domain::NormalizeDossierCode;
  // Get tries the code exactly as given first, for codes imported from legacy systems).
  Result<boost::json::object> Lookup(const std::string& code);

  // Work queues: to_receive, to_appraise, to_approve, to_return, due_soon, overdue,
  // waiting_applicant; within the caller's agency subtree, by remaining office time.
  Result<boost::json::object> Queue(const Principal& caller, const std::string& name, int limit,
                                    int offset);
  // The citizen's own dossiers, newest first.
  Result<boost::json::object> MyDossiers(const Principal& caller, int limit, int offset);

  // The largest file the attachment store takes (the server's upload limit, which also bounds a
  // whole multipart form); 0 without a store.
  int64_t UploadLimitBytes() const { return attachments_ ? attachments_->max_bytes() : 0; }

  // The public lookup's rate limit: 0 when `address` may look up now, else seconds to wait.
  int64_t LookupRetryAfter(const std::string& address) { return limiter_.Acquire(address); }

  // Stores an uploaded file (content-checked) and records it, unattached until a submission or
  // action refers to it by id. 201 {id, sha256, mime, size_bytes}.
  Result<storage::AttachmentRecord> Upload(const Principal& caller, std::string_view bytes,
                                           const std::string& original_name,
                                           const std::string& kind);

 private:
  struct Context;
  // What Submit checks before its transaction: the applicant normalised, the version in force.
  struct CheckedSubmission {
    domain::Applicant applicant;
    ProcedureVersion version;
    std::string outcome;
    std::string postal_tracking;  // canonical; postal channel only
  };
  struct Created {
    storage::DossierRecord dossier;
    boost::json::object view;
  };
  // The tracking number as the carrier writes it, or Validation on "postal_tracking".
  Result<std::string> CheckTracking(std::string_view text) const;
  Result<CheckedSubmission> CheckSubmission(const Principal& caller, const SubmitInput& in,
                                            int64_t now);
  // Creates one dossier inside the caller's transaction `c`.
  Result<Created> Create(storage::Connection& c, const Principal& caller, const SubmitInput& in,
                         const CheckedSubmission& checked, int64_t now,
                         const std::vector<storage::AttachmentRecord>* pending,
                         const std::vector<SentFile>* files);
  // Stores `files` (content-checked) and returns their attachment rows, not yet inserted.
  Result<std::vector<storage::AttachmentRecord>> StoreFiles(const Principal& caller,
                                                            const std::vector<SentFile>& files);
  // Submit; `pending` are attachment rows to insert in its transaction, `pending[i]` for
  // component `files[i].component`.
  Result<Reply> SubmitImpl(const Principal& caller, const SubmitInput& in, const Idempotency& idem,
                           const std::vector<storage::AttachmentRecord>* pending,
                           const std::vector<SentFile>* files);
  // Act; `pending` (supplement only) are attachment rows to insert and link in its transaction.
  // A signed result ready to be recorded by ActImpl (dossier_results.cc).
  struct PreparedResult {
    storage::ResultDocumentRecord record;  // without id and dossier
    bool new_file = false;                 // this call wrote the file: remove it if unused
    bool uploaded = false;
  };
  Result<std::optional<PreparedResult>> PrepareResult(const Principal& caller,
                                                      const std::string& code,
                                                      const ActionInput& in,
                                                      const SentFile* result_file);
  void DiscardResult(const PreparedResult& prepared);
  Result<Reply> ActImpl(const Principal& caller, const std::string& code, const ActionInput& in,
                        const Idempotency& idem,
                        const std::vector<storage::AttachmentRecord>* pending,
                        const PreparedResult* prepared = nullptr, bool* result_used = nullptr);
  Result<Reply> Replay(storage::Connection& c, const Principal& caller, const Idempotency& idem,
                       bool* found);
  Status Remember(storage::Connection& c, const Principal& caller, const Idempotency& idem,
                  const Reply& reply);
  // Get without its audit row; `*purpose` says which rule gave access (for the caller's audit).
  Result<boost::json::object> GetUnaudited(const Principal* caller, const std::string& code,
                                           const std::string& phone, std::string* purpose);
  struct ViewHints;  // dossier_service.cc
  Result<boost::json::object> View(storage::Connection& c, const Principal* caller,
                                   const storage::DossierRecord& d, bool full,
                                   const ViewHints* hints = nullptr);
  // The procedure version (code, version) a dossier was received under. A stored version's
  // document never changes (a new version is a new row; only its effective_to is set later, and
  // that is not part of it), so each is parsed once per process and kept. A miss reads it
  // through `c`; `cache`: keep it now (only when `c` sees committed rows alone, i.e. in a
  // Read), otherwise the caller keeps it with RememberProcedure once its Write committed.
  Result<std::shared_ptr<const domain::Procedure>> ProcedureOf(storage::Connection& c,
                                                               const std::string& code, int version,
                                                               bool cache);
  void RememberProcedure(const std::string& code, int version,
                         std::shared_ptr<const domain::Procedure> procedure);

  storage::Database& db_;
  const Clock& clock_;
  CatalogueService& catalogue_;
  CalendarService& calendar_;
  AttachmentStore* attachments_;
  DossierServiceOptions options_;
  const ResultSigner* result_signer_ = nullptr;
  std::function<std::string(std::string_view)> lookup_url_;
  LookupLimiter limiter_;
  ChangeHook change_hook_;
  std::mutex procedures_mu_;  // guards procedures_
  std::map<std::pair<std::string, int>, std::shared_ptr<const domain::Procedure>> procedures_;
};

// "2025-07-14T09:30:00+07:00" for a Unix instant.
std::string IsoVietnam(int64_t unix_seconds);
// Parses ISO 8601 with an offset or Z, "YYYY-MM-DD HH:MM" / "YYYY-MM-DDTHH:MM[:SS]" (Vietnam
// time), or "YYYY-MM-DD" (17:00 Vietnam time, the usual close of the office day).
std::optional<int64_t> ParseInstant(std::string_view text);

}  // namespace motcua::service
