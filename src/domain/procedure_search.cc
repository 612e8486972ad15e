#include "domain/procedure_search.h"

#include <algorithm>

#include "common/json_util.h"
#include "domain/vietnamese_text.h"

namespace motcua::domain {
namespace {

bool TokenMatches(const std::string& word, const std::string& query_token, bool prefix) {
  if (word == query_token) return true;
  return prefix && word.compare(0, query_token.size(), query_token) == 0;
}

bool Contains(const std::vector<std::string>& words, const std::string& t, bool prefix) {
  for (const auto& w : words)
    if (TokenMatches(w, t, prefix)) return true;
  return false;
}

// Position where `tokens` occur consecutively in `words` (last one as a prefix), or -1.
int PhraseAt(const std::vector<std::string>& words, const std::vector<std::string>& tokens) {
  if (tokens.empty() || tokens.size() > words.size()) return -1;
  for (size_t i = 0; i + tokens.size() <= words.size(); ++i) {
    bool ok = true;
    for (size_t k = 0; k < tokens.size() && ok; ++k)
      ok = TokenMatches(words[i + k], tokens[k], k + 1 == tokens.size());
    if (ok) return static_cast<int>(i);
  }
  return -1;
}

bool AllIn(const std::vector<std::string>& tokens,
           std::initializer_list<const std::vector<std::string>*> lists) {
  for (size_t k = 0; k < tokens.size(); ++k) {
    bool last = k + 1 == tokens.size();
    bool found = false;
    for (const auto* l : lists) found = found || Contains(*l, tokens[k], last);
    if (!found) return false;
  }
  return true;
}

// Words that say nothing about which procedure is meant.
bool IsFiller(const std::string& t) { return t == "thu" || t == "tuc"; }

}  // namespace

ProcedureIndex::ProcedureIndex(std::vector<CatalogueEntry> entries) : entries_(std::move(entries)) {
  std::sort(entries_.begin(), entries_.end(), [](const auto& a, const auto& b) {
    return a.procedure.code < b.procedure.code;
  });
  keys_.reserve(entries_.size());
  for (const auto& e : entries_) {
    const Procedure& p = e.procedure;
    Keys k;
    k.name = TokenizeVietnamese(p.name);
    // "Thủ tục đăng ký khai sinh": the leading "thủ tục" is noise for phrase matching.
    if (k.name.size() > 2 && k.name[0] == "thu" && k.name[1] == "tuc")
      k.name.erase(k.name.begin(), k.name.begin() + 2);
    k.field = TokenizeVietnamese(p.field_name);
    k.other = TokenizeVietnamese(p.result + " " + p.competent_agency + " " + p.field_code);
    k.folded_name = FoldVietnamese(p.name);
    keys_.push_back(std::move(k));
  }
}

const CatalogueEntry* ProcedureIndex::Find(std::string_view code) const {
  auto it = std::lower_bound(entries_.begin(), entries_.end(), code,
                             [](const CatalogueEntry& e, std::string_view c) {
                               return e.procedure.code < c;
                             });
  if (it == entries_.end() || it->procedure.code != code) return nullptr;
  return &*it;
}

int ProcedureIndex::Score(size_t i, const std::string& raw,
                          const std::vector<std::string>& tokens) const {
  const Keys& k = keys_[i];
  const Procedure& p = entries_[i].procedure;
  if (!raw.empty() && raw == p.code) return 1000;
  if (raw.size() >= 3 && raw.find('.') != std::string::npos && p.code.rfind(raw, 0) == 0)
    return 900;
  if (tokens.empty()) return 0;
  int at = PhraseAt(k.name, tokens);
  if (at >= 0) return at == 0 ? 350 : 300;
  if (AllIn(tokens, {&k.name})) return 200;
  if (PhraseAt(k.field, tokens) >= 0) return 100;
  if (AllIn(tokens, {&k.name, &k.field})) return 80;
  if (AllIn(tokens, {&k.name, &k.field, &k.other})) return 50;
  return 0;
}

ProcedurePage ProcedureIndex::Search(const ProcedureQuery& q) const {
  ProcedurePage page;
  page.page_size = std::clamp(q.page_size, 1, 200);
  page.page = std::max(q.page, 1);
  std::string raw = Trim(q.text);
  std::vector<std::string> tokens = TokenizeVietnamese(raw);
  if (tokens.size() > 1) std::erase_if(tokens, IsFiller);
  bool listing = tokens.empty() && raw.empty();
  std::vector<ProcedureHit> hits;
  for (size_t i = 0; i < entries_.size(); ++i) {
    const CatalogueEntry& e = entries_[i];
    const Procedure& p = e.procedure;
    if (e.retired && !q.include_retired) continue;
    if (!q.field_code.empty() && p.field_code != q.field_code) continue;
    if (q.level && p.level != *q.level) continue;
    if (q.online_level && p.online_level != *q.online_level) continue;
    if (!q.agency_code.empty() && p.competent_agency_code != q.agency_code &&
        std::find(p.implementing_agencies.begin(), p.implementing_agencies.end(),
                  q.agency_code) == p.implementing_agencies.end())
      continue;
    int score = listing ? 1 : Score(i, raw, tokens);
    if (score > 0) hits.push_back({&e, score});
  }
  std::stable_sort(hits.begin(), hits.end(), [&](const ProcedureHit& a, const ProcedureHit& b) {
    if (a.score != b.score) return a.score > b.score;
    if (listing) {
      const Keys& ka = keys_[a.entry - entries_.data()];
      const Keys& kb = keys_[b.entry - entries_.data()];
      if (ka.folded_name != kb.folded_name) return ka.folded_name < kb.folded_name;
      return a.entry->procedure.code < b.entry->procedure.code;
    }
    size_t la = a.entry->procedure.name.size(), lb = b.entry->procedure.name.size();
    if (la != lb) return la < lb;
    return a.entry->procedure.code < b.entry->procedure.code;
  });
  page.total = hits.size();
  size_t from = static_cast<size_t>(page.page - 1) * page.page_size;
  for (size_t i = from; i < hits.size() && i < from + page.page_size; ++i)
    page.items.push_back(hits[i]);
  return page;
}

}  // namespace motcua::domain
