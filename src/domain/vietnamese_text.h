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

}  // namespace motcua::domain
