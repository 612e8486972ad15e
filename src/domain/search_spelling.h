// Spelling variants citizens type that the catalogue writes one way (chính tả khi tra cứu): the
// i/y alternation (ký/kí, lý/lí, quy/qui) and words typed with Telex or VNI while the keyboard's
// Vietnamese input was off ("dang kys", "khai sinh2", "ddawng kys").
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "domain/vietnamese_text.h"

namespace motcua::domain {

// Writes a syllable ending in a lone y after a consonant with i, marks kept: "ký" -> "kí",
// "lý" -> "lí", "quy" -> "qui"; "tay", "thủy", "y" (no consonant before, or a vowel) are left,
// since there y is part of another vowel. Index and query both go through it, so either
// spelling finds the other.
void NormaliseIY(Syllable& s);

// What a folded syllable typed with Telex or VNI keys may have been, most likely first:
// VNI digits dropped ("sinh2" -> "sinh", "d9ang" -> "dang"), Telex letters undone ("dd" -> "d",
// "aa", "aw" -> "a", "ee" -> "e", "oo", "ow" -> "o", "uw" -> "u"), then a tone key (s, f, r, x,
// j) after the first vowel dropped ("kys" -> "ky", "khaaur" -> "khau"). Empty when nothing
// applies. The caller keeps the first candidate it knows.
std::vector<std::string> TypingRepairs(const std::string& folded);

// Whether `a` becomes `b` by one inserted, deleted or replaced letter, or by two neighbours
// swapped ("khai sihn" -> "sinh", "chung thuc" -> "chung thuc"); equal words are not.
bool WithinOneEdit(std::string_view a, std::string_view b);

}  // namespace motcua::domain
