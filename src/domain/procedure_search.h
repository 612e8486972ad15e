// Ranked search over the procedure catalogue (tra cứu thủ tục hành chính): an immutable in-memory
// index built from the current versions, tolerant of missing tone marks and of d for đ.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "domain/procedure.h"

namespace motcua::domain {

// A procedure as the catalogue holds it: its current version and whether it was retired.
struct CatalogueEntry {
  Procedure procedure;
  int version = 1;
  bool retired = false;  // bãi bỏ: kept for history, hidden from search by default
};

struct ProcedureQuery {
  std::string text{};        // free text or a code; empty lists everything (by name)
  std::string field_code{};  // empty: any field
  std::string agency_code{};  // competent or implementing agency; empty: any
  std::optional<ProcedureLevel> level{};
  std::optional<OnlineLevel> online_level{};
  bool include_retired = false;
  int page = 1;        // 1-based
  int page_size = 20;  // clamped to 1..200
};

struct ProcedureHit {
  const CatalogueEntry* entry = nullptr;
  int score = 0;
};

struct ProcedurePage {
  std::vector<ProcedureHit> items;
  size_t total = 0;  // matches before pagination
  int page = 1;
  int page_size = 20;
};

// Ranking, best first: the code itself; the query as a phrase in the name (better at its start);
// every query word in the name; the query matching the field's name ("ho tich" -> "Hộ tịch");
// every word found in name and field; every word found anywhere else (result, competent agency).
// The last query word may be a prefix ("dang ky khai si"). Ties: shorter name, then code.
class ProcedureIndex {
 public:
  explicit ProcedureIndex(std::vector<CatalogueEntry> entries);

  ProcedurePage Search(const ProcedureQuery& query) const;
  const CatalogueEntry* Find(std::string_view code) const;
  const std::vector<CatalogueEntry>& entries() const { return entries_; }

 private:
  struct Keys {
    std::vector<std::string> name;
    std::vector<std::string> field;
    std::vector<std::string> other;  // result, competent agency, field code
    std::string folded_name;
  };
  int Score(size_t i, const std::string& raw, const std::vector<std::string>& tokens) const;

  std::vector<CatalogueEntry> entries_;  // sorted by code
  std::vector<Keys> keys_;
};

}  // namespace motcua::domain
