#include "domain/search_spelling.h"

#include <algorithm>

namespace motcua::domain {
namespace {

bool IsVowel(char c) {
  return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' || c == 'y';
}

bool IsToneKey(char c) { return c == 's' || c == 'f' || c == 'r' || c == 'x' || c == 'j'; }

// The UTF-8 of y with each tone mark, and of i with the same mark.
constexpr std::pair<std::string_view, std::string_view> kYToI[] = {
    {"y", "i"}, {"ý", "í"}, {"ỳ", "ì"}, {"ỷ", "ỉ"}, {"ỹ", "ĩ"}, {"ỵ", "ị"},
};

void AddUnique(std::vector<std::string>& out, std::string s, const std::string& original) {
  if (s.empty() || s == original) return;
  if (std::find(out.begin(), out.end(), s) == out.end()) out.push_back(std::move(s));
}

}  // namespace

void NormaliseIY(Syllable& s) {
  const std::string& f = s.folded;
  if (f.size() < 2 || f.back() != 'y') return;
  char before = f[f.size() - 2];
  bool consonant_before = !IsVowel(before) && !(before >= '0' && before <= '9');
  if (!consonant_before && f != "quy") return;
  s.folded.back() = 'i';
  for (const auto& [y, i] : kYToI) {
    if (s.marked.size() >= y.size() &&
        s.marked.compare(s.marked.size() - y.size(), y.size(), y) == 0) {
      s.marked.replace(s.marked.size() - y.size(), y.size(), i);
      return;
    }
  }
}

std::vector<std::string> TypingRepairs(const std::string& folded) {
  std::vector<std::string> out;
  bool letters = std::any_of(folded.begin(), folded.end(), [](char c) { return c >= 'a'; });
  if (!letters) return out;
  // VNI: tone and vowel keys are digits typed after the letter.
  std::string vni;
  for (char c : folded)
    if (!(c >= '0' && c <= '9')) vni.push_back(c);
  // Telex: doubled letters and w make the modified vowels, dd makes đ.
  std::string telex;
  for (size_t i = 0; i < vni.size(); ++i) {
    char c = vni[i];
    char next = i + 1 < vni.size() ? vni[i + 1] : '\0';
    if ((c == 'd' || c == 'a' || c == 'e' || c == 'o') && next == c) {
      telex.push_back(c);
      ++i;
    } else if (c == 'w' && i > 0 && (vni[i - 1] == 'a' || vni[i - 1] == 'o' || vni[i - 1] == 'u')) {
      continue;
    } else {
      telex.push_back(c);
    }
  }
  AddUnique(out, vni, folded);
  AddUnique(out, telex, folded);
  // A tone key after the first vowel: typed last ("kys") or before the final consonant
  // ("khaaur" -> "khaur").
  auto first_vowel = std::find_if(telex.begin(), telex.end(), IsVowel);
  if (first_vowel != telex.end()) {
    size_t from = static_cast<size_t>(first_vowel - telex.begin()) + 1;
    for (size_t i = telex.size(); i-- > from;) {
      if (!IsToneKey(telex[i])) continue;
      std::string t = telex;
      t.erase(i, 1);
      AddUnique(out, t, folded);
    }
  }
  return out;
}

bool WithinOneEdit(std::string_view a, std::string_view b) {
  if (a == b) return false;
  if (a.size() > b.size()) std::swap(a, b);
  if (b.size() - a.size() > 1) return false;
  size_t i = 0;
  while (i < a.size() && a[i] == b[i]) ++i;
  if (a.size() == b.size()) {
    if (a.substr(i + 1) == b.substr(i + 1)) return true;  // one replaced
    return i + 1 < a.size() && a[i] == b[i + 1] && a[i + 1] == b[i] &&
           a.substr(i + 2) == b.substr(i + 2);  // neighbours swapped
  }
  return a.substr(i) == b.substr(i + 1);  // one inserted
}

}  // namespace motcua::domain
