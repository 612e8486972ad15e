// Ranked search over the procedure catalogue (tra cứu thủ tục hành chính): an immutable in-memory
// index built from the current versions that understands how citizens ask (see ProcedureIndex).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
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
  std::string text{};         // free text or a code; empty lists everything (by name)
  std::string field_code{};   // empty: any field
  std::string agency_code{};  // competent or implementing agency; empty: any
  std::optional<ProcedureLevel> level{};
  std::optional<OnlineLevel> online_level{};
  bool include_retired = false;
  int page = 1;        // 1-based
  int page_size = 20;  // clamped to 1..200
};

// Why a procedure matched (vì sao khớp), shown beside each hit.
struct MatchedTerm {
  std::string term;                 // as the query meant it: "khai sinh", "cư trú"
  std::string typed;                // when it differs: what was typed ("kys", "hộ khẩu")
  std::vector<std::string> fields;  // where it was found: "name", "field", "result", ...
  bool via_synonym = false;         // reached through the lexicon ("hộ khẩu" -> "cư trú")
  bool marks_differ = false;        // found only with other tone marks ("trẻ" for "trễ")
};
struct MatchReason {
  bool code = false;  // the query is this procedure's code or its start
  std::vector<MatchedTerm> terms;
  std::vector<std::string> synonyms;  // "hộ khẩu → cư trú, thường trú"
  std::string life_event;             // "Sinh con" when the query named a life event
};
// "name" -> "tên thủ tục", "field" -> "lĩnh vực", "result" -> "kết quả", "components" ->
// "thành phần hồ sơ", "agency" -> "cơ quan".
std::string_view MatchFieldLabelVi(std::string_view field);
// One sentence for the citizen: "Khớp “khai sinh” trong tên thủ tục. Đã hiểu: hộ khẩu → cư
// trú." Empty when nothing matched (a listing).
std::string DescribeMatchVi(const MatchReason& why);

struct ProcedureHit {
  const CatalogueEntry* entry = nullptr;
  int score = 0;
  MatchReason why;
};

struct ProcedurePage {
  std::vector<ProcedureHit> items;
  size_t total = 0;  // matches before pagination
  int page = 1;
  int page_size = 20;
  std::vector<std::string> ignored{};  // query words that name nothing ("cho hỏi", "zzzz")
};

class SearchLexicon;

// Ranked retrieval (BM25F) over each procedure's name, field, result, file components and
// competent agency, each with its weight (citizens' other names for a procedure come from the
// lexicon at query time, not from a per-procedure alias field), on syllables folded of their marks
// (so "dang ky" finds "Đăng ký") and on pairs of adjacent syllables (so "khai sinh" beats a name
// that only has "sinh"). Around it:
// - a code (or its start, "1.0011") ranks those procedures first;
// - the query drops stop and question words ("cho hỏi", "ở đâu", "bao nhiêu", "thủ tục") and
//   words the catalogue does not hold; the last word may be a prefix ("dang ky khai si");
// - a word typed with marks counts fully only where the catalogue has the same marks ("trễ"
//   finds "trẻ" far below "trễ");
// - ký/kí, lý/lí are one word, and Telex/VNI keys typed with the input method off are undone
//   ("dang kys", "khai sinh2");
// - the lexicon (SearchLexicon) replaces citizens' words with the catalogue's ("hộ khẩu" ->
//   "cư trú") and life events with the procedures they need ("mới sinh con" -> khai sinh,
//   thường trú, thẻ BHYT).
// The score is summed over the query's terms and scaled by the share of the query's words (a
// lexicon phrase counting double) the procedure holds. Hits scoring under a fifth of the best
// are left out. Ties: shorter name, then code. Each hit says why it matched (MatchReason). A
// search over the national catalogue (5,670 procedures) costs about 0.3 ms of CPU at the median,
// 1 ms at p99 (bench/search).
class ProcedureIndex {
 public:
  // With the shipped lexicon (DefaultSearchLexicon).
  explicit ProcedureIndex(std::vector<CatalogueEntry> entries);
  ProcedureIndex(std::vector<CatalogueEntry> entries, const SearchLexicon& lexicon);

  ProcedurePage Search(const ProcedureQuery& query) const;
  const CatalogueEntry* Find(std::string_view code) const;
  const std::vector<CatalogueEntry>& entries() const { return entries_; }

  // Where a term is searched, in the order MatchedTerm::fields names them.
  enum Field { kName, kField, kResult, kComponents, kAgency, kFieldCount };

 private:
  struct Keys {
    std::string code;
    std::string field_code;
    ProcedureLevel level = ProcedureLevel::kProvince;
    OnlineLevel online_level = OnlineLevel::kNone;
    bool retired = false;
    size_t name_bytes = 0;
    // Syllable ids (term_ids_) of each field, one after another in words_:
    // field f is [start[f], start[f + 1]).
    uint32_t start[kFieldCount + 1] = {};
    std::string name_key;  // folded name without "Thủ tục", syllables joined by spaces
  };
  struct Posting {
    uint32_t doc;
    float weight;  // BM25F: field-weighted, length-normalised term frequency
  };
  struct Plan;
  Plan Analyse(const std::string& raw) const;
  int TermId(const std::string& term) const;
  MatchReason Explain(size_t doc, const Plan& plan) const;

  const SearchLexicon* lexicon_;
  std::vector<CatalogueEntry> entries_;  // sorted by code
  std::vector<Keys> keys_;
  std::vector<uint32_t> words_;            // folded syllable ids per field (see Keys::start)
  std::vector<uint32_t> marked_words_;     // the same positions, marked syllable ids
  std::vector<std::string> folded_names_;  // listing order
  // Terms: folded syllables and adjacent pairs ("khai sinh"); marked syllables ("trễ") apart.
  std::unordered_map<std::string, uint32_t> term_ids_;
  std::vector<std::vector<Posting>> postings_;
  std::unordered_map<std::string, uint32_t> marked_ids_;
  std::vector<std::vector<Posting>> marked_postings_;
  std::vector<std::string> syllables_;  // folded single syllables, sorted (prefix lookup)
};

}  // namespace motcua::domain
