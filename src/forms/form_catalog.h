// Which legal set of forms applies, and each form's number and title in it (domain.md §5).
// Circular 01/2018/TT-VPCP had 6 forms; Circular 03/2025/TT-VPCP has 7, adding the stop notice
// as Mẫu 05 and moving the control sheet to 06 and the register to 07. The regime is chosen by the
// dossier's reception date, so a dossier received under 2018 rules keeps printing 2018 forms.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "domain/local_date.h"
#include "forms/form_data.h"

namespace motcua::forms {

struct RegimeInfo {
  Regime regime;
  domain::LocalDate effective_from;  // first reception day the regime applies to
  std::string_view legal_basis;      // "Thông tư số 03/2025/TT-VPCP"
  std::string_view key;              // "2018" / "2025" (API and file names)
};

// The regimes in force order. Versioned configuration: a new circular is a new entry here.
const std::vector<RegimeInfo>& Regimes();
const RegimeInfo& InfoOf(Regime regime);

// The regime for a dossier received at `received_at` (Unix seconds, Vietnam day): the latest whose
// effective date is on or before that day; the oldest one for earlier dates.
Regime RegimeFor(int64_t received_at);
// Parses "2018" / "2025" (RegimeInfo::key); nullopt otherwise.
std::optional<Regime> ParseRegime(std::string_view key);

// All form kinds of a regime, in form-number order.
std::vector<FormKind> FormsOf(Regime regime);
// Two-digit form number ("01"…"07"), or nullopt if the regime has no such form
// (the stop notice under Circular 01/2018).
std::optional<std::string_view> FormNumber(Regime regime, FormKind kind);
// The kind printed as form `number` ("1", "01"…"07") under `regime`.
// NotFound "form_not_found" (field "form") if the regime has no such number.
Result<FormKind> FormKindOf(Regime regime, std::string_view number);

// The title as written in the circular, e.g. "Giấy tiếp nhận hồ sơ và hẹn trả kết quả".
// Requires FormNumber(regime, kind).
std::string_view FormTitle(Regime regime, FormKind kind);
// The same title in capitals, as printed at the head of the form.
std::string_view FormHeading(Regime regime, FormKind kind);

// Stable machine names: "receipt", "supplement_request", "refusal", "apology", "stop_notice",
// "control_sheet", "register".
std::string_view FormKindName(FormKind kind);
std::optional<FormKind> ParseFormKind(std::string_view name);

}  // namespace motcua::forms
