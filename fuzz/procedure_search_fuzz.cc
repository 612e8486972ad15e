// The public catalogue search (GET /api/v1/procedures?q=...): any query text, filters and paging
// against a small catalogue, through ProcedureIndex's public API only. The first bytes choose the
// filters and the page; the rest is the text (often not valid UTF-8).
#include <boost/json.hpp>
#include <cstddef>
#include <cstdint>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>

#include "domain/procedure.h"
#include "domain/procedure_search.h"

namespace {

using motcua::domain::CatalogueEntry;
using motcua::domain::ProcedureIndex;

// The first 40 procedures of the shipped catalogue, every fifth one retired.
const ProcedureIndex& Index() {
  static const ProcedureIndex* index = [] {
    std::ifstream f(std::string(MOTCUA_SOURCE_DIR) + "/data/procedures/catalogue.json");
    std::stringstream ss;
    ss << f.rdbuf();
    auto doc = boost::json::parse(ss.str());
    std::vector<CatalogueEntry> entries;
    for (const auto& item : doc.at("procedures").as_array()) {
      auto p = motcua::domain::ProcedureFromJson(item);
      if (!p.ok()) continue;
      CatalogueEntry e;
      e.procedure = std::move(p).value();
      e.retired = entries.size() % 5 == 4;
      entries.push_back(std::move(e));
      if (entries.size() == 40) break;
    }
    if (entries.size() != 40) __builtin_trap();
    return new ProcedureIndex(std::move(entries));
  }();
  return *index;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 4) return 0;
  const ProcedureIndex& index = Index();
  motcua::domain::ProcedureQuery q;
  const uint8_t flags = data[0];
  q.include_retired = flags & 1;
  if (flags & 2) q.level = static_cast<motcua::domain::ProcedureLevel>((flags >> 2) % 4);
  if (flags & 32) q.online_level = static_cast<motcua::domain::OnlineLevel>((flags >> 6) % 3);
  q.page = static_cast<int8_t>(data[1]);
  q.page_size = static_cast<int8_t>(data[2]) * 3;
  std::string_view rest(reinterpret_cast<const char*>(data + 4), size - 4);
  // Byte 3 splits the rest: a field or agency filter, then the text.
  size_t cut = std::min<size_t>(data[3] & 15, rest.size());
  if (data[3] & 16)
    q.field_code = std::string(rest.substr(0, cut));
  else if (data[3] & 32)
    q.agency_code = std::string(rest.substr(0, cut));
  q.text = std::string(rest.substr(cut));

  auto page = index.Search(q);
  if (page.page_size < 1 || page.page_size > 200) __builtin_trap();
  if (page.items.size() > static_cast<size_t>(page.page_size)) __builtin_trap();
  if (page.items.size() > page.total) __builtin_trap();
  for (const auto& hit : page.items) {
    if (hit.entry == nullptr) __builtin_trap();
    if (hit.entry->retired && !q.include_retired) __builtin_trap();
    if (index.Find(hit.entry->procedure.code) != hit.entry) __builtin_trap();
  }
  return 0;
}
