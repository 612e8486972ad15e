#include "search/reference_search.h"

#include <algorithm>
#include <span>

#include "common/json_util.h"
#include "domain/vietnamese_text.h"

namespace motcua::bench {

using domain::FoldVietnamese;
using domain::TokenizeVietnamese;
namespace {

using Words = std::span<const int>;

template <typename Range>
bool Contains(Words words, const Range& r) {
  for (int w : words)
    if (r.Has(w)) return true;
  return false;
}

// Position where the query ranges occur consecutively in `words`, or -1.
template <typename Range>
int PhraseAt(Words words, const std::vector<Range>& tokens) {
  if (tokens.empty() || tokens.size() > words.size()) return -1;
  for (size_t i = 0; i + tokens.size() <= words.size(); ++i) {
    bool ok = true;
    for (size_t k = 0; k < tokens.size() && ok; ++k) ok = tokens[k].Has(words[i + k]);
    if (ok) return static_cast<int>(i);
  }
  return -1;
}

// Every query range found in `words`.
template <typename Range>
bool AllIn(const std::vector<Range>& tokens, Words words) {
  for (const auto& t : tokens)
    if (!Contains(words, t)) return false;
  return true;
}

// Words that say nothing about which procedure is meant.
bool IsFiller(const std::string& t) { return t == "thu" || t == "tuc"; }

}  // namespace

ReferenceProcedureIndex::ReferenceProcedureIndex(std::vector<CatalogueEntry> entries)
    : entries_(std::move(entries)) {
  std::sort(entries_.begin(), entries_.end(),
            [](const auto& a, const auto& b) { return a.procedure.code < b.procedure.code; });
  std::vector<std::vector<std::string>> tokens;  // name, field, other per entry
  tokens.reserve(entries_.size() * 3);
  for (const auto& e : entries_) {
    const Procedure& p = e.procedure;
    auto name = TokenizeVietnamese(p.name);
    // "Thủ tục đăng ký khai sinh": the leading "thủ tục" is noise for phrase matching.
    if (name.size() > 2 && name[0] == "thu" && name[1] == "tuc")
      name.erase(name.begin(), name.begin() + 2);
    tokens.push_back(std::move(name));
    tokens.push_back(TokenizeVietnamese(p.field_name));
    tokens.push_back(TokenizeVietnamese(p.result + " " + p.competent_agency + " " + p.field_code));
    for (size_t k = tokens.size() - 3; k < tokens.size(); ++k)
      vocabulary_.insert(vocabulary_.end(), tokens[k].begin(), tokens[k].end());
  }
  std::sort(vocabulary_.begin(), vocabulary_.end());
  vocabulary_.erase(std::unique(vocabulary_.begin(), vocabulary_.end()), vocabulary_.end());
  auto append = [&](const std::vector<std::string>& list) {
    for (const auto& t : list)
      words_.push_back(static_cast<int>(
          std::lower_bound(vocabulary_.begin(), vocabulary_.end(), t) - vocabulary_.begin()));
    return static_cast<uint32_t>(words_.size());
  };
  keys_.reserve(entries_.size());
  folded_names_.reserve(entries_.size());
  for (size_t i = 0; i < entries_.size(); ++i) {
    const Procedure& p = entries_[i].procedure;
    Keys k;
    k.code = p.code;
    k.field_code = p.field_code;
    k.level = p.level;
    k.online_level = p.online_level;
    k.retired = entries_[i].retired;
    k.name_bytes = p.name.size();
    k.begin = static_cast<uint32_t>(words_.size());
    k.name_end = append(tokens[3 * i]);
    k.field_end = append(tokens[3 * i + 1]);
    k.other_end = append(tokens[3 * i + 2]);
    keys_.push_back(std::move(k));
    folded_names_.push_back(FoldVietnamese(p.name));
  }
  postings_.resize(vocabulary_.size());
  for (size_t i = 0; i < keys_.size(); ++i)
    for (uint32_t w = keys_[i].begin; w < keys_[i].other_end; ++w) {
      auto& list = postings_[words_[w]];
      if (list.empty() || list.back() != i) list.push_back(static_cast<uint32_t>(i));
    }
}

std::vector<ReferenceProcedureIndex::IdRange> ReferenceProcedureIndex::Ranges(
    const std::vector<std::string>& tokens) const {
  std::vector<IdRange> out;
  auto pos = [&](const std::string& t) {
    return static_cast<int>(std::lower_bound(vocabulary_.begin(), vocabulary_.end(), t) -
                            vocabulary_.begin());
  };
  for (size_t k = 0; k < tokens.size(); ++k) {
    const std::string& t = tokens[k];
    int lo = pos(t);
    if (k + 1 < tokens.size()) {  // whole word
      bool found = lo < static_cast<int>(vocabulary_.size()) && vocabulary_[lo] == t;
      out.push_back(found ? IdRange{lo, lo + 1} : IdRange{});
    } else {  // the last word may be a prefix: every word in [t, t with its last char + 1)
      std::string next = t;
      next.back() = static_cast<char>(next.back() + 1);
      out.push_back({lo, pos(next)});
    }
  }
  return out;
}

const CatalogueEntry* ReferenceProcedureIndex::Find(std::string_view code) const {
  auto it = std::lower_bound(
      entries_.begin(), entries_.end(), code,
      [](const CatalogueEntry& e, std::string_view c) { return e.procedure.code < c; });
  if (it == entries_.end() || it->procedure.code != code) return nullptr;
  return &*it;
}

int ReferenceProcedureIndex::Score(size_t i, const std::string& raw,
                                   const std::vector<IdRange>& tokens) const {
  const Keys& k = keys_[i];
  if (!raw.empty() && raw == k.code) return 1000;
  if (raw.size() >= 3 && raw.find('.') != std::string::npos && k.code.rfind(raw, 0) == 0)
    return 900;
  if (tokens.empty()) return 0;
  const int* w = words_.data();
  Words name(w + k.begin, w + k.name_end);
  Words field(w + k.name_end, w + k.field_end);
  Words all(w + k.begin, w + k.other_end);
  if (!AllIn(tokens, all)) return 0;  // the loosest rule: nothing else can match
  int at = PhraseAt(name, tokens);
  if (at >= 0) return at == 0 ? 350 : 300;
  if (AllIn(tokens, name)) return 200;
  if (PhraseAt(field, tokens) >= 0) return 100;
  if (AllIn(tokens, Words(w + k.begin, w + k.field_end))) return 80;
  return 50;
}

ProcedurePage ReferenceProcedureIndex::Search(const ProcedureQuery& q) const {
  ProcedurePage page;
  page.page_size = std::clamp(q.page_size, 1, 200);
  page.page = std::max(q.page, 1);
  std::string raw = Trim(q.text);
  std::vector<std::string> tokens = TokenizeVietnamese(raw);
  if (tokens.size() > 1) std::erase_if(tokens, IsFiller);
  bool listing = tokens.empty() && raw.empty();
  std::vector<IdRange> ranges = Ranges(tokens);
  bool words_can_match =
      !ranges.empty() &&
      std::all_of(ranges.begin(), ranges.end(), [](const IdRange& r) { return r.lo < r.hi; });
  if (!words_can_match) ranges.clear();
  // Candidates: every entry when listing; otherwise those holding every query word (from the
  // postings) and those whose code starts with the query (a contiguous run: entries are by code).
  const size_t n = keys_.size();
  std::vector<uint64_t> candidates((n + 63) / 64, listing ? ~uint64_t{0} : 0);
  if (words_can_match) {
    std::vector<uint64_t> one(candidates.size());
    for (size_t t = 0; t < ranges.size(); ++t) {
      std::fill(one.begin(), one.end(), 0);
      for (int id = ranges[t].lo; id < ranges[t].hi; ++id)
        for (uint32_t e : postings_[id]) one[e / 64] |= uint64_t{1} << (e % 64);
      if (t == 0) {
        candidates.swap(one);
      } else {
        for (size_t b = 0; b < one.size(); ++b) candidates[b] &= one[b];
      }
    }
  }
  if (!listing && !raw.empty()) {
    auto lo = std::lower_bound(keys_.begin(), keys_.end(), raw,
                               [](const Keys& k, const std::string& r) { return k.code < r; });
    for (auto it = lo; it != keys_.end() && it->code.rfind(raw, 0) == 0; ++it) {
      size_t e = static_cast<size_t>(it - keys_.begin());
      candidates[e / 64] |= uint64_t{1} << (e % 64);
    }
  }
  struct Hit {
    uint32_t index;
    int score;
  };
  std::vector<Hit> hits;
  for (size_t b = 0; b < candidates.size(); ++b) {
    for (uint64_t bits = candidates[b]; bits != 0; bits &= bits - 1) {
      size_t i = b * 64 + static_cast<size_t>(__builtin_ctzll(bits));
      if (i >= n) break;
      const Keys& k = keys_[i];
      if (k.retired && !q.include_retired) continue;
      if (!q.field_code.empty() && k.field_code != q.field_code) continue;
      if (q.level && k.level != *q.level) continue;
      if (q.online_level && k.online_level != *q.online_level) continue;
      if (!q.agency_code.empty()) {
        const Procedure& p = entries_[i].procedure;
        if (p.competent_agency_code != q.agency_code &&
            std::find(p.implementing_agencies.begin(), p.implementing_agencies.end(),
                      q.agency_code) == p.implementing_agencies.end())
          continue;
      }
      int score = listing ? 1 : Score(i, raw, ranges);
      if (score > 0) hits.push_back({static_cast<uint32_t>(i), score});
    }
  }
  auto better = [&](const Hit& a, const Hit& b) {
    if (a.score != b.score) return a.score > b.score;
    if (listing) {
      const std::string& na = folded_names_[a.index];
      const std::string& nb = folded_names_[b.index];
      if (na != nb) return na < nb;
    } else if (keys_[a.index].name_bytes != keys_[b.index].name_bytes) {
      return keys_[a.index].name_bytes < keys_[b.index].name_bytes;
    }
    return a.index < b.index;  // entries are in code order
  };
  page.total = hits.size();
  size_t from = static_cast<size_t>(page.page - 1) * page.page_size;
  size_t to = std::min(hits.size(), from + page.page_size);
  if (from < to) {
    // Only the requested page needs ordering.
    std::partial_sort(hits.begin(), hits.begin() + to, hits.end(), better);
    for (size_t i = from; i < to; ++i)
      page.items.push_back({&entries_[hits[i].index], hits[i].score, {}});
  }
  return page;
}

}  // namespace motcua::bench
