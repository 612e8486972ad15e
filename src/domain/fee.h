// Phí, lệ phí of one dossier: the amount due computed from the procedure's published fees (per
// page, per copy, set by the province), the exemptions (miễn phí, lệ phí) a civil servant may
// choose with the legal reason, and the province's amounts read from configuration.
// Pure: the service loads the configuration files and passes them in.
#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "domain/procedure.h"

namespace motcua::domain {

// Amounts the provincial People's Council set ("Do HĐND tỉnh quyết định"), by procedure code
// and fee name; the name "*" covers every province-set fee of that procedure.
struct ProvinceFees {
  std::string province;  // "Tỉnh Mẫu", shown with the amount
  std::map<std::string, std::map<std::string, int64_t>> amounts;
  std::optional<int64_t> Find(const std::string& procedure_code, const std::string& fee) const;
};
// {"province": "...", "amounts": {"1.004222": {"Lệ phí đăng ký thường trú": 20000, "*": 10000}}}
// Amounts are whole đồng, 0..1 000 000 000. invalid_field with the path otherwise.
Result<ProvinceFees> ProvinceFeesFromJson(const boost::json::value& v);

// One ground of exemption (đối tượng được miễn) with its legal basis.
struct FeeExemption {
  std::string code;         // "ho_ngheo"
  std::string label;        // "Thành viên hộ nghèo"
  std::string legal_basis;  // "Khoản 1 Điều 11 Thông tư 85/2019/TT-BTC"
};
// [{"code", "label", "legal_basis"}, ...]; codes unique, [a-z0-9_]+.
Result<std::vector<FeeExemption>> FeeExemptionsFromJson(const boost::json::value& v);
const FeeExemption* FindExemption(const std::vector<FeeExemption>& list, std::string_view code);

// What the officer counts on the papers: pages (trang) and copies (bản) the fees multiply by.
struct FeeCount {
  int pages = 1;
  int copies = 1;
};
inline constexpr int kMaxFeePages = 10000;
inline constexpr int kMaxFeeCopies = 1000;

struct FeeLine {
  std::string name;
  int64_t unit_amount = 0;  // đồng
  int quantity = 1;
  std::string basis;      // "flat", "per_page", "per_copy"
  bool province = false;  // the amount came from the province's configuration
  int64_t amount = 0;     // unit_amount * quantity
};

struct FeeAssessment {
  std::vector<FeeLine> lines;
  FeeCount count;
  int64_t gross = 0;  // before the exemption
  int64_t total = 0;  // due: 0 when exempt
  std::optional<FeeExemption> exemption;
  std::string exemption_reason;  // the officer's words (which paper proves it)
};

// The amount due for a dossier of `p` coming through `channel`. Fees limited to other channels
// are left out. Failures (Validation, with the field):
//   "invalid_count" (pages / copies) — below 1 or above the maxima;
//   "fee_not_published" (fees) — a fee the catalogue marks "chưa công bố": nothing to charge by;
//   "province_fee_not_configured" (fees) — a province-set fee with no configured amount;
//   "exemption_reason_required" (exemption_reason) — an exemption without the officer's reason.
Result<FeeAssessment> AssessFees(const Procedure& p, Channel channel, const FeeCount& count,
                                 const ProvinceFees& province,
                                 const FeeExemption* exemption = nullptr,
                                 std::string_view exemption_reason = {});

// As stored in the dossier's result document ("fee") and shown by the API.
boost::json::object ToJson(const FeeAssessment& a);
Result<FeeAssessment> FeeAssessmentFromJson(const boost::json::value& v);

}  // namespace motcua::domain
