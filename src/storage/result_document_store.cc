#include "storage/result_document_store.h"

#include <fmt/format.h>

namespace motcua::storage {
namespace {

constexpr std::string_view kSelect =
    "SELECT id, dossier_id, kind, source, sha256, size_bytes, original_name, signed_at, "
    "signer_agency_code, signer_subject, cert_serial, cert_sha256, created_by, created_at "
    "FROM result_documents";

ResultDocumentRecord FromRow(const Row& r) {
  ResultDocumentRecord d;
  d.id = r.Int(0);
  d.dossier_id = r.Int(1);
  d.kind = r.Text(2);
  d.source = r.Text(3);
  d.sha256 = r.Text(4);
  d.size_bytes = r.Int(5);
  d.original_name = r.Text(6);
  d.signed_at = r.Int(7);
  d.signer_agency_code = r.Text(8);
  d.signer_subject = r.Text(9);
  d.cert_serial = r.Text(10);
  d.cert_sha256 = r.Text(11);
  d.created_by = r.OptInt(12);
  d.created_at = r.Int(13);
  return d;
}

Value Opt(const std::optional<int64_t>& v) { return v ? Value(*v) : Value(nullptr); }

}  // namespace

Result<ResultDocumentRecord> InsertResultDocument(Connection& c, ResultDocumentRecord d) {
  MOTCUA_ASSIGN_OR_RETURN(
      auto row,
      c.QueryOne("INSERT INTO result_documents (dossier_id, kind, source, sha256, size_bytes, "
                 "original_name, signed_at, signer_agency_code, signer_subject, cert_serial, "
                 "cert_sha256, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
                 "?, ?) RETURNING id",
                 {d.dossier_id, d.kind, d.source, d.sha256, d.size_bytes, d.original_name,
                  d.signed_at, d.signer_agency_code, d.signer_subject, d.cert_serial, d.cert_sha256,
                  Opt(d.created_by), d.created_at}));
  if (!row) return Status::Internal("INSERT INTO result_documents returned no id");
  d.id = row->Int(0);
  return d;
}

Result<std::vector<ResultDocumentRecord>> ListResultDocuments(Connection& c, int64_t dossier_id) {
  MOTCUA_ASSIGN_OR_RETURN(
      auto rows,
      c.Query(fmt::format("{} WHERE dossier_id = ? ORDER BY id", kSelect), {dossier_id}));
  std::vector<ResultDocumentRecord> out;
  out.reserve(rows.size());
  for (const auto& r : rows) out.push_back(FromRow(r));
  return out;
}

void LatestResultDocument(QueryBatch& batch, int64_t dossier_id, const std::string& kind,
                          std::optional<ResultDocumentRecord>* out) {
  static const std::string sql =
      fmt::format("{} WHERE dossier_id = ? AND kind = ? ORDER BY id DESC LIMIT 1", kSelect);
  batch.Add(sql, {dossier_id, kind}, [out](Rows& rows) {
    out->reset();
    if (!rows.empty()) *out = FromRow(rows.front());
    return Status::Ok();
  });
}

Result<std::optional<ResultDocumentRecord>> LatestResultDocument(Connection& c, int64_t dossier_id,
                                                                 const std::string& kind) {
  return ReadAlone<std::optional<ResultDocumentRecord>>(
      c, [&](QueryBatch& batch, auto* out) { LatestResultDocument(batch, dossier_id, kind, out); });
}

}  // namespace motcua::storage
