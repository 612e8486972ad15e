#include "domain/applicant.h"

#include <array>
#include <utility>

#include "common/json_util.h"

namespace motcua::domain {
namespace {

struct Province {
  int code;
  std::string_view name;
};

// Birth-registration province codes of the citizen identity number (Circular 07/2016/TT-BCA,
// Annex: the 63 provinces before the 2025 merger). The codes stay valid for people registered
// then, whatever later reforms do to the provinces, so the list is frozen rather than configured.
constexpr std::array<Province, 63> kProvinces = {{
    {1, "Hà Nội"},
    {2, "Hà Giang"},
    {4, "Cao Bằng"},
    {6, "Bắc Kạn"},
    {8, "Tuyên Quang"},
    {10, "Lào Cai"},
    {11, "Điện Biên"},
    {12, "Lai Châu"},
    {14, "Sơn La"},
    {15, "Yên Bái"},
    {17, "Hòa Bình"},
    {19, "Thái Nguyên"},
    {20, "Lạng Sơn"},
    {22, "Quảng Ninh"},
    {24, "Bắc Giang"},
    {25, "Phú Thọ"},
    {26, "Vĩnh Phúc"},
    {27, "Bắc Ninh"},
    {30, "Hải Dương"},
    {31, "Hải Phòng"},
    {33, "Hưng Yên"},
    {34, "Thái Bình"},
    {35, "Hà Nam"},
    {36, "Nam Định"},
    {37, "Ninh Bình"},
    {38, "Thanh Hóa"},
    {40, "Nghệ An"},
    {42, "Hà Tĩnh"},
    {44, "Quảng Bình"},
    {45, "Quảng Trị"},
    {46, "Thừa Thiên Huế"},
    {48, "Đà Nẵng"},
    {49, "Quảng Nam"},
    {51, "Quảng Ngãi"},
    {52, "Bình Định"},
    {54, "Phú Yên"},
    {56, "Khánh Hòa"},
    {58, "Ninh Thuận"},
    {60, "Bình Thuận"},
    {62, "Kon Tum"},
    {64, "Gia Lai"},
    {66, "Đắk Lắk"},
    {67, "Đắk Nông"},
    {68, "Lâm Đồng"},
    {70, "Bình Phước"},
    {72, "Tây Ninh"},
    {74, "Bình Dương"},
    {75, "Đồng Nai"},
    {77, "Bà Rịa - Vũng Tàu"},
    {79, "Hồ Chí Minh"},
    {80, "Long An"},
    {82, "Tiền Giang"},
    {83, "Bến Tre"},
    {84, "Trà Vinh"},
    {86, "Vĩnh Long"},
    {87, "Đồng Tháp"},
    {89, "An Giang"},
    {91, "Kiên Giang"},
    {92, "Cần Thơ"},
    {93, "Hậu Giang"},
    {94, "Sóc Trăng"},
    {95, "Bạc Liêu"},
    {96, "Cà Mau"},
}};

bool AllDigits(std::string_view s) {
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return !s.empty();
}

int Digit(char c) { return c - '0'; }

std::string Field(std::string_view prefix, std::string_view name) {
  return std::string(prefix) + "." + std::string(name);
}

// Trims and collapses runs of blanks, so that "Nguyễn  Văn An " and "Nguyễn Văn An" are one name.
std::string CleanName(std::string_view text) {
  std::string out;
  bool blank = false;
  for (char c : Trim(text)) {
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
      blank = true;
      continue;
    }
    if (blank) out.push_back(' ');
    blank = false;
    out.push_back(c);
  }
  return out;
}

bool HasControlCharacters(std::string_view s) {
  for (unsigned char c : s)
    if (c < 0x20 || c == 0x7f) return true;
  return false;
}

// Length in bytes of the UTF-8 sequence starting with `lead` (1 for a stray byte, so that bad
// input still advances).
size_t Utf8Length(unsigned char lead) {
  if (lead >= 0xf0 && lead <= 0xf7) return 4;
  if (lead >= 0xe0) return 3;
  if (lead >= 0xc0) return 2;
  return 1;
}

// Combining diacritics (U+0300–U+036F), as decomposed (NFD) Vietnamese text carries its tones.
bool IsCombiningMark(std::string_view s, size_t i) {
  if (i + 1 >= s.size()) return false;
  unsigned char a = static_cast<unsigned char>(s[i]), b = static_cast<unsigned char>(s[i + 1]);
  return (a == 0xcc && b >= 0x80) || (a == 0xcd && b <= 0xaf);
}

Status ValidatePersonName(std::string& name, const std::string& field) {
  name = CleanName(name);
  if (name.empty()) return Status::Validation("missing_field", field);
  if (name.size() > 200 || HasControlCharacters(name))
    return Status::Validation("invalid_field", field);
  return Status::Ok();
}

Status ValidateEmail(std::string& email, const std::string& field) {
  email = Trim(email);
  if (email.empty()) return Status::Ok();
  const size_t at = email.find('@');
  const bool ok = email.size() <= 254 && at != std::string::npos && at > 0 &&
                  email.find('@', at + 1) == std::string::npos &&
                  email.find('.', at + 2) != std::string::npos && email.back() != '.' &&
                  email.find_first_of(" \t,;<>") == std::string::npos;
  return ok ? Status::Ok() : Status::Validation("invalid_email", field);
}

Status NormalizeRepresentative(Representative& rep, std::string_view prefix, int64_t now) {
  MOTCUA_RETURN_IF_ERROR(ValidatePersonName(rep.full_name, Field(prefix, "full_name")));
  rep.id_number = Trim(rep.id_number);
  if (!rep.id_number.empty()) {
    auto id = ValidateCitizenId(rep.id_number, std::nullopt, now, Field(prefix, "id_number"));
    if (!id.ok()) return id.status();
  }
  rep.position = CleanName(rep.position);
  if (!Trim(rep.phone).empty()) {
    MOTCUA_ASSIGN_OR_RETURN(rep.phone, NormalizePhone(rep.phone, Field(prefix, "phone")));
  } else {
    rep.phone.clear();
  }
  return Status::Ok();
}

}  // namespace

