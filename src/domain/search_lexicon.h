// The words a search must understand beyond the catalogue's own (từ điển tra cứu): stop words and
// question words that name no procedure ("cho hỏi", "ở đâu", "bao nhiêu"), synonyms citizens use
// for the official terms ("hộ khẩu" -> "cư trú", "sổ đỏ" -> "giấy chứng nhận quyền sử dụng đất")
// and life events that need several procedures ("bố mất" -> khai tử, mai táng phí). The words
// live in data (data/search/synonyms.json, compiled into the binary) so that they are edited
// without touching the ranking.
#pragma once

#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "common/result.h"
#include "domain/vietnamese_text.h"

namespace motcua::domain {

// One entry: the phrases a citizen types and the catalogue phrases they mean.
struct LexiconEntry {
  std::vector<std::string> phrases;  // as written in the file, with marks
  std::vector<std::string> means;    // catalogue wording, searched in place of the phrase
  std::string label;                 // life events: the situation ("Người thân qua đời")
  bool life_event = false;
};

// A phrase found in a query.
struct LexiconMatch {
  size_t begin = 0, end = 0;            // syllables [begin, end) of the query
  const LexiconEntry* entry = nullptr;  // null for a stop phrase
};

class SearchLexicon {
 public:
  SearchLexicon() = default;
  // {"stop_words": ["cho hỏi", ...], "synonyms": [{"phrases": [...], "means": [...]}],
  //  "life_events": [{"label": "...", "phrases": [...], "means": [...]}]}. Fails with
  // invalid_json or invalid_field (and the path) on a malformed file.
  static Result<SearchLexicon> FromJson(std::string_view json);

  // Synonym, life-event and stop phrases in `query` (syllables after NormaliseIY), longest first
  // at each position, left to right, not overlapping. A stop word written with marks only
  // matches a query syllable with the same marks or none ("ở" is not "ô").
  std::vector<LexiconMatch> Find(const std::vector<Syllable>& query) const;
  const std::vector<LexiconEntry>& entries() const { return entries_; }

 private:
  struct Phrase {
    std::vector<Syllable> syllables;
    int entry = -1;  // index in entries_; -1: stop phrase
  };
  std::vector<LexiconEntry> entries_;
  // By folded first syllable; each list longest first.
  std::unordered_map<std::string, std::vector<Phrase>> by_first_;
};

// The lexicon shipped in data/search/synonyms.json (parsed once; a malformed file is a build
// bug, caught by the tests).
const SearchLexicon& DefaultSearchLexicon();

// Syllables of a phrase as the index and queries see them: SplitSyllables then NormaliseIY.
std::vector<Syllable> SearchSyllables(std::string_view text);

}  // namespace motcua::domain
