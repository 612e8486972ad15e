#include "domain/applicant_json.h"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

namespace motcua::domain {
namespace {

namespace json = boost::json;

std::string Field(std::string_view prefix, std::string_view name) {
  return std::string(prefix) + "." + std::string(name);
}

void PutIfSet(json::object& o, std::string_view key, const std::string& value) {
  if (!value.empty()) o[key] = value;
}

// A string member, "" when absent or null; invalid_field when of another type.
Status ReadString(const json::object& o, std::string_view key, std::string_view prefix,
                  std::string& out) {
  auto it = o.find(key);
  if (it == o.end() || it->value().is_null()) return Status::Ok();
  if (!it->value().is_string()) return Status::Validation("invalid_field", Field(prefix, key));
  out = std::string(it->value().as_string());
  return Status::Ok();
}

Status ReadBool(const json::object& o, std::string_view key, std::string_view prefix, bool& out) {
  auto it = o.find(key);
  if (it == o.end() || it->value().is_null()) return Status::Ok();
  if (!it->value().is_bool()) return Status::Validation("invalid_field", Field(prefix, key));
  out = it->value().as_bool();
  return Status::Ok();
}

}  // namespace

json::object ApplicantToJson(const Applicant& a) {
  json::object o;
  o["type"] = ApplicantTypeName(a.type);
  PutIfSet(o, "full_name", a.full_name);
  PutIfSet(o, "id_number", a.id_number);
  if (a.date_of_birth) o["date_of_birth"] = a.date_of_birth->ToString();
  PutIfSet(o, "tax_code", a.tax_code);
  PutIfSet(o, "phone", a.phone);
  PutIfSet(o, "email", a.email);
  PutIfSet(o, "address", a.address);
  if (a.representative) {
    json::object r;
    PutIfSet(r, "full_name", a.representative->full_name);
    PutIfSet(r, "id_number", a.representative->id_number);
    PutIfSet(r, "position", a.representative->position);
    PutIfSet(r, "phone", a.representative->phone);
    o["representative"] = std::move(r);
  }
  o["notify"] = json::object{{"sms", a.notify.sms}, {"email", a.notify.email}};
  return o;
}

std::string ApplicantToJsonText(const Applicant& applicant) {
  return json::serialize(ApplicantToJson(applicant));
}

Result<Applicant> ApplicantFromJson(const json::value& value, std::string_view prefix) {
  if (!value.is_object()) return Status::Validation("invalid_field", std::string(prefix));
  const json::object& o = value.as_object();
  Applicant a;
  std::string type;
  MOTCUA_RETURN_IF_ERROR(ReadString(o, "type", prefix, type));
  if (type.empty()) return Status::Validation("missing_field", Field(prefix, "type"));
  auto parsed_type = ParseApplicantType(type);
  if (!parsed_type) return Status::Validation("invalid_applicant_type", Field(prefix, "type"));
  a.type = *parsed_type;
  MOTCUA_RETURN_IF_ERROR(ReadString(o, "full_name", prefix, a.full_name));
  MOTCUA_RETURN_IF_ERROR(ReadString(o, "id_number", prefix, a.id_number));
  std::string dob;
  MOTCUA_RETURN_IF_ERROR(ReadString(o, "date_of_birth", prefix, dob));
  if (!dob.empty()) {
    a.date_of_birth = LocalDate::Parse(dob);
    if (!a.date_of_birth)
      return Status::Validation("invalid_date_of_birth", Field(prefix, "date_of_birth"));
  }
  MOTCUA_RETURN_IF_ERROR(ReadString(o, "tax_code", prefix, a.tax_code));
  MOTCUA_RETURN_IF_ERROR(ReadString(o, "phone", prefix, a.phone));
  MOTCUA_RETURN_IF_ERROR(ReadString(o, "email", prefix, a.email));
  MOTCUA_RETURN_IF_ERROR(ReadString(o, "address", prefix, a.address));
  if (auto it = o.find("representative"); it != o.end() && !it->value().is_null()) {
    const std::string rp = Field(prefix, "representative");
    if (!it->value().is_object()) return Status::Validation("invalid_field", rp);
    const json::object& r = it->value().as_object();
    Representative rep;
    MOTCUA_RETURN_IF_ERROR(ReadString(r, "full_name", rp, rep.full_name));
    MOTCUA_RETURN_IF_ERROR(ReadString(r, "id_number", rp, rep.id_number));
    MOTCUA_RETURN_IF_ERROR(ReadString(r, "position", rp, rep.position));
    MOTCUA_RETURN_IF_ERROR(ReadString(r, "phone", rp, rep.phone));
    a.representative = std::move(rep);
  }
  if (auto it = o.find("notify"); it != o.end() && !it->value().is_null()) {
    const std::string np = Field(prefix, "notify");
    if (!it->value().is_object()) return Status::Validation("invalid_field", np);
    MOTCUA_RETURN_IF_ERROR(ReadBool(it->value().as_object(), "sms", np, a.notify.sms));
    MOTCUA_RETURN_IF_ERROR(ReadBool(it->value().as_object(), "email", np, a.notify.email));
  }
  return a;
}

Result<Applicant> ApplicantFromJsonText(std::string_view text, std::string_view prefix) {
  boost::system::error_code ec;
  json::value v = json::parse(text, ec);
  if (ec) return Status::InvalidArgument("invalid_json");
  return ApplicantFromJson(v, prefix);
}

}  // namespace motcua::domain