std::string_view ApplicantTypeName(ApplicantType type) {
  return type == ApplicantType::kCitizen ? "citizen" : "organisation";
}

std::optional<ApplicantType> ParseApplicantType(std::string_view name) {
  if (name == "citizen") return ApplicantType::kCitizen;
  if (name == "organisation" || name == "organization") return ApplicantType::kOrganisation;
  return std::nullopt;
}

std::string_view ProvinceOfCitizenIdCode(int code) {
  for (const auto& p : kProvinces)
    if (p.code == code) return p.name;
  return {};
}

Result<CitizenIdInfo> ValidateCitizenId(std::string_view id_number,
                                        std::optional<LocalDate> date_of_birth, int64_t now,
                                        std::string_view field) {
  const std::string f(field);
  if (id_number.size() != 12 || !AllDigits(id_number))
    return Status::Validation("invalid_id_number", f);
  CitizenIdInfo info;
  info.province_code = Digit(id_number[0]) * 100 + Digit(id_number[1]) * 10 + Digit(id_number[2]);
  info.province_name = ProvinceOfCitizenIdCode(info.province_code);
  if (info.province_name.empty()) return Status::Validation("invalid_id_province", f);
  // The fourth digit is the century (pairs from the 20th) and the sex (even male, odd female).
  const int gender_century = Digit(id_number[3]);
  info.female = gender_century % 2 == 1;
  info.birth_year =
      1900 + (gender_century / 2) * 100 + Digit(id_number[4]) * 10 + Digit(id_number[5]);
  if (info.birth_year > LocalDateOf(now).year)
    return Status::Validation("invalid_id_birth_year", f);
  if (date_of_birth && date_of_birth->year != info.birth_year)
    return Status::Validation("id_birth_year_mismatch", f);
  return info;
}

Result<std::string> NormalizePhone(std::string_view phone, std::string_view field) {
  std::string digits;
  for (size_t i = 0; i < phone.size(); ++i) {
    char c = phone[i];
    if (c == ' ' || c == '.' || c == '-' || c == '(' || c == ')') continue;
    if (c == '+' && digits.empty() && i + 1 < phone.size()) continue;  // +84
    if (c < '0' || c > '9') return Status::Validation("invalid_phone", std::string(field));
    digits.push_back(c);
  }
  const bool international = Trim(phone).starts_with("+");
  if (digits.starts_with("84") && (international || digits.size() == 11 || digits.size() == 12)) {
    // 84xxxxxxxxx (mobile) or 842xxxxxxxxx (landline): the country code replaces the leading 0.
    // A domestic landline never starts with 84 (area codes start with 02), so this is unambiguous.
    digits = "0" + digits.substr(2);
  } else if (international) {
    return Status::Validation("invalid_phone", std::string(field));
  }
  const bool mobile = digits.size() == 10 && digits[0] == '0' &&
                      std::string_view("35789").find(digits[1]) != std::string_view::npos;
  const bool landline = digits.size() == 11 && digits[0] == '0' && digits[1] == '2';
  if (!mobile && !landline) return Status::Validation("invalid_phone", std::string(field));
  return digits;
}

