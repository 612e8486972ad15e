// Vietnamese text for search (tìm kiếm không dấu): folding and tokenisation.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace motcua::domain {

// Folds UTF-8 text for matching: lower-cases (Vietnamese capitals included), strips tone marks
// and the other diacritics (ă, â, ê, ô, ơ, ư become a, a, e, o, o, u), maps đ/Đ to d, and drops
// combining marks so that NFC and NFD input fold alike. "Đăng ký Khai sinh" -> "dang ky khai sinh".
// Other non-ASCII characters are kept as they are; invalid UTF-8 bytes are dropped.
std::string FoldVietnamese(std::string_view text);

// Folds `text` and splits it into tokens: maximal runs of ASCII letters and digits (other
// characters, punctuation and spaces separate tokens). "Hộ tịch, chứng thực" -> {ho, tich, chung,
// thuc}. Tokens are in text order, duplicates kept.
std::vector<std::string> TokenizeVietnamese(std::string_view text);

// One syllable (tiếng) as written, for searches that weigh tone marks: `marked` is lower-cased
// with its marks kept ("Trễ" -> "trễ"), `folded` as TokenizeVietnamese gives it ("tre").
// Decomposed input (combining marks) keeps no marks: its `marked` equals `folded`, since it
// cannot be compared with the precomposed text of the catalogue.
struct Syllable {
  std::string marked;
  std::string folded;
  bool HasMarks() const { return marked != folded; }
};

// The same runs as TokenizeVietnamese, with their marked form.
std::vector<Syllable> SplitSyllables(std::string_view text);

}  // namespace motcua::domain
