// JSON request bodies: the common parser the API uses for every body, then the domain readers
// behind the biggest handlers (a procedure for POST/PUT /api/v1/procedures, an applicant for
// POST /api/v1/dossiers). What the readers accept must survive a round trip unchanged.
#include <boost/json.hpp>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "common/json_util.h"
#include "domain/applicant.h"
#include "domain/applicant_json.h"
#include "domain/procedure.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view body(reinterpret_cast<const char*>(data), size);
  auto obj = motcua::ParseJsonObject(body);
  if (!obj.ok()) return 0;
  (void)motcua::RequireString(*obj, "procedure_code");
  (void)motcua::OptionalString(*obj, "note");
  (void)motcua::OptionalBool(*obj, "digitised");

  boost::json::value v(*obj);
  if (auto p = motcua::domain::ProcedureFromJson(v); p.ok()) {
    (void)motcua::domain::ValidateProcedure(*p);
    auto again = motcua::domain::ProcedureFromJson(motcua::domain::ToJson(*p));
    if (!again.ok() || !(*again == *p)) __builtin_trap();
  }
  const boost::json::value* applicant = obj->if_contains("applicant");
  if (!applicant) applicant = &v;
  if (auto a = motcua::domain::ApplicantFromJson(*applicant); a.ok()) {
    // 2025-07-14 09:00 Vietnam time: a fixed "now" keeps the target deterministic.
    (void)motcua::domain::NormalizeApplicant(*a, 1752458400);
    auto text = motcua::domain::ApplicantToJsonText(*a);
    auto again = motcua::domain::ApplicantFromJsonText(text);
    if (!again.ok()) __builtin_trap();
  }
  return 0;
}
