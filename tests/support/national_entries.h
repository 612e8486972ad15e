// The national catalogue (data/catalogue/national/*.jsonl.xz) as CatalogueEntrys, for the search
// evaluation and benchmark. The one place that reads those files outside the importer, kept to one
// small function so that it can be switched to the importer: code, name, field, implementing
// agencies and applicants from catalogue.jsonl; result and file components from
// details_structured.jsonl where present. Decompresses with `xz -dc` (test and bench code only).
#pragma once

#include <boost/json.hpp>
#include <cstdio>
#include <stdexcept>
#include <string>
#include <unordered_map>
#include <vector>

#include "domain/procedure_search.h"

namespace motcua::testing {

// Every line of `xz -dc path`, parsed.
inline std::vector<boost::json::object> ReadJsonLinesXz(const std::string& path) {
  std::string cmd = "xz -dc '" + path + "'";
  FILE* pipe = popen(cmd.c_str(), "r");
  if (pipe == nullptr) throw std::runtime_error("cannot run " + cmd);
  std::string text;
  char buf[65536];
  size_t got;
  while ((got = fread(buf, 1, sizeof buf, pipe)) > 0) text.append(buf, got);
  if (pclose(pipe) != 0) throw std::runtime_error(cmd + " failed");
  std::vector<boost::json::object> out;
  size_t at = 0;
  while (at < text.size()) {
    size_t end = text.find('\n', at);
    if (end == std::string::npos) end = text.size();
    if (end > at) out.push_back(boost::json::parse(text.substr(at, end - at)).as_object());
    at = end + 1;
  }
  return out;
}

inline std::vector<domain::CatalogueEntry> NationalCatalogueEntries(const std::string& source_dir) {
  const std::string dir = source_dir + "/data/catalogue/national/";
  auto strings = [](const boost::json::object& o, const char* key) {
    std::vector<std::string> out;
    if (const auto* v = o.if_contains(key); v && v->is_array())
      for (const auto& s : v->as_array())
        if (s.is_string()) out.emplace_back(s.as_string());
    return out;
  };
  std::unordered_map<std::string, boost::json::object> details;
  for (auto& d : ReadJsonLinesXz(dir + "details_structured.jsonl.xz")) {
    std::string code(d.at("code").as_string());
    details.emplace(std::move(code), std::move(d));
  }
  std::vector<domain::CatalogueEntry> out;
  for (const auto& row : ReadJsonLinesXz(dir + "catalogue.jsonl.xz")) {
    domain::CatalogueEntry e;
    domain::Procedure& p = e.procedure;
    p.code = std::string(row.at("code").as_string());
    p.name = std::string(row.at("name").as_string());
    auto fields = strings(row, "fields");
    if (!fields.empty()) p.field_name = p.field_code = fields[0];
    auto agencies = strings(row, "agencies");
    for (const auto& a : agencies)
      p.competent_agency += (p.competent_agency.empty() ? "" : "; ") + a;
    p.applicants = strings(row, "applicants");
    if (auto it = details.find(p.code); it != details.end()) {
      for (const auto& r : strings(it->second, "results"))
        p.result += (p.result.empty() ? "" : "; ") + r;
      if (const auto* groups = it->second.if_contains("checklist_raw");
          groups && groups->is_array())
        for (const auto& g : groups->as_array())
          if (const auto* items = g.as_object().if_contains("items"); items && items->is_array())
            for (const auto& item : items->as_array()) {
              domain::Component c;
              c.name = std::string(item.at("name").as_string());
              p.components.push_back(std::move(c));
            }
    }
    out.push_back(std::move(e));
  }
  return out;
}

}  // namespace motcua::testing
