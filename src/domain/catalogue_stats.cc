#include "domain/catalogue_stats.h"

#include <algorithm>
#include <set>

#include "domain/vietnamese_text.h"

namespace motcua::domain {

CatalogueStats ComputeCatalogueStats(const std::vector<CatalogueEntry>& entries) {
  CatalogueStats s;
  for (const auto& e : entries) {
    if (e.retired) {
      ++s.retired;
      continue;
    }
    const Procedure& p = e.procedure;
    ++s.total;
    s.received_at_centre += p.received_at_centre;
    s.decided_at_centre += p.decided_at_centre;
    s.online_full += p.online_level == OnlineLevel::kFull;
    s.online_partial += p.online_level == OnlineLevel::kPartial;
    s.postal += p.postal_submission || p.postal_return;
    s.postal_submission += p.postal_submission;
    s.postal_return += p.postal_return;
    s.inter_agency += p.inter_agency;
    s.same_day += p.SameDay();
    std::set<std::string> agencies(p.implementing_agencies.begin(), p.implementing_agencies.end());
    if (!p.competent_agency_code.empty()) agencies.insert(p.competent_agency_code);
    for (const auto& a : agencies) ++s.by_agency[a];
    ++s.by_field[p.field_code];
    ++s.by_level[std::string(ProcedureLevelName(p.level))];
  }
  return s;
}

std::vector<FieldSummary> ListFields(const std::vector<CatalogueEntry>& entries) {
  std::map<std::string, FieldSummary> by_code;
  for (const auto& e : entries) {
    if (e.retired) continue;
    auto& f = by_code[e.procedure.field_code];
    f.code = e.procedure.field_code;
    if (f.name.empty()) f.name = e.procedure.field_name;
    ++f.count;
  }
  std::vector<FieldSummary> out;
  for (auto& [code, f] : by_code) out.push_back(std::move(f));
  std::sort(out.begin(), out.end(), [](const FieldSummary& a, const FieldSummary& b) {
    return FoldVietnamese(a.name) < FoldVietnamese(b.name);
  });
  return out;
}

}  // namespace motcua::domain
