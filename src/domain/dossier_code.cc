#include "domain/dossier_code.h"

#include <fmt/format.h>

#include "domain/agency.h"

namespace motcua::domain {
namespace {

Status Invalid(std::string_view field) {
  return Status::Validation("invalid_dossier_code", std::string(field));
}

bool AllDigits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return true;
}

// Sequences beyond this are surely a bug, and the bound keeps parsing free of overflow.
constexpr int64_t kMaxSequence = 999'999'999;

}  // namespace

std::string NormalizeDossierCode(std::string_view text) {
  auto blank_at_start = [](std::string_view t) -> size_t {
    if (!t.empty() && (t[0] == ' ' || t[0] == '\t' || t[0] == '\r' || t[0] == '\n')) return 1;
    if (t.starts_with("\xC2\xA0")) return 2;  // U+00A0, common in copied text
    return 0;
  };
  auto blank_at_end = [](std::string_view t) -> size_t {
    if (!t.empty() && (t.back() == ' ' || t.back() == '\t' || t.back() == '\r' || t.back() == '\n'))
      return 1;
    if (t.ends_with("\xC2\xA0")) return 2;
    return 0;
  };
  while (size_t n = blank_at_start(text)) text.remove_prefix(n);
  while (size_t n = blank_at_end(text)) text.remove_suffix(n);
  std::string out(text);
  for (char& c : out)
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  return out;
}

std::string DossierCodeDay(LocalDate day) {
  return fmt::format("{:02d}{:02d}{:02d}", day.year % 100, day.month, day.day);
}

std::string DossierCode::ToString() const {
  return fmt::format("{}-{}-{:04d}", agency_code, DossierCodeDay(day), sequence);
}

Result<DossierCode> MakeDossierCode(std::string_view agency_code, int64_t received_at,
                                    int64_t sequence) {
  if (!ValidateAgencyCode(agency_code).ok()) return Invalid("code");
  DossierCode code{std::string(agency_code), LocalDateOf(received_at), sequence};
  if (code.day.year < 2000 || code.day.year > 2099) return Invalid("code");
  if (sequence < 1 || sequence > kMaxSequence) return Invalid("code");
  return code;
}

Result<DossierCode> ParseDossierCode(std::string_view text, std::string_view field) {
  // The agency identifier has no '-', so the last two dashes delimit the date and the number.
  const size_t last = text.rfind('-');
  if (last == std::string_view::npos || last == 0) return Invalid(field);
  const size_t middle = text.rfind('-', last - 1);
  if (middle == std::string_view::npos) return Invalid(field);
  std::string_view agency = text.substr(0, middle);
  std::string_view date = text.substr(middle + 1, last - middle - 1);
  std::string_view number = text.substr(last + 1);

  if (!ValidateAgencyCode(agency).ok()) return Invalid(field);
  if (date.size() != 6 || !AllDigits(date)) return Invalid(field);
  const int yy = (date[0] - '0') * 10 + (date[1] - '0');
  const int mm = (date[2] - '0') * 10 + (date[3] - '0');
  const int dd = (date[4] - '0') * 10 + (date[5] - '0');
  if (!IsValidDate(2000 + yy, mm, dd)) return Invalid(field);
  if (!AllDigits(number) || number.size() < 4 || number.size() > 9) return Invalid(field);
  if (number.size() > 4 && number[0] == '0') return Invalid(field);
  int64_t sequence = 0;
  for (char c : number) sequence = sequence * 10 + (c - '0');
  if (sequence < 1) return Invalid(field);
  return DossierCode{std::string(agency), LocalDate{2000 + yy, mm, dd}, sequence};
}

}  // namespace motcua::domain
