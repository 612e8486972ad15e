// Text helpers for the forms: UTF-8 decoding, HTML escaping, and dates written the Vietnamese
// administrative way (Decree 30/2020/NĐ-CP, Appendix I: "ngày 05 tháng 02 năm 2025" — a leading
// zero for days below 10 and for months 1 and 2; all instants are shown in Vietnam time, UTC+7).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "common/html_escape.h"
#include "domain/local_date.h"

namespace motcua::forms {

// Decodes the code point starting at `text[*pos]` and advances `*pos` past it. Invalid or
// truncated sequences yield U+FFFD and advance by one byte. Requires *pos < text.size().
char32_t NextCodePoint(std::string_view text, size_t* pos);

// Declared in common/html_escape.h; re-exported for unqualified use here.
using ::motcua::HtmlEscape;

// "ngày 05 tháng 02 năm 2025" / "ngày 14 tháng 7 năm 2025".
std::string DateVi(domain::LocalDate date);
// "<place>, ngày 14 tháng 7 năm 2025" (the place/date line of every form); just the date part if
// `place` is empty.
std::string PlaceDateVi(std::string_view place, int64_t instant);
// "08 giờ 30 phút, ngày 14 tháng 7 năm 2025".
std::string DateTimeVi(int64_t instant);
// "14/07/2025 08:30" — compact form for table cells.
std::string DateTimeShort(int64_t instant);
// "14/07/2025".
std::string DateShort(int64_t instant);

}  // namespace motcua::forms
