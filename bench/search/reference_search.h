// The catalogue search as it was before ranked retrieval (all query words required, fixed
// score tiers), kept in bench/ only as the reference bench_search measures the new search
// against. Not used by the product.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "domain/procedure_search.h"

namespace motcua::bench {

using domain::CatalogueEntry;
using domain::OnlineLevel;
using domain::Procedure;
using domain::ProcedureHit;
using domain::ProcedureLevel;
using domain::ProcedurePage;
using domain::ProcedureQuery;

// Ranking, best first: the code itself; the query as a phrase in the name (better at its start);
// every query word in the name; the query matching the field's name ("ho tich" -> "Hộ tịch");
// every word found in name and field; every word found anywhere else (result, competent agency).
// The last query word may be a prefix ("dang ky khai si"). Ties: shorter name, then code.
// Only entries holding every query word (found through an inverted index) or whose code starts
// with the query are ranked, so a search costs tens of microseconds on 5,000 procedures.
class ReferenceProcedureIndex {
 public:
  explicit ReferenceProcedureIndex(std::vector<CatalogueEntry> entries);

  ProcedurePage Search(const ProcedureQuery& query) const;
  const CatalogueEntry* Find(std::string_view code) const;
  const std::vector<CatalogueEntry>& entries() const { return entries_; }

 private:
  // Words are interned in sorted order, so a query word (or, for the last one, every word it
  // prefixes) is a range of ids and matching is integer comparison.
  // What ranking and filtering read, kept compact and contiguous (the Procedure is large).
  struct Keys {
    std::string code;
    std::string field_code;
    ProcedureLevel level = ProcedureLevel::kProvince;
    OnlineLevel online_level = OnlineLevel::kNone;
    bool retired = false;
    size_t name_bytes = 0;
    // Word ids in words_: name [begin, name_end), field [name_end, field_end), other words
    // (result, competent agency, field code) [field_end, other_end).
    uint32_t begin = 0, name_end = 0, field_end = 0, other_end = 0;
  };
  struct IdRange {
    int lo = 0;
    int hi = 0;  // exclusive
    bool Has(int id) const { return lo <= id && id < hi; }
  };
  std::vector<IdRange> Ranges(const std::vector<std::string>& tokens) const;
  int Score(size_t i, const std::string& raw, const std::vector<IdRange>& tokens) const;

  std::vector<CatalogueEntry> entries_;  // sorted by code
  std::vector<Keys> keys_;
  std::vector<int> words_;
  std::vector<std::vector<uint32_t>> postings_;  // word id -> entries holding it (ascending)
  std::vector<std::string> folded_names_;        // listing order
  std::vector<std::string> vocabulary_;          // sorted, unique
};

}  // namespace motcua::bench
