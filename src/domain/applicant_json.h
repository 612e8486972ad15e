// The applicant as JSON: the shape the API accepts and the document the dossier store keeps
// (dossiers.applicant). One shape for both, so a stored applicant can be returned as it came.
//   {"type":"citizen|organisation","full_name","id_number","date_of_birth":"YYYY-MM-DD",
//    "tax_code","phone","email","address",
//    "representative":{"full_name","id_number","position","phone"},
//    "notify":{"sms":bool,"email":bool}}
// Empty members are left out when writing.
#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <string>
#include <string_view>

#include "common/result.h"
#include "domain/applicant.h"

namespace motcua::domain {

boost::json::object ApplicantToJson(const Applicant& applicant);
std::string ApplicantToJsonText(const Applicant& applicant);

// Reads the shape only (types, known type name, date format); NormalizeApplicant checks the
// content. Errors are Validation on "<prefix>.<member>": missing_field, invalid_field,
// invalid_applicant_type, invalid_date_of_birth.
Result<Applicant> ApplicantFromJson(const boost::json::value& json,
                                    std::string_view prefix = "applicant");
// Parses stored text; InvalidArgument "invalid_json" if it is not JSON.
Result<Applicant> ApplicantFromJsonText(std::string_view text,
                                        std::string_view prefix = "applicant");

}  // namespace motcua::domain
