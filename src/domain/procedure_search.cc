#include "domain/procedure_search.h"

#include <algorithm>
#include <array>
#include <bit>
#include <cmath>

#include "common/json_util.h"
#include "domain/search_lexicon.h"
#include "domain/search_spelling.h"
#include "domain/vietnamese_text.h"

namespace motcua::domain {
namespace {

// BM25F: a term in the name counts most; in the file's components least (they are long and
// mention many other papers). b is how much a long field dilutes a match.
constexpr float kFieldWeight[] = {3.0f, 1.0f, 1.5f, 0.3f, 0.3f};
constexpr float kFieldB[] = {0.6f, 0.3f, 0.5f, 0.75f, 0.3f};
constexpr float kK1 = 1.2f;
// A word typed with marks found only with other marks ("trẻ" for "trễ") keeps this share.
constexpr float kOtherMarks = 0.25f;
// The citizen's own words once the lexicon replaced them ("hộ khẩu" is rarely in a name).
constexpr float kReplacedWeight = 0.3f;
// A stop word typed without marks, which may be a content word ("dang": đang or đăng).
constexpr float kWeakWeight = 0.2f;
// Prefix completions of the last word share one word's weight.
constexpr float kPrefixWeight = 0.8f;
// In the share of the query a procedure covers (coordination), a lexicon phrase the citizen
// typed ("sổ đỏ", "bố mất") weighs as much as two words: it is what they asked.
constexpr double kLexiconGroupWeight = 2.0;
// Hits under this share of the best score are noise for the citizen.
constexpr double kCutoff = 0.2;
constexpr int kCodeScore = 1000000;

std::string_view FieldKey(int f) {
  constexpr std::string_view kKeys[] = {"name", "field", "result", "components", "agency"};
  return kKeys[f];
}

std::string Pair(const std::string& a, const std::string& b) { return a + " " + b; }

bool LooksLikeCode(const std::string& raw) {
  if (raw.size() < 3 || !(raw[0] >= '0' && raw[0] <= '9')) return false;
  if (raw.find('.') == std::string::npos) return false;
  return std::all_of(raw.begin(), raw.end(), [](char c) {
    return c == '.' || (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
  });
}

std::string Join(const std::vector<std::string>& parts, std::string_view sep) {
  std::string out;
  for (const auto& p : parts) {
    if (!out.empty()) out += sep;
    out += p;
  }
  return out;
}

}  // namespace

struct ProcedureIndex::Plan {
  struct Term {
    int id = -1;      // term_ids_
    int marked = -1;  // marked_ids_, when the query wrote marks (-1 and has_marks: unknown)
    bool has_marks = false;
    bool pair = false;
    uint32_t first = 0, second = 0;  // a pair's syllable ids
    float weight = 1.0f;
    int group = -1;  // the query word (or lexicon phrase) it stands for; -1: a pair
    std::string display;
    std::string typed;
    bool via_synonym = false;
  };
  bool listing = false;
  std::vector<Term> terms;
  int groups = 0;
  std::vector<double> group_weights;  // a lexicon phrase weighs more than one typed word
  double total_group_weight = 0;
  int NewGroup(double weight) {
    if (groups < 64) {
      group_weights.push_back(weight);
      total_group_weight += weight;
    }
    return groups++;
  }
  std::vector<std::string> synonyms;
  std::string life_event;
  std::vector<std::string> ignored;
  std::string name_key;  // the query's own words, folded
  // For explaining hits: query words by syllable id (single words and the first syllable of
  // pairs), sorted, and a flag per term id saying whether it is one of them.
  std::vector<std::pair<uint32_t, uint32_t>> by_word;  // syllable id, index in terms
  // A filter on syllable ids (id mod 65,536) in by_word: most words of a procedure are not.
  std::vector<uint64_t> wanted_word = std::vector<uint64_t>(1024, 0);
  bool Wanted(uint32_t id) const { return wanted_word[(id & 0xFFFF) >> 6] >> (id & 63) & 1; }
};

ProcedureIndex::ProcedureIndex(std::vector<CatalogueEntry> entries)
    : ProcedureIndex(std::move(entries), DefaultSearchLexicon()) {}

ProcedureIndex::ProcedureIndex(std::vector<CatalogueEntry> entries, const SearchLexicon& lexicon)
    : lexicon_(&lexicon), entries_(std::move(entries)) {
  std::sort(entries_.begin(), entries_.end(),
            [](const auto& a, const auto& b) { return a.procedure.code < b.procedure.code; });
  const size_t n = entries_.size();
  keys_.resize(n);
  folded_names_.reserve(n);
  auto intern = [](std::unordered_map<std::string, uint32_t>& ids,
                   std::vector<std::vector<Posting>>& postings, const std::string& s) {
    auto [it, fresh] = ids.try_emplace(s, static_cast<uint32_t>(postings.size()));
    if (fresh) postings.emplace_back();
    return it->second;
  };
  // Raw term frequencies per field first; lengths are normalised once averages are known.
  struct Count {
    uint32_t term;
    uint32_t doc;
    uint8_t field;
    bool marked;
  };
  std::vector<Count> counts;
  std::vector<std::array<uint32_t, kFieldCount>> lengths(n);
  std::array<double, kFieldCount> total_length{};
  for (size_t i = 0; i < n; ++i) {
    const Procedure& p = entries_[i].procedure;
    std::string components;
    for (const auto& c : p.components) components += c.name + " . ";
    const std::string* texts[kFieldCount] = {&p.name, &p.field_name, &p.result, &components,
                                             &p.competent_agency};
    Keys& k = keys_[i];
    k.code = p.code;
    k.field_code = p.field_code;
    k.level = p.level;
    k.online_level = p.online_level;
    k.retired = entries_[i].retired;
    k.name_bytes = p.name.size();
    for (int f = 0; f < kFieldCount; ++f) {
      k.start[f] = static_cast<uint32_t>(words_.size());
      auto syl = SearchSyllables(*texts[f]);
      // "Thủ tục đăng ký khai sinh": the leading "thủ tục" names no procedure.
      if (f == kName && syl.size() > 2 && syl[0].folded == "thu" && syl[1].folded == "tuc")
        syl.erase(syl.begin(), syl.begin() + 2);
      if (f == kField) {  // the field code is searched with the field's name
        auto code = SearchSyllables(p.field_code);
        syl.insert(syl.end(), code.begin(), code.end());
      }
      lengths[i][f] = static_cast<uint32_t>(syl.size());
      total_length[f] += static_cast<double>(syl.size());
      for (size_t s = 0; s < syl.size(); ++s) {
        uint32_t id = intern(term_ids_, postings_, syl[s].folded);
        uint32_t mid = intern(marked_ids_, marked_postings_, syl[s].marked);
        words_.push_back(id);
        marked_words_.push_back(mid);
        uint8_t field = static_cast<uint8_t>(f);
        uint32_t doc = static_cast<uint32_t>(i);
        counts.push_back({id, doc, field, false});
        counts.push_back({mid, doc, field, true});
        if (s + 1 < syl.size()) {
          counts.push_back({intern(term_ids_, postings_, Pair(syl[s].folded, syl[s + 1].folded)),
                            doc, field, false});
          counts.push_back(
              {intern(marked_ids_, marked_postings_, Pair(syl[s].marked, syl[s + 1].marked)), doc,
               field, true});
        }
        if (f == kName) {
          if (!k.name_key.empty()) k.name_key += ' ';
          k.name_key += syl[s].folded;
        }
      }
    }
    k.start[kFieldCount] = static_cast<uint32_t>(words_.size());
    folded_names_.push_back(FoldVietnamese(p.name));
  }
  std::array<double, kFieldCount> average{};
  for (int f = 0; f < kFieldCount; ++f)
    average[f] = n == 0 ? 1.0 : std::max(1.0, total_length[f] / static_cast<double>(n));
  std::sort(counts.begin(), counts.end(), [](const Count& a, const Count& b) {
    if (a.marked != b.marked) return a.marked < b.marked;
    if (a.term != b.term) return a.term < b.term;
    return a.doc < b.doc;
  });
  for (size_t c = 0; c < counts.size();) {
    size_t e = c;
    float weight = 0;
    std::array<int, kFieldCount> tf{};
    while (e < counts.size() && counts[e].marked == counts[c].marked &&
           counts[e].term == counts[c].term && counts[e].doc == counts[c].doc)
      ++tf[counts[e++].field];
    for (int f = 0; f < kFieldCount; ++f) {
      if (tf[f] == 0) continue;
      double norm = 1 - kFieldB[f] + kFieldB[f] * lengths[counts[c].doc][f] / average[f];
      weight += static_cast<float>(kFieldWeight[f] * tf[f] / norm);
    }
    auto& list = counts[c].marked ? marked_postings_ : postings_;
    list[counts[c].term].push_back({counts[c].doc, weight});
    c = e;
  }
  for (const auto& [term, id] : term_ids_)
    if (term.find(' ') == std::string::npos) syllables_.push_back(term);
  std::sort(syllables_.begin(), syllables_.end());
}

int ProcedureIndex::TermId(const std::string& term) const {
  auto it = term_ids_.find(term);
  return it == term_ids_.end() ? -1 : static_cast<int>(it->second);
}

ProcedureIndex::Plan ProcedureIndex::Analyse(const std::string& raw) const {
  Plan plan;
  std::vector<Syllable> syl = SearchSyllables(raw);
  std::vector<std::string> typed(syl.size());
  bool ends_in_word = !raw.empty() && syl.size() > 0 && raw.back() != ' ';
  // Words typed with Telex/VNI keys while the input method was off, or with one letter wrong;
  // not those of a lexicon phrase ("sổ hộ khẩu" is understood even if "khẩu" is in no name).
  std::vector<char> in_phrase(syl.size(), 0);
  for (const auto& m : lexicon_->Find(syl))
    for (size_t i = m.begin; i < m.end; ++i) in_phrase[i] = 1;
  for (size_t i = 0; i < syl.size(); ++i) {
    if (in_phrase[i] || TermId(syl[i].folded) >= 0) continue;
    bool last = i + 1 == syl.size() && ends_in_word;
    if (last) {
      auto lo = std::lower_bound(syllables_.begin(), syllables_.end(), syl[i].folded);
      if (lo != syllables_.end() && lo->rfind(syl[i].folded, 0) == 0) continue;  // still typing
    }
    std::string repaired;
    for (const auto& candidate : TypingRepairs(syl[i].folded)) {
      Syllable fixed{candidate, candidate};
      NormaliseIY(fixed);
      if (TermId(fixed.folded) >= 0) {
        repaired = fixed.folded;
        break;
      }
    }
    // Otherwise one letter wrong, missing, extra or swapped ("khai sihn"): the most frequent
    // syllable that close, for words long enough that one letter does not make another word.
    if (repaired.empty() && syl[i].folded.size() >= 4) {
      size_t best = 0;
      for (const auto& word : syllables_) {
        if (word[0] != syl[i].folded[0] && word.back() != syl[i].folded.back()) continue;
        if (!WithinOneEdit(word, syl[i].folded)) continue;
        size_t df = postings_[term_ids_.at(word)].size();
        if (df > best) best = df, repaired = word;
      }
    }
    if (!repaired.empty()) {
      typed[i] = syl[i].marked;
      syl[i] = Syllable{repaired, repaired};
    }
  }
  std::vector<LexiconMatch> matches = lexicon_->Find(syl);
  std::vector<int> covered(syl.size(), -1);  // index in matches
  for (size_t m = 0; m < matches.size(); ++m)
    for (size_t i = matches[m].begin; i < matches[m].end; ++i) covered[i] = static_cast<int>(m);

  auto add_term = [&](const std::string& folded, const std::string& marked, bool has_marks,
                      bool pair, float weight, int group, std::string display, bool synonym) {
    int id = TermId(folded);
    if (id < 0) return false;
    for (auto& t : plan.terms)  // a word both typed and reached through a synonym counts once
      if (t.id == id) {
        t.weight = std::max(t.weight, weight);
        return true;
      }
    Plan::Term t;
    t.id = id;
    t.has_marks = has_marks;
    if (has_marks) {
      auto it = marked_ids_.find(marked);
      t.marked = it == marked_ids_.end() ? -1 : static_cast<int>(it->second);
    }
    t.pair = pair;
    if (pair) {
      auto space = folded.find(' ');
      t.first = static_cast<uint32_t>(TermId(folded.substr(0, space)));
      t.second = static_cast<uint32_t>(TermId(folded.substr(space + 1)));
    }
    t.weight = weight;
    t.group = group;
    t.display = std::move(display);
    t.via_synonym = synonym;
    plan.terms.push_back(std::move(t));
    return true;
  };
  // Unigrams and pairs of a run of syllables.
  auto add_run = [&](const std::vector<Syllable>& run, float weight, int group, bool synonym) {
    bool any = false;
    for (const auto& s : run)
      any |= add_term(s.folded, s.marked, s.HasMarks(), false, weight, group, s.marked, synonym);
    for (size_t i = 0; i + 1 < run.size(); ++i)
      add_term(Pair(run[i].folded, run[i + 1].folded), Pair(run[i].marked, run[i + 1].marked),
               run[i].HasMarks() && run[i + 1].HasMarks(), true, weight, -1,
               Pair(run[i].marked, run[i + 1].marked), synonym);
    return any;
  };

  // Consecutive kept words of the query (indices in syl), searched as pairs too.
  std::vector<size_t> run;
  auto flush_run = [&] {
    for (size_t r = 0; r + 1 < run.size(); ++r) {
      const Syllable& a = syl[run[r]];
      const Syllable& b = syl[run[r + 1]];
      if (add_term(Pair(a.folded, b.folded), Pair(a.marked, b.marked), a.HasMarks() && b.HasMarks(),
                   true, 1.0f, -1, Pair(a.marked, b.marked), false) &&
          (!typed[run[r]].empty() || !typed[run[r + 1]].empty()) &&
          plan.terms.back().display == Pair(a.marked, b.marked))
        plan.terms.back().typed = Pair(typed[run[r]].empty() ? a.marked : typed[run[r]],
                                       typed[run[r + 1]].empty() ? b.marked : typed[run[r + 1]]);
    }
    run.clear();
  };
  for (size_t i = 0; i < syl.size();) {
    const Syllable& s = syl[i];
    if (covered[i] >= 0) {
      const LexiconMatch& m = matches[covered[i]];
      // A one-syllable stop word typed without marks may be a content word that folds alike
      // ("dang" is "đang" or "đăng", "can" is "cần" or "căn"): kept, weakly, and in pairs.
      if (m.entry == nullptr && m.end - m.begin == 1 && !s.HasMarks() && TermId(s.folded) >= 0) {
        add_term(s.folded, s.marked, false, false, kWeakWeight, -1, s.marked, false);
        if (!plan.name_key.empty()) plan.name_key += ' ';
        plan.name_key += s.folded;
        run.push_back(i);
        ++i;
        continue;
      }
      flush_run();
      std::vector<Syllable> phrase(syl.begin() + m.begin, syl.begin() + m.end);
      std::string said;
      for (const auto& p : phrase) said += (said.empty() ? "" : " ") + p.marked;
      if (m.entry == nullptr) {
        plan.ignored.push_back(said);
      } else {
        int group = plan.NewGroup(kLexiconGroupWeight);
        add_run(phrase, kReplacedWeight, group, false);
        for (const auto& meaning : m.entry->means) {
          size_t first = plan.terms.size();
          add_run(SearchSyllables(meaning), 1.0f, group, true);
          for (size_t t = first; t < plan.terms.size(); ++t) plan.terms[t].typed = said;
        }
        plan.synonyms.push_back(said + " → " + Join(m.entry->means, ", "));
        if (m.entry->life_event && plan.life_event.empty()) plan.life_event = m.entry->label;
      }
      i = m.end;
      continue;
    }
    if (TermId(s.folded) >= 0) {
      int group = plan.NewGroup(1.0);
      add_term(s.folded, s.marked, s.HasMarks(), false, 1.0f, group, s.marked, false);
      if (!typed[i].empty()) plan.terms.back().typed = typed[i];
      if (!plan.name_key.empty()) plan.name_key += ' ';
      plan.name_key += s.folded;
      run.push_back(i);
    } else if (i + 1 == syl.size() && ends_in_word) {
      // The last word may be a prefix: its most frequent completions share one word's weight.
      flush_run();
      std::vector<std::pair<size_t, const std::string*>> completions;
      for (auto it = std::lower_bound(syllables_.begin(), syllables_.end(), s.folded);
           it != syllables_.end() && it->rfind(s.folded, 0) == 0; ++it)
        completions.push_back({postings_[term_ids_.at(*it)].size(), &*it});
      std::sort(completions.begin(), completions.end(),
                [](const auto& a, const auto& b) { return a.first > b.first; });
      if (completions.size() > 8) completions.resize(8);
      if (completions.empty()) {
        plan.ignored.push_back(s.marked);
      } else {
        int group = plan.NewGroup(1.0);
        for (const auto& [_, word] : completions)
          add_term(*word, *word, false, false, kPrefixWeight, group, *word, false);
      }
    } else {
      flush_run();
      plan.ignored.push_back(s.marked);
    }
    ++i;
  }
  flush_run();
  return plan;
}

ProcedurePage ProcedureIndex::Search(const ProcedureQuery& q) const {
  ProcedurePage page;
  page.page_size = std::clamp(q.page_size, 1, 200);
  page.page = std::max(q.page, 1);
  const std::string raw = Trim(q.text);
  const size_t n = keys_.size();
  auto passes = [&](size_t i) {
    const Keys& k = keys_[i];
    if (k.retired && !q.include_retired) return false;
    if (!q.field_code.empty() && k.field_code != q.field_code) return false;
    if (q.level && k.level != *q.level) return false;
    if (q.online_level && k.online_level != *q.online_level) return false;
    if (!q.agency_code.empty()) {
      const Procedure& p = entries_[i].procedure;
      if (p.competent_agency_code != q.agency_code &&
          std::find(p.implementing_agencies.begin(), p.implementing_agencies.end(),
                    q.agency_code) == p.implementing_agencies.end())
        return false;
    }
    return true;
  };
  struct Hit {
    uint32_t index;
    double score;
    bool code;
  };
  std::vector<Hit> hits;
  Plan plan;
  if (raw.empty()) {
    for (size_t i = 0; i < n; ++i)
      if (passes(i)) hits.push_back({static_cast<uint32_t>(i), 1, false});
  } else {
    // Procedures whose code starts with the query: a contiguous run (entries are by code).
    size_t code_from = 0, code_to = 0;
    if (LooksLikeCode(raw)) {
      auto lo = std::lower_bound(keys_.begin(), keys_.end(), raw,
                                 [](const Keys& k, const std::string& r) { return k.code < r; });
      auto hi = lo;
      while (hi != keys_.end() && hi->code.rfind(raw, 0) == 0) ++hi;
      code_from = static_cast<size_t>(lo - keys_.begin());
      code_to = static_cast<size_t>(hi - keys_.begin());
    }
    plan = Analyse(raw);
    page.ignored = plan.ignored;
    // Only stop words ("không có gì"): nothing was asked.
    if (plan.groups == 0) plan.terms.clear();
    for (size_t t = 0; t < plan.terms.size(); ++t) {
      const auto& term = plan.terms[t];
      uint32_t word = term.pair ? term.first : static_cast<uint32_t>(term.id);
      plan.by_word.push_back({word, static_cast<uint32_t>(t)});
      plan.wanted_word[(word & 0xFFFF) >> 6] |= uint64_t{1} << (word & 63);
    }
    std::sort(plan.by_word.begin(), plan.by_word.end());
    std::vector<float> acc(n, 0.0f);
    std::vector<uint64_t> groups(n, 0);
    std::vector<float> marked(n, 0.0f);
    std::vector<uint32_t> touched;  // procedures with a score, in the order first reached
    const double docs = static_cast<double>(n);
    for (const auto& t : plan.terms) {
      const auto& list = postings_[t.id];
      float idf = static_cast<float>(
          std::log(1.0 + (docs - list.size() + 0.5) / (static_cast<double>(list.size()) + 0.5)));
      if (t.marked >= 0)
        for (const auto& p : marked_postings_[t.marked]) marked[p.doc] = p.weight;
      for (const auto& p : list) {
        float s = t.weight * idf * p.weight / (kK1 + p.weight);
        if (t.has_marks)
          s *= kOtherMarks + (1 - kOtherMarks) * std::min(1.0f, marked[p.doc] / p.weight);
        if (acc[p.doc] == 0) touched.push_back(p.doc);
        acc[p.doc] += s;
        if (t.group >= 0 && t.group < 64) groups[p.doc] |= uint64_t{1} << t.group;
      }
      if (t.marked >= 0)
        for (const auto& p : marked_postings_[t.marked]) marked[p.doc] = 0;
    }
    const int wanted = std::min(plan.groups, 64);
    for (size_t i = code_from; i < code_to; ++i)
      if (passes(i))
        hits.push_back(
            {static_cast<uint32_t>(i), keys_[i].code == raw ? kCodeScore + 1.0 : kCodeScore, true});
    for (uint32_t i : touched) {
      if ((i >= code_from && i < code_to) || acc[i] <= 0 || !passes(i)) continue;
      // Coordination: a procedure that has every word the citizen meant beats one that has the
      // rarest word many times (tried squared on tests/data/search_queries.tsv: 0.6 point
      // fewer in the top 5).
      double matched = 0;
      for (int g = 0; g < wanted; ++g)
        if (groups[i] >> g & 1) matched += plan.group_weights[g];
      double coverage = wanted == 0 ? 1.0 : matched / plan.total_group_weight;
      double score = acc[i] * coverage;
      if (!plan.name_key.empty() && keys_[i].name_key == plan.name_key) score *= 1.3;
      hits.push_back({static_cast<uint32_t>(i), score, false});
    }
    double best = 0;
    for (const auto& h : hits)
      if (!h.code) best = std::max(best, h.score);
    bool any_code = std::any_of(hits.begin(), hits.end(), [](const Hit& h) { return h.code; });
    std::erase_if(hits,
                  [&](const Hit& h) { return !h.code && (any_code || h.score < best * kCutoff); });
  }
  const bool listing = raw.empty();
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
    for (size_t i = from; i < to; ++i) {
      ProcedureHit hit{
          &entries_[hits[i].index], static_cast<int>(std::lround(hits[i].score * 100)), {}};
      if (hits[i].code) {
        hit.score = static_cast<int>(hits[i].score);
        hit.why.code = true;
      } else if (!listing) {
        hit.why = Explain(hits[i].index, plan);
      }
      page.items.push_back(std::move(hit));
    }
  }
  return page;
}

MatchReason ProcedureIndex::Explain(size_t doc, const Plan& plan) const {
  MatchReason why;
  why.synonyms = plan.synonyms;
  why.life_event = plan.life_event;
  const Keys& k = keys_[doc];
  const size_t terms = plan.terms.size();
  const auto& by_word = plan.by_word;
  // Per term, the fields it was found in and those where its marks were the query's.
  std::vector<uint8_t> found(terms, 0), same(terms, 0);
  std::vector<char> in_pair(k.start[kFieldCount] - k.start[0], 0);
  for (int f = 0; f < kFieldCount; ++f) {
    for (int pass = 0; pass < 2; ++pass) {
      for (uint32_t w = k.start[f]; w < k.start[f + 1]; ++w) {
        if (!plan.Wanted(words_[w])) continue;
        auto it = std::lower_bound(by_word.begin(), by_word.end(), std::make_pair(words_[w], 0u));
        for (; it != by_word.end() && it->first == words_[w]; ++it) {
          const Plan::Term& term = plan.terms[it->second];
          if (pass == 0 && term.pair && w + 1 < k.start[f + 1] && words_[w + 1] == term.second) {
            found[it->second] |= uint8_t(1u << f);
            in_pair[w - k.start[0]] = in_pair[w + 1 - k.start[0]] = 1;
          } else if (pass == 1 && !term.pair && !in_pair[w - k.start[0]]) {
            found[it->second] |= uint8_t(1u << f);
            if (!term.has_marks ||
                (term.marked >= 0 && marked_words_[w] == static_cast<uint32_t>(term.marked)))
              same[it->second] |= uint8_t(1u << f);
          }
        }
      }
    }
  }
  for (int pass = 0; pass < 2; ++pass) {  // pairs listed before single words
    for (size_t t = 0; t < terms; ++t) {
      const Plan::Term& term = plan.terms[t];
      if (term.pair != (pass == 0) || found[t] == 0) continue;
      MatchedTerm m{term.display, term.typed, {}, term.via_synonym, false};
      for (int f = 0; f < kFieldCount; ++f)
        if (found[t] >> f & 1) m.fields.emplace_back(FieldKey(f));
      m.marks_differ = !term.pair && term.has_marks && (found[t] & ~same[t]) != 0;
      why.terms.push_back(std::move(m));
    }
  }
  return why;
}

const CatalogueEntry* ProcedureIndex::Find(std::string_view code) const {
  auto it = std::lower_bound(
      entries_.begin(), entries_.end(), code,
      [](const CatalogueEntry& e, std::string_view c) { return e.procedure.code < c; });
  if (it == entries_.end() || it->procedure.code != code) return nullptr;
  return &*it;
}

std::string_view MatchFieldLabelVi(std::string_view field) {
  if (field == "name") return "tên thủ tục";
  if (field == "field") return "lĩnh vực";
  if (field == "result") return "kết quả";
  if (field == "components") return "thành phần hồ sơ";
  if (field == "agency") return "cơ quan";
  return field;
}

std::string DescribeMatchVi(const MatchReason& why) {
  if (why.code) return "Khớp mã thủ tục.";
  std::vector<std::string> parts;
  for (const auto& t : why.terms) {
    std::vector<std::string> where;
    for (const auto& f : t.fields) where.emplace_back(MatchFieldLabelVi(f));
    std::string part = "“" + t.term + "” trong " + Join(where, ", ");
    if (!t.typed.empty() && !t.via_synonym) part += " (bạn gõ “" + t.typed + "”)";
    if (t.marks_differ) part += " (khác dấu)";
    parts.push_back(std::move(part));
  }
  std::string out;
  if (!why.life_event.empty()) out += "Tình huống: " + why.life_event + ". ";
  if (!parts.empty()) out += "Khớp " + Join(parts, "; ") + ".";
  if (!why.synonyms.empty())
    out += (out.empty() ? "" : " ") + std::string("Đã hiểu: ") + Join(why.synonyms, "; ") + ".";
  return out;
}

}  // namespace motcua::domain
