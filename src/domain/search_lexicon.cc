#include "domain/search_lexicon.h"

#include <algorithm>
#include <boost/json.hpp>

#include "domain/search_spelling.h"

namespace motcua::domain {

// Defined in the file CMake generates from data/search/synonyms.json.
extern const char* const kShippedSearchLexiconJson;

namespace {

Result<std::vector<std::string>> Strings(const boost::json::object& o, std::string_view key,
                                         const std::string& path) {
  std::vector<std::string> out;
  const auto* v = o.if_contains(key);
  if (v == nullptr) return out;
  if (!v->is_array()) return Status::InvalidArgument("invalid_field", path + std::string(key));
  for (const auto& s : v->as_array()) {
    if (!s.is_string()) return Status::InvalidArgument("invalid_field", path + std::string(key));
    out.emplace_back(s.as_string());
  }
  return out;
}

}  // namespace

std::vector<Syllable> SearchSyllables(std::string_view text) {
  auto out = SplitSyllables(text);
  for (auto& s : out) NormaliseIY(s);
  return out;
}

Result<SearchLexicon> SearchLexicon::FromJson(std::string_view json) {
  boost::system::error_code ec;
  auto v = boost::json::parse(json, ec);
  if (ec || !v.is_object()) return Status::InvalidArgument("invalid_json");
  const auto& root = v.as_object();
  SearchLexicon lex;
  MOTCUA_ASSIGN_OR_RETURN(auto stops, Strings(root, "stop_words", ""));
  for (const char* kind : {"synonyms", "life_events"}) {
    const auto* list = root.if_contains(kind);
    if (list == nullptr) continue;
    if (!list->is_array()) return Status::InvalidArgument("invalid_field", kind);
    size_t n = 0;
    for (const auto& item : list->as_array()) {
      std::string path = std::string(kind) + "[" + std::to_string(n++) + "].";
      if (!item.is_object()) return Status::InvalidArgument("invalid_field", path);
      const auto& o = item.as_object();
      LexiconEntry e;
      e.life_event = std::string_view(kind) == "life_events";
      MOTCUA_ASSIGN_OR_RETURN(e.phrases, Strings(o, "phrases", path));
      MOTCUA_ASSIGN_OR_RETURN(e.means, Strings(o, "means", path));
      if (const auto* l = o.if_contains("label"); l && l->is_string()) e.label = l->as_string();
      if (e.phrases.empty() || e.means.empty())
        return Status::InvalidArgument("invalid_field", path + "phrases");
      lex.entries_.push_back(std::move(e));
    }
  }
  auto add = [&](const std::string& phrase, int entry) {
    auto syl = SearchSyllables(phrase);
    if (syl.empty()) return;
    std::string first = syl[0].folded;
    lex.by_first_[first].push_back({std::move(syl), entry});
  };
  for (const auto& s : stops) add(s, -1);
  for (size_t e = 0; e < lex.entries_.size(); ++e)
    for (const auto& p : lex.entries_[e].phrases) add(p, static_cast<int>(e));
  for (auto& [_, list] : lex.by_first_)
    std::stable_sort(list.begin(), list.end(), [](const Phrase& a, const Phrase& b) {
      if (a.syllables.size() != b.syllables.size()) return a.syllables.size() > b.syllables.size();
      return a.entry >= 0 && b.entry < 0;  // a synonym before a stop phrase
    });
  return lex;
}

std::vector<LexiconMatch> SearchLexicon::Find(const std::vector<Syllable>& query) const {
  std::vector<LexiconMatch> out;
  size_t i = 0;
  while (i < query.size()) {
    auto it = by_first_.find(query[i].folded);
    bool found = false;
    if (it != by_first_.end()) {
      for (const auto& p : it->second) {
        if (i + p.syllables.size() > query.size()) continue;
        bool ok = true;
        for (size_t k = 0; k < p.syllables.size() && ok; ++k) {
          const Syllable& q = query[i + k];
          const Syllable& w = p.syllables[k];
          ok = q.folded == w.folded && (!q.HasMarks() || q.marked == w.marked);
        }
        if (!ok) continue;
        out.push_back({i, i + p.syllables.size(), p.entry < 0 ? nullptr : &entries_[p.entry]});
        i += p.syllables.size();
        found = true;
        break;
      }
    }
    if (!found) ++i;
  }
  return out;
}

const SearchLexicon& DefaultSearchLexicon() {
  static const SearchLexicon* lexicon = [] {
    auto parsed = SearchLexicon::FromJson(kShippedSearchLexiconJson);
    return new SearchLexicon(parsed.ok() ? std::move(parsed).value() : SearchLexicon());
  }();
  return *lexicon;
}

}  // namespace motcua::domain