Result<std::string> NormalizeTaxCode(std::string_view tax_code, std::string_view field) {
  const std::string f(field);
  std::string code = Trim(tax_code);
  std::string base, unit;
  if (code.size() == 10) {
    base = code;
  } else if (code.size() == 14 && code[10] == '-') {
    base = code.substr(0, 10);
    unit = code.substr(11);
  } else if (code.size() == 13) {
    base = code.substr(0, 10);
    unit = code.substr(10);
  } else {
    return Status::Validation("invalid_tax_code", f);
  }
  if (!AllDigits(base) || (!unit.empty() && !AllDigits(unit)))
    return Status::Validation("invalid_tax_code", f);
  // Check digit (Circular 105/2020/TT-BTC, as in the General Department of Taxation's rule):
  // N10 = 10 - (31·N1 + 29·N2 + 23·N3 + 19·N4 + 17·N5 + 13·N6 + 7·N7 + 5·N8 + 3·N9) mod 11;
  // a remainder of 0 would need the digit 10, so such numbers are never issued.
  static constexpr int kWeights[9] = {31, 29, 23, 19, 17, 13, 7, 5, 3};
  int sum = 0;
  for (int i = 0; i < 9; ++i) sum += kWeights[i] * Digit(base[i]);
  const int check = 10 - sum % 11;
  if (check == 10 || check != Digit(base[9])) return Status::Validation("invalid_tax_code", f);
  if (unit.empty()) return base;
  if (unit == "000") return Status::Validation("invalid_tax_code", f);
  return base + "-" + unit;
}

Result<Applicant> NormalizeApplicant(Applicant a, int64_t now) {
  const std::string_view p = "applicant";
  MOTCUA_RETURN_IF_ERROR(ValidatePersonName(a.full_name, Field(p, "full_name")));
  if (a.type == ApplicantType::kCitizen) {
    a.tax_code.clear();
    a.id_number = Trim(a.id_number);
    if (a.id_number.empty()) return Status::Validation("missing_field", Field(p, "id_number"));
    if (a.date_of_birth && a.date_of_birth->DayNumber() > LocalDateOf(now).DayNumber())
      return Status::Validation("invalid_date_of_birth", Field(p, "date_of_birth"));
    auto id = ValidateCitizenId(a.id_number, a.date_of_birth, now, Field(p, "id_number"));
    if (!id.ok()) return id.status();
    if (a.representative) {
      MOTCUA_RETURN_IF_ERROR(
          NormalizeRepresentative(*a.representative, "applicant.representative", now));
    }
  } else {
    a.id_number.clear();
    a.date_of_birth.reset();
    if (Trim(a.tax_code).empty()) return Status::Validation("missing_field", Field(p, "tax_code"));
    MOTCUA_ASSIGN_OR_RETURN(a.tax_code, NormalizeTaxCode(a.tax_code, Field(p, "tax_code")));
    // An organisation acts only through a person: its legal representative or an authorised one.
    if (!a.representative) return Status::Validation("missing_field", Field(p, "representative"));
    MOTCUA_RETURN_IF_ERROR(
        NormalizeRepresentative(*a.representative, "applicant.representative", now));
  }
  if (!Trim(a.phone).empty()) {
    MOTCUA_ASSIGN_OR_RETURN(a.phone, NormalizePhone(a.phone, Field(p, "phone")));
  } else {
    a.phone.clear();
  }
  MOTCUA_RETURN_IF_ERROR(ValidateEmail(a.email, Field(p, "email")));
  a.address = CleanName(a.address);
  if (a.address.size() > 500 || HasControlCharacters(a.address))
    return Status::Validation("invalid_field", Field(p, "address"));
  // Asking for e-mail notices without an address is a mistake worth reporting; SMS is the
  // default preference, so a missing phone just means there is no one to text.
  if (a.notify.email && a.email.empty())
    return Status::Validation("missing_field", Field(p, "email"));
  if (a.phone.empty()) a.notify.sms = false;
  return a;
}

std::string MaskPersonName(std::string_view full_name) {
  std::string out;
  size_t word = 0;
  size_t i = 0;
  const std::string name = CleanName(full_name);
  std::string_view s = name;
  while (i < s.size()) {
    size_t end = s.find(' ', i);
    if (end == std::string_view::npos) end = s.size();
    std::string_view w = s.substr(i, end - i);
    if (word > 0) out.push_back(' ');
    const bool keep = word == 0 && end < s.size();  // the family name, if there is more
    if (keep) {
      out.append(w);
    } else {
      // The first letter with its combining marks, then one star per letter.
      size_t j = std::min(Utf8Length(static_cast<unsigned char>(w[0])), w.size());
      while (j < w.size() && IsCombiningMark(w, j)) j += 2;
      out.append(w.substr(0, j));
      size_t letters = 1;
      for (size_t k = j; k < w.size();) {
        if (IsCombiningMark(w, k)) {
          k += 2;
          continue;
        }
        ++letters;
        k += Utf8Length(static_cast<unsigned char>(w[k]));
      }
      out.append(letters, '*');
    }
    ++word;
    i = end + 1;
  }
  return out;
}

}  // namespace motcua::domain
