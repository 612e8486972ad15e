// Dossier code (mã hồ sơ, Circular 01/2018/TT-VPCP Art. 19): `<agency identifier>-<YYMMDD>-<NNNN>`,
// e.g. "000.00.15.H12-250714-0042": the receiving agency's electronic identifier, the local date of
// receipt, and that day's sequence number at that agency. The code never changes once issued.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "common/result.h"
#include "domain/local_date.h"

namespace motcua::domain {

struct DossierCode {
  std::string agency_code;  // mã định danh điện tử of the receiving agency
  LocalDate day;            // local date of receipt; years 2000–2099 (YY in the code)
  int64_t sequence = 0;     // 1-based, per agency per day

  // The canonical text: four digits at least, so past 9999 it simply continues with five
  // (10000...) rather than wrapping — a big one-stop centre may exceed 9999 on a peak day.
  std::string ToString() const;
  friend bool operator==(const DossierCode&, const DossierCode&) = default;
};

// Builds the code for a dossier received at `received_at` (Unix seconds; the day is taken in
// Vietnam local time). Validation "invalid_dossier_code" (field "code") if the agency code is not
// an electronic identifier, the year is outside 2000–2099, or the sequence is not positive.
Result<DossierCode> MakeDossierCode(std::string_view agency_code, int64_t received_at,
                                    int64_t sequence);

// Parses a code in canonical form only (so each dossier has exactly one spelling to look up):
// a valid agency identifier, a real date, and a sequence of four digits, or more without a
// leading zero. Validation "invalid_dossier_code" on `field` otherwise.
Result<DossierCode> ParseDossierCode(std::string_view text, std::string_view field = "code");
inline bool IsValidDossierCode(std::string_view text) { return ParseDossierCode(text).ok(); }

// The code as a person types or pastes it, made canonical for look-up: surrounding blanks
// (spaces, tabs, line breaks, no-break spaces) removed and ASCII letters upper-cased, so
// " 000.00.01.h99-250714-0001 " finds 000.00.01.H99-250714-0001. Nothing else is changed: a
// code that is still not canonical stays invalid.
std::string NormalizeDossierCode(std::string_view text);

// "YYMMDD" of a day, as it appears in the code.
std::string DossierCodeDay(LocalDate day);

}  // namespace motcua::domain
