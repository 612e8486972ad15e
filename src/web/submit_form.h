// The parts of an online submission form shared by the one-procedure wizard (/nop-ho-so/{code})
// and the life-event wizard (/su-kien/{id}): the posted body (url-encoded or multipart), the
// applicant's fields, and each procedure's components with their files. A form may hold the
// components of several procedures: their inputs carry a prefix ("" or "m1_").
#pragma once

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "domain/applicant.h"
#include "domain/procedure.h"
#include "service/dossier_service.h"
#include "web/multipart.h"
#include "web/site.h"

namespace motcua::web {

// A posted form: its fields and, when multipart, its parts (files included).
struct PostedForm {
  std::multimap<std::string, std::string> fields;
  std::optional<std::vector<MultipartPart>> parts;
  bool files_sent = false;  // at least one non-empty file
};
// nullopt when a multipart body cannot be read.
std::optional<PostedForm> ReadPostedForm(const http::Request& req);

// The applicant fields of the form: a person's, and an organisation's (applicant_type=organisation:
// tax code and representative).
inline constexpr const char* kApplicantFields[] = {
    "full_name", "id_number", "date_of_birth", "phone",         "email",
    "address",   "tax_code",  "rep_full_name", "rep_id_number", "rep_position"};
void PutApplicantFields(boost::json::object& ctx,
                        const std::multimap<std::string, std::string>& form, const Page& page);
Result<domain::Applicant> ApplicantFromForm(const std::multimap<std::string, std::string>& form);

// The components of `p` that were ticked ("<prefix>c<n>") or given a file ("<prefix>f<n>"; sending
// a scan means having the paper), with their files checked by content. `file_errors` maps an
// input to why its file was refused; `file_fields[i]` is the input files[i] came from.
struct ChosenComponents {
  std::vector<service::ComponentInput> components;
  std::vector<service::SentFile> files;
  std::vector<std::string> file_fields;
  std::map<std::string, std::string> file_errors;
};
ChosenComponents ChooseComponents(const Page& page, const domain::Procedure& p,
                                  const PostedForm& form, const std::string& prefix);

// The template rows of `p`'s components: {n, id ("<prefix>c<n>"), file ("<prefix>f<n>"), name,
// originals, copies, required, checked, error}.
boost::json::array ComponentRows(const domain::Procedure& p,
                                 const std::multimap<std::string, std::string>& form,
                                 const std::map<std::string, std::string>& file_errors,
                                 const std::string& prefix);

// What the server takes in one multipart body, less room for the form fields.
boost::json::object UploadLimit(const Site& site);

// "C:\\fakepath\\giay.pdf" or "a/b.pdf" -> the last component.
std::string BaseName(const std::string& name);

}  // namespace motcua::web
