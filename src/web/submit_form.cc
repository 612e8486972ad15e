#include "web/submit_form.h"

#include <algorithm>
#include <boost/json.hpp>

#include "domain/applicant_json.h"
#include "service/attachment_store.h"
#include "web/dossier_extras.h"
#include "web/i18n.h"

namespace motcua::web {

namespace json = boost::json;

std::optional<PostedForm> ReadPostedForm(const http::Request& req) {
  PostedForm out;
  if (req.Header("Content-Type").value_or("").starts_with("multipart/")) {
    out.parts = ParseMultipart(req.Header("Content-Type").value_or(""), req.body);
    if (!out.parts) return std::nullopt;
    for (const auto& part : *out.parts) {
      if (!part.is_file) out.fields.emplace(part.name, part.data);
      out.files_sent = out.files_sent || (part.is_file && !part.data.empty());
    }
  } else {
    out.fields = FormBody(req);
  }
  return out;
}

void PutApplicantFields(json::object& ctx, const std::multimap<std::string, std::string>& form,
                        const Page& page) {
  for (const char* k : kApplicantFields) ctx[std::string("f_") + k] = FormValue(form, k);
  ctx["f_organisation"] = FormValue(form, "applicant_type") == "organisation";
  if (form.empty() && page.principal()) ctx["f_full_name"] = page.principal()->full_name;
}

Result<domain::Applicant> ApplicantFromForm(const std::multimap<std::string, std::string>& form) {
  return domain::ApplicantFromJson(ApplicantJsonFromForm(form), "applicant");
}

ChosenComponents ChooseComponents(const Page& page, const domain::Procedure& p,
                                  const PostedForm& form, const std::string& prefix) {
  ChosenComponents out;
  for (size_t i = 0; i < p.components.size(); ++i) {
    const std::string input = prefix + "f" + std::to_string(i);
    std::vector<const MultipartPart*> chosen;
    if (form.parts)
      for (const auto& part : *form.parts)
        if (part.is_file && part.name == input && !part.data.empty()) chosen.push_back(&part);
    if (FormValue(form.fields, prefix + "c" + std::to_string(i)).empty() && chosen.empty())
      continue;
    const size_t component = out.components.size();
    out.components.push_back(
        {p.components[i].name, p.components[i].originals, p.components[i].copies, false, {}});
    for (const MultipartPart* f : chosen) {
      if (!service::SniffAttachmentType(f->data)) {
        out.file_errors[input] =
            Message(page.locale, "file_type_bad") + " (" + BaseName(f->filename) + ")";
        continue;
      }
      out.files.push_back({f->data, BaseName(f->filename), component});
      out.file_fields.push_back(input);
    }
  }
  return out;
}

json::array ComponentRows(const domain::Procedure& p,
                          const std::multimap<std::string, std::string>& form,
                          const std::map<std::string, std::string>& file_errors,
                          const std::string& prefix) {
  json::array comps;
  int n = 0;
  for (const auto& c : p.components) {
    std::string id = prefix + "c" + std::to_string(n);
    std::string file = prefix + "f" + std::to_string(n);
    auto file_error = file_errors.find(file);
    comps.push_back(
        json::object{{"n", n},
                     {"id", id},
                     {"file", file},
                     {"error", file_error == file_errors.end() ? json::value(false)
                                                               : json::value(file_error->second)},
                     {"name", c.name},
                     {"originals", c.originals},
                     {"copies", c.copies},
                     {"required", c.required},
                     {"checked", form.empty() || !FormValue(form, id).empty()}});
    ++n;
  }
  return comps;
}

json::object UploadLimit(const Site& site) {
  const int64_t limit = site.services->dossiers->UploadLimitBytes();
  return json::object{{"bytes", std::max<int64_t>(0, limit - (64 << 10))},
                      {"mb", std::to_string(limit >> 20)}};
}

std::string BaseName(const std::string& name) {
  size_t slash = name.find_last_of("/\\");
  return slash == std::string::npos ? name : name.substr(slash + 1);
}

}  // namespace motcua::web
