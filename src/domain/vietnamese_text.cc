#include "domain/vietnamese_text.h"

#include <unordered_map>

namespace motcua::domain {
namespace {

// Returned by DecodeOne for an invalid sequence.
constexpr char32_t kInvalid = 0xFFFFFFFF;

// Decodes one UTF-8 code point at s[i], advancing i (past one byte only when invalid).

char32_t DecodeOne(std::string_view s, size_t& i) {
  unsigned char c = static_cast<unsigned char>(s[i]);
  int extra = 0;
  char32_t cp = 0;
  if (c < 0x80) {
    ++i;
    return c;
  } else if ((c & 0xE0) == 0xC0) {
    extra = 1, cp = c & 0x1F;
  } else if ((c & 0xF0) == 0xE0) {
    extra = 2, cp = c & 0x0F;
  } else if ((c & 0xF8) == 0xF0) {
    extra = 3, cp = c & 0x07;
  } else {
    ++i;
    return kInvalid;
  }
  if (i + extra >= s.size()) {
    ++i;
    return kInvalid;
  }
  for (int k = 1; k <= extra; ++k) {
    unsigned char cc = static_cast<unsigned char>(s[i + k]);
    if ((cc & 0xC0) != 0x80) {
      ++i;
      return kInvalid;
    }
    cp = (cp << 6) | (cc & 0x3F);
  }
  i += extra + 1;
  return cp;
}

void AppendUtf8(std::string& out, char32_t cp) {
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

// Every precomposed Vietnamese letter (both cases) grouped by the base letter it folds to.
struct Group {
  char base;
  std::string_view letters;
};
constexpr Group kGroups[] = {
    {'a', "àáảãạăằắẳẵặâầấẩẫậÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬäåÄÅ"},
    {'e', "èéẻẽẹêềếểễệÈÉẺẼẸÊỀẾỂỄỆëË"},
    {'i', "ìíỉĩịÌÍỈĨỊîïÎÏ"},
    {'o', "òóỏõọôồốổỗộơờớởỡợÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢöÖ"},
    {'u', "ùúủũụưừứửữựÙÚỦŨỤƯỪỨỬỮỰûüÛÜ"},
    {'y', "ỳýỷỹỵỲÝỶỸỴÿ"},
    {'d', "đĐ"},
    {'c', "çÇ"},
    {'n', "ñÑ"},
};

const std::unordered_map<char32_t, char>& FoldTable() {
  static const auto* table = [] {
    auto* t = new std::unordered_map<char32_t, char>();
    for (const auto& g : kGroups) {
      size_t i = 0;
      while (i < g.letters.size()) {
        char32_t cp = DecodeOne(g.letters, i);
        (*t)[cp] = g.base;
      }
    }
    return t;
  }();
  return *table;
}

bool IsCombiningMark(char32_t cp) { return cp >= 0x0300 && cp <= 0x036F; }

// Lower case of the Latin letters Vietnamese uses (ASCII, Latin-1, Latin Extended-A/B and
// Latin Extended Additional, where capitals are the even code points).
char32_t LowerLetter(char32_t cp) {
  if (cp >= 'A' && cp <= 'Z') return cp + 32;
  if (cp >= 0xC0 && cp <= 0xDE && cp != 0xD7) return cp + 32;
  if (cp >= 0x1EA0 && cp <= 0x1EF9 && cp % 2 == 0) return cp + 1;
  switch (cp) {
    case 0x102:
    case 0x110:
    case 0x128:
    case 0x168:
    case 0x1A0:
    case 0x1AF:
      return cp == 0x1AF ? 0x1B0 : cp + 1;
    default:
      return cp;
  }
}

}  // namespace

std::string FoldVietnamese(std::string_view text) {
  const auto& table = FoldTable();
  std::string out;
  out.reserve(text.size());
  size_t i = 0;
  while (i < text.size()) {
    char32_t cp = DecodeOne(text, i);
    if (cp == kInvalid || IsCombiningMark(cp)) continue;
    if (cp < 0x80) {
      char c = static_cast<char>(cp);
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
      out.push_back(c);
      continue;
    }
    auto it = table.find(cp);
    if (it != table.end()) {
      out.push_back(it->second);
    } else {
      AppendUtf8(out, cp);
    }
  }
  return out;
}

std::vector<std::string> TokenizeVietnamese(std::string_view text) {
  std::string folded = FoldVietnamese(text);
  std::vector<std::string> tokens;
  std::string current;
  for (char c : folded) {
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
      current.push_back(c);
    } else if (!current.empty()) {
      tokens.push_back(std::move(current));
      current.clear();
    }
  }
  if (!current.empty()) tokens.push_back(std::move(current));
  return tokens;
}

std::vector<Syllable> SplitSyllables(std::string_view text) {
  const auto& table = FoldTable();
  std::vector<Syllable> out;
  Syllable current;
  bool decomposed = false;
  auto flush = [&] {
    if (current.folded.empty()) return;
    if (decomposed) current.marked = current.folded;
    out.push_back(std::move(current));
    current = {};
    decomposed = false;
  };
  size_t i = 0;
  while (i < text.size()) {
    char32_t cp = DecodeOne(text, i);
    if (cp == kInvalid) continue;
    if (IsCombiningMark(cp)) {
      decomposed = true;
      continue;
    }
    char32_t lower = LowerLetter(cp);
    char folded = 0;
    if (lower < 0x80) {
      char c = static_cast<char>(lower);
      if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) folded = c;
    } else if (auto it = table.find(cp); it != table.end()) {
      folded = it->second;
    }
    if (folded == 0) {
      flush();
      continue;
    }
    current.folded.push_back(folded);
    AppendUtf8(current.marked, lower);
  }
  flush();
  return out;
}

}  // namespace motcua::domain
