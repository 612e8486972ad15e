#include "domain/fee.h"

#include <algorithm>

namespace motcua::domain {
namespace json = boost::json;

namespace {

constexpr int64_t kMaxAmount = 1'000'000'000;

Status Bad(const std::string& field) { return Status::Validation("invalid_field", field); }

bool AppliesTo(const Fee& f, Channel channel) {
  return f.channels.empty() ||
         std::find(f.channels.begin(), f.channels.end(), channel) != f.channels.end();
}

bool ValidCode(std::string_view code) {
  return !code.empty() && std::all_of(code.begin(), code.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
  });
}

std::string Str(const json::object& o, std::string_view key) {
  const json::value* v = o.if_contains(key);
  return v && v->is_string() ? std::string(v->get_string()) : std::string();
}

int64_t Int(const json::object& o, std::string_view key) {
  const json::value* v = o.if_contains(key);
  return v && v->is_int64() ? v->get_int64() : (v && v->is_uint64() ? int64_t(v->get_uint64()) : 0);
}

}  // namespace

std::optional<int64_t> ProvinceFees::Find(const std::string& procedure_code,
                                          const std::string& fee) const {
  auto p = amounts.find(procedure_code);
  if (p == amounts.end()) return std::nullopt;
  if (auto f = p->second.find(fee); f != p->second.end()) return f->second;
  if (auto f = p->second.find("*"); f != p->second.end()) return f->second;
  return std::nullopt;
}

Result<ProvinceFees> ProvinceFeesFromJson(const json::value& v) {
  if (!v.is_object()) return Bad("$");
  ProvinceFees out;
  const json::object& o = v.get_object();
  if (const json::value* p = o.if_contains("province")) {
    if (!p->is_string()) return Bad("province");
    out.province = std::string(p->get_string());
  }
  if (const json::value* a = o.if_contains("amounts")) {
    if (!a->is_object()) return Bad("amounts");
    for (const auto& [code, fees] : a->get_object()) {
      const std::string path = "amounts." + std::string(code);
      MOTCUA_RETURN_IF_ERROR(ValidateProcedureCode(code, path));
      if (!fees.is_object()) return Bad(path);
      for (const auto& [name, amount] : fees.get_object()) {
        const std::string fpath = path + "." + std::string(name);
        if (!amount.is_int64() || amount.get_int64() < 0 || amount.get_int64() > kMaxAmount)
          return Bad(fpath);
        out.amounts[std::string(code)][std::string(name)] = amount.get_int64();
      }
    }
  }
  return out;
}

Result<std::vector<FeeExemption>> FeeExemptionsFromJson(const json::value& v) {
  if (!v.is_array()) return Bad("$");
  std::vector<FeeExemption> out;
  for (size_t i = 0; i < v.get_array().size(); ++i) {
    const json::value& e = v.get_array()[i];
    const std::string path = "[" + std::to_string(i) + "]";
    if (!e.is_object()) return Bad(path);
    FeeExemption x{Str(e.get_object(), "code"), Str(e.get_object(), "label"),
                   Str(e.get_object(), "legal_basis")};
    if (!ValidCode(x.code) || FindExemption(out, x.code)) return Bad(path + ".code");
    if (x.label.empty()) return Bad(path + ".label");
    if (x.legal_basis.empty()) return Bad(path + ".legal_basis");
    out.push_back(std::move(x));
  }
  return out;
}

const FeeExemption* FindExemption(const std::vector<FeeExemption>& list, std::string_view code) {
  for (const auto& e : list)
    if (e.code == code) return &e;
  return nullptr;
}

Result<FeeAssessment> AssessFees(const Procedure& p, Channel channel, const FeeCount& count,
                                 const ProvinceFees& province, const FeeExemption* exemption,
                                 std::string_view exemption_reason) {
  if (count.pages < 1 || count.pages > kMaxFeePages)
    return Status::Validation("invalid_count", "pages");
  if (count.copies < 1 || count.copies > kMaxFeeCopies)
    return Status::Validation("invalid_count", "copies");
  FeeAssessment a;
  a.count = count;
  for (const Fee& f : p.fees) {
    if (!AppliesTo(f, channel)) continue;
    FeeLine line;
    line.name = f.name.empty() ? std::string("Phí, lệ phí") : f.name;
    if (f.not_published) return Status::Validation("fee_not_published", "fees");
    if (f.set_by_province) {
      auto configured = province.Find(p.code, f.name);
      if (!configured) return Status::Validation("province_fee_not_configured", "fees");
      line.unit_amount = *configured;
      line.province = true;
    } else {
      line.unit_amount = f.amount;
    }
    if (line.unit_amount == 0) continue;  // free: nothing to charge
    line.basis = f.per_page ? "per_page" : f.per_copy ? "per_copy" : "flat";
    line.quantity = f.per_page ? count.pages : f.per_copy ? count.copies : 1;
    line.amount = line.unit_amount * line.quantity;
    a.gross += line.amount;
    a.lines.push_back(std::move(line));
  }
  a.total = a.gross;
  if (exemption) {
    std::string reason(exemption_reason);
    reason.erase(0, reason.find_first_not_of(" \t\r\n"));
    if (reason.empty()) return Status::Validation("exemption_reason_required", "exemption_reason");
    a.exemption = *exemption;
    a.exemption_reason = std::string(exemption_reason);
    a.total = 0;
  }
  return a;
}

json::object ToJson(const FeeAssessment& a) {
  json::array lines;
  for (const auto& l : a.lines)
    lines.push_back(json::object{{"name", l.name},
                                 {"unit_amount", l.unit_amount},
                                 {"quantity", l.quantity},
                                 {"basis", l.basis},
                                 {"province", l.province},
                                 {"amount", l.amount}});
  json::object o{{"lines", std::move(lines)},
                 {"pages", a.count.pages},
                 {"copies", a.count.copies},
                 {"gross", a.gross},
                 {"total", a.total}};
  if (a.exemption) {
    o["exemption"] = json::object{{"code", a.exemption->code},
                                  {"label", a.exemption->label},
                                  {"legal_basis", a.exemption->legal_basis}};
    o["exemption_reason"] = a.exemption_reason;
  }
  return o;
}

Result<FeeAssessment> FeeAssessmentFromJson(const json::value& v) {
  if (!v.is_object()) return Bad("fee");
  const json::object& o = v.get_object();
  FeeAssessment a;
  if (const json::value* ls = o.if_contains("lines"); ls && ls->is_array()) {
    for (const auto& l : ls->get_array()) {
      if (!l.is_object()) return Bad("fee.lines");
      const json::object& lo = l.get_object();
      FeeLine line{Str(lo, "name"),
                   Int(lo, "unit_amount"),
                   static_cast<int>(Int(lo, "quantity")),
                   Str(lo, "basis"),
                   false,
                   Int(lo, "amount")};
      if (const json::value* pr = lo.if_contains("province"); pr && pr->is_bool())
        line.province = pr->get_bool();
      a.lines.push_back(std::move(line));
    }
  }
  a.count.pages = static_cast<int>(Int(o, "pages"));
  a.count.copies = static_cast<int>(Int(o, "copies"));
  a.gross = Int(o, "gross");
  a.total = Int(o, "total");
  if (const json::value* e = o.if_contains("exemption"); e && e->is_object()) {
    a.exemption = FeeExemption{Str(e->get_object(), "code"), Str(e->get_object(), "label"),
                               Str(e->get_object(), "legal_basis")};
    a.exemption_reason = Str(o, "exemption_reason");
  }
  return a;
}

}  // namespace motcua::domain
