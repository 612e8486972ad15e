#include "storage/applicant_key.h"

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>

#include "common/crypto.h"

namespace motcua::storage {
namespace {

// Domain separation: the same digits hashed for another purpose give another value. The NUL
// keeps the prefix and the digits apart. Changing it means recomputing every stored key.
constexpr std::string_view kPurpose{"motcua/applicant-key/v1\0", 24};
// 128 bits: no collision among any realistic number of people, half the index of 256.
constexpr size_t kKeyBytes = 16;

}  // namespace

std::string ApplicantKeyOfIdNumber(std::string_view id_number) {
  std::string input(kPurpose);
  const size_t prefix = input.size();
  for (char ch : id_number)
    if (ch >= '0' && ch <= '9') input += ch;
  if (input.size() == prefix) return {};
  return GenericHashHex(input, kKeyBytes);
}

std::string ApplicantKeyOfApplicantJson(std::string_view applicant_json) {
  boost::system::error_code ec;
  boost::json::value v = boost::json::parse(applicant_json, ec);
  if (ec || !v.is_object()) return {};
  const boost::json::value* id = v.as_object().if_contains("id_number");
  if (!id || !id->is_string()) return {};
  return ApplicantKeyOfIdNumber(id->as_string());
}

Result<std::optional<RecalledApplicant>> FindNewestByApplicantKey(Connection& c,
                                                                  const std::string& key,
                                                                  const std::string& agency_path) {
  // The index (applicant_key, id) yields this applicant's dossiers newest first; the scope test
  // runs on those few rows only.
  MOTCUA_ASSIGN_OR_RETURN(
      auto row,
      c.QueryOne("SELECT d.code, d.applicant, d.submitted_at, d.received_at FROM dossiers d "
                 "WHERE d.applicant_key = ? AND (EXISTS (SELECT 1 FROM agencies a "
                 "WHERE a.id = d.agency_id AND a.path LIKE ?) OR EXISTS (SELECT 1 FROM "
                 "dossier_steps s JOIN agencies sa ON sa.id = s.agency_id "
                 "WHERE s.dossier_id = d.id AND sa.path LIKE ?)) ORDER BY d.id DESC LIMIT 1",
                 {key, agency_path + "%", agency_path + "%"}));
  if (!row) return std::optional<RecalledApplicant>();
  RecalledApplicant out;
  out.dossier_code = row->Text(0);
  out.applicant = row->Text(1);
  out.submitted_at = row->Int(2);
  out.received_at = row->OptInt(3);
  return std::optional<RecalledApplicant>(std::move(out));
}

}  // namespace motcua::storage
