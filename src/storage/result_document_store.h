// The signed result documents of dossiers (migration 22, decision 0017).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/result.h"
#include "storage/database.h"
#include "storage/query_batch.h"

namespace motcua::storage {

struct ResultDocumentRecord {
  int64_t id = 0;
  int64_t dossier_id = 0;
  std::string kind = "result";  // "result" (the decision handed to the applicant) | "form"
  std::string source;           // "uploaded" by staff | "generated" result notice
  std::string sha256;           // the signed file in the attachment store
  int64_t size_bytes = 0;
  std::string original_name;
  int64_t signed_at = 0;
  std::string signer_agency_code;
  std::string signer_subject;  // the certificate's CN
  std::string cert_serial;     // upper-case hex
  std::string cert_sha256;     // certificate fingerprint, lower-case hex
  std::optional<int64_t> created_by;
  int64_t created_at = 0;
};

Result<ResultDocumentRecord> InsertResultDocument(Connection& c, ResultDocumentRecord record);
// Oldest first.
Result<std::vector<ResultDocumentRecord>> ListResultDocuments(Connection& c, int64_t dossier_id);
// The newest document of `kind` for the dossier, if any.
Result<std::optional<ResultDocumentRecord>> LatestResultDocument(Connection& c, int64_t dossier_id,
                                                                 const std::string& kind);
// The same read added to `batch`: `*out` is filled when the batch runs.
void LatestResultDocument(QueryBatch& batch, int64_t dossier_id, const std::string& kind,
                          std::optional<ResultDocumentRecord>* out);

}  // namespace motcua::storage
