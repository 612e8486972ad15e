// Electronic results (issue 16, decision 0017): the signed result document of a dossier, made
// before the action's transaction and recorded inside it (DossierService::ActImpl).
#include <boost/json.hpp>
#include <filesystem>

#include "common/crypto.h"
#include "domain/dossier_state.h"
#include "forms/pdf_render.h"
#include "forms/result_notice.h"
#include "service/audit.h"
#include "service/dossier_service.h"
#include "storage/agency_store.h"

namespace motcua::service {
namespace json = boost::json;
namespace {

std::string Str(const json::object& o, std::string_view key) {
  const json::value* v = o.if_contains(key);
  return v && v->is_string() ? std::string(v->get_string()) : std::string();
}

std::string Nested(const json::object& o, std::string_view key, std::string_view inner) {
  const json::value* v = o.if_contains(key);
  return v && v->is_object() ? Str(v->get_object(), inner) : std::string();
}

int64_t IntOr0(const json::object& o, std::string_view key) {
  const json::value* v = o.if_contains(key);
  return v && v->is_int64() ? v->get_int64() : 0;
}

// The same failure, naming the upload's form field.
Status AsResultFileError(const Status& st) {
  if (st.code() == Code::kInternal || st.code() == Code::kUnavailable) return st;
  return Status(st.code(), st.reason(), "result_file");
}

}  // namespace

void DossierService::SetResultSigner(const ResultSigner* signer,
                                     std::function<std::string(std::string_view)> lookup_url) {
  result_signer_ = signer;
  lookup_url_ = std::move(lookup_url);
}

Result<std::optional<DossierService::PreparedResult>> DossierService::PrepareResult(
    const Principal& caller, const std::string& code, const ActionInput& in, const SentFile* file) {
  using None = std::optional<PreparedResult>;
  if (!result_signer_ || !attachments_) {
    if (file) return Status(Code::kUnavailable, "result_signing_unavailable", "result_file");
    return None();
  }
  // Without a file only an online dossier gets a result generated and signed here; the rest
  // (most approvals at a counter) go on without building the dossier's full view for nothing.
  // The change itself checks who may do what.
  if (!file) {
    if (!caller.IsStaff() || !caller.agency_id) return None();
    std::string channel;
    MOTCUA_RETURN_IF_ERROR(db_.Read([&](storage::Connection& c) -> Status {
      MOTCUA_ASSIGN_OR_RETURN(auto d, storage::FindDossierByCode(c, code));
      if (d) channel = d->channel;
      return Status::Ok();
    }));
    if (channel != "online") return None();
  }
  // Only people who may see the dossier get as far as a check of their file.
  std::string purpose;
  MOTCUA_ASSIGN_OR_RETURN(auto view, GetUnaudited(&caller, code, {}, &purpose));
  if (!caller.IsStaff() || !caller.agency_id) {
    if (file) return Status::PermissionDenied("role_cannot_act");
    return None();
  }
  const bool uploaded = file != nullptr;
  // Only with the action that gives the result (not an intermediate approval).
  bool gives_result = false;
  if (const json::value* ra = view.if_contains("result_actions"); ra && ra->is_array())
    for (const auto& a : ra->get_array())
      if (a.is_string() && a.get_string() == in.action) gives_result = true;
  if (!gives_result) {
    if (uploaded) return Status::Validation("result_not_applicable", "result_file");
    return None();
  }
  if (!uploaded && Str(view, "channel") != "online") return None();
  if (uploaded) {
    if (file->bytes.empty()) return Status::Validation("empty_file", "result_file");
    if (static_cast<int64_t>(file->bytes.size()) > attachments_->max_bytes())
      return Status(Code::kPayloadTooLarge, "file_too_large", "result_file");
    if (SniffAttachmentType(file->bytes) != "application/pdf")
      return Status(Code::kUnsupportedMediaType, "result_file_not_pdf", "result_file");
  }

  // The acting officer's agency, then its ancestors: the first with a key signs.
  std::vector<std::string> chain;
  std::vector<std::string> names;
  MOTCUA_RETURN_IF_ERROR(db_.Read([&](storage::Connection& c) -> Status {
    std::optional<int64_t> id = caller.agency_id;
    for (int depth = 0; id && depth < 16; ++depth) {
      MOTCUA_ASSIGN_OR_RETURN(auto a, storage::FindAgencyById(c, *id));
      if (!a) break;
      chain.push_back(a->code);
      names.push_back(a->name);
      id = a->parent_id;
    }
    return Status::Ok();
  }));
  auto choice = result_signer_->For(chain);
  if (!choice) {
    if (uploaded) return Status::Validation("signing_key_missing", "result_file");
    return None();
  }
  const int64_t now = clock_.NowSeconds();
  std::string generated;
  if (!uploaded) {
    forms::ResultNoticeData n;
    n.agency_name = names.empty() ? choice->identity->subject : names[0];
    if (names.size() > 1) n.parent_agency = names[1];
    n.decided_at = now;
    n.dossier_code = Str(view, "code");
    n.procedure = Str(view, "procedure");
    n.applicant_name = Nested(view, "applicant", "full_name");
    n.received_at = IntOr0(view, "received_at_unix");
    n.note = in.result_note;
    if (lookup_url_) n.lookup_url = lookup_url_(n.dossier_code);
    MOTCUA_ASSIGN_OR_RETURN(generated, forms::RenderPdf(forms::ResultNoticeDocument(n)));
  }
  forms::PadesOptions po;
  po.signing_time = now;
  po.reason = "Kết quả giải quyết hồ sơ " + Str(view, "code");
  po.location = names.empty() ? std::string() : names[0];
  po.name = choice->identity->subject;
  auto signed_pdf =
      forms::SignPdf(uploaded ? file->bytes : std::string_view(generated), *choice->identity, po);
  if (!signed_pdf.ok()) return AsResultFileError(signed_pdf.status());

  const bool existed = attachments_->Exists(Sha256Hex(*signed_pdf));
  auto stored = attachments_->Put(*signed_pdf);
  if (!stored.ok()) return AsResultFileError(stored.status());
  PreparedResult p;
  p.uploaded = uploaded;
  p.new_file = !existed;
  storage::ResultDocumentRecord& r = p.record;
  r.kind = "result";
  r.source = uploaded ? "uploaded" : "generated";
  r.sha256 = stored->sha256;
  r.size_bytes = stored->size_bytes;
  r.original_name = uploaded ? file->original_name.substr(0, 255) : std::string();
  r.signed_at = now;
  r.signer_agency_code = choice->agency_code;
  r.signer_subject = choice->identity->subject;
  r.cert_serial = choice->identity->serial_hex;
  r.cert_sha256 = choice->identity->cert_sha256;
  r.created_by = caller.user_id;
  r.created_at = now;
  return std::optional<PreparedResult>(std::move(p));
}

void DossierService::DiscardResult(const PreparedResult& prepared) {
  // Only a file this call wrote: the signed bytes carry a fresh document identifier (the
  // trailer's /ID), so no other row can name the same file.
  if (!prepared.new_file) return;
  std::error_code ec;
  std::filesystem::remove(attachments_->PathOf(prepared.record.sha256), ec);
}

Result<Reply> DossierService::ActWithResult(const Principal& caller, const std::string& code,
                                            const ActionInput& in, const SentFile* result_file,
                                            const Idempotency& idem) {
  auto action = domain::ParseDossierAction(in.action);
  if (!action) return Status::Validation("invalid_action", "action");
  if (result_file && *action != domain::DossierAction::kApprove &&
      *action != domain::DossierAction::kFinish)
    return Status::Validation("result_not_applicable", "result_file");
  MOTCUA_ASSIGN_OR_RETURN(auto prepared, PrepareResult(caller, code, in, result_file));
  if (!prepared) return ActImpl(caller, code, in, idem, nullptr);
  bool used = false;
  auto reply = ActImpl(caller, code, in, idem, nullptr, &*prepared, &used);
  if (!reply.ok() || !used) DiscardResult(*prepared);
  return reply;
}

Result<ResultFile> DossierService::ResultDocument(const Principal& caller,
                                                  const std::string& code) {
  if (!attachments_) return Status(Code::kUnavailable, "unavailable");
  std::string purpose;
  MOTCUA_ASSIGN_OR_RETURN(auto view, GetUnaudited(&caller, code, {}, &purpose));
  std::optional<storage::ResultDocumentRecord> doc;
  MOTCUA_RETURN_IF_ERROR(db_.Read([&](storage::Connection& c) -> Status {
    MOTCUA_ASSIGN_OR_RETURN(auto d, storage::FindDossierByCode(c, Str(view, "code")));
    if (!d) return Status::NotFound("dossier_not_found", "code");
    MOTCUA_ASSIGN_OR_RETURN(doc, storage::LatestResultDocument(c, d->id, "result"));
    return Status::Ok();
  }));
  if (!doc) return Status::NotFound("result_not_found", "code");
  ResultFile file{*doc, attachments_->PathOf(doc->sha256)};
  if (file.path.empty() || !attachments_->Exists(doc->sha256))
    return Status(Code::kInternal, "attachment_missing");
  MOTCUA_RETURN_IF_ERROR(AuditRead(db_, clock_, &caller, "result.read", "dossier",
                                   Str(view, "code"), std::move(purpose),
                                   {{"result_document_id", doc->id}}));
  return file;
}

Result<std::string> DossierService::SignForm(const Principal& caller, const std::string& code,
                                             std::string_view pdf, const std::string& number) {
  if (!result_signer_) return Status(Code::kUnavailable, "result_signing_unavailable");
  std::string purpose;
  MOTCUA_ASSIGN_OR_RETURN(auto view, GetUnaudited(&caller, code, {}, &purpose));
  std::vector<std::string> chain;
  std::string agency_name;
  MOTCUA_RETURN_IF_ERROR(db_.Read([&](storage::Connection& c) -> Status {
    MOTCUA_ASSIGN_OR_RETURN(auto a, storage::FindAgencyByCode(c, Nested(view, "agency", "code")));
    if (a) agency_name = a->name;
    for (int depth = 0; a && depth < 16; ++depth) {
      chain.push_back(a->code);
      if (!a->parent_id) break;
      MOTCUA_ASSIGN_OR_RETURN(a, storage::FindAgencyById(c, *a->parent_id));
    }
    return Status::Ok();
  }));
  auto choice = result_signer_->For(chain);
  if (!choice) return Status::Validation("signing_key_missing");
  forms::PadesOptions po;
  po.signing_time = clock_.NowSeconds();
  po.reason = "Mẫu " + number + " — hồ sơ " + Str(view, "code");
  po.location = agency_name;
  po.name = choice->identity->subject;
  return forms::SignPdf(pdf, *choice->identity, po);
}

}  // namespace motcua::service
