// The applicant key: finding a dossier again by its applicant's identity number (CCCD, or the
// older 9-digit CMND) without storing or indexing the number itself. dossiers.applicant_key is a
// hash of the number's digits under a purpose prefix, so the index and query plans hold only
// hashes; the number stays inside the applicant JSON document, as before (migration 11).
//
// The hash is unkeyed: whoever holds the database can test a guessed number against it, as they
// could read the applicant document beside it. It keeps the number out of indexes, plans and
// logs, not away from the database's owner.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "storage/database.h"

namespace motcua::storage {

// The key of an identity number: lower-case hex BLAKE2b-128 of a purpose prefix and the
// number's digits (anything else, e.g. spaces or dots, is dropped). Empty when it has no digit.
std::string ApplicantKeyOfIdNumber(std::string_view id_number);
// The key of a stored applicant document's "id_number"; empty when there is none or the text is
// not a JSON object (organisations have no id number of their own).
std::string ApplicantKeyOfApplicantJson(std::string_view applicant_json);

// The newest dossier of an applicant, as the reception counter recalls it.
struct RecalledApplicant {
  std::string dossier_code;
  std::string applicant;  // the JSON document; personal data
  int64_t submitted_at = 0;
  std::optional<int64_t> received_at;
};

// The dossier with the highest id whose applicant_key is `key` and whose receiving agency, or the
// agency of one of its steps, lies in the subtree at `agency_path` ("/1/4/"); nullopt if none.
Result<std::optional<RecalledApplicant>> FindNewestByApplicantKey(Connection& c,
                                                                  const std::string& key,
                                                                  const std::string& agency_path);

}  // namespace motcua::storage
