// The applicant (người nộp hồ sơ): a citizen (công dân) or an organisation (tổ chức, doanh
// nghiệp), possibly acting through a representative (người đại diện / người được ủy quyền).
// Validation here is of form only (shape, check digits, codes); whether the person exists is the
// national population database's business, not ours.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "common/result.h"
#include "common/status.h"
#include "domain/local_date.h"

namespace motcua::domain {

enum class ApplicantType {
  kCitizen,       // công dân
  kOrganisation,  // tổ chức, doanh nghiệp
};

std::string_view ApplicantTypeName(ApplicantType type);  // "citizen", "organisation"
std::optional<ApplicantType> ParseApplicantType(std::string_view name);

// An organisation's legal representative (người đại diện theo pháp luật) or a citizen's
// authorised person (người được ủy quyền).
struct Representative {
  std::string full_name;
  std::string id_number;  // CCCD; optional
  std::string position;   // chức vụ, or the relation to the applicant ("được ủy quyền")
  std::string phone;      // optional

  friend bool operator==(const Representative&, const Representative&) = default;
};

// How the applicant wants to hear about their dossier (SMS, e-mail).
struct NotificationPreferences {
  bool sms = true;
  bool email = false;

  friend bool operator==(const NotificationPreferences&, const NotificationPreferences&) = default;
};

struct Applicant {
  ApplicantType type = ApplicantType::kCitizen;
  std::string full_name;  // the citizen's name, or the organisation's registered name
  std::string id_number;  // citizen: căn cước công dân, 12 digits
  std::optional<LocalDate> date_of_birth;  // citizen, optional
  std::string tax_code;  // organisation: mã số thuế / mã số doanh nghiệp
  std::string phone;
  std::string email;
  std::string address;
  std::optional<Representative> representative;  // required for organisations
  NotificationPreferences notify;

  friend bool operator==(const Applicant&, const Applicant&) = default;
};

// What the 12 digits of a citizen identity number (số định danh cá nhân, Decree 137/2015 and
// Circular 07/2016/TT-BCA) say.
struct CitizenIdInfo {
  int province_code = 0;  // 1..96: place of birth registration
  std::string_view province_name;
  bool female = false;
  int birth_year = 0;  // from the century/sex digit and the two year digits
};

// Validates a citizen identity number: 12 digits; a province code from the official 63; the
// century/sex digit (0/1 = 1900s male/female, 2/3 = 2000s, 4/5 = 2100s, ...) and two year digits
// giving a birth year not after the year of `now`, and equal to the year of `date_of_birth` when
// given. Failures are Validation on `field`: "invalid_id_number" (shape), "invalid_id_province",
// "invalid_id_birth_year" (future year), "id_birth_year_mismatch".
Result<CitizenIdInfo> ValidateCitizenId(std::string_view id_number,
                                        std::optional<LocalDate> date_of_birth, int64_t now,
                                        std::string_view field = "applicant.id_number");

// The province (tỉnh) for a birth-registration code, e.g. 1 -> "Hà Nội"; empty if none.
std::string_view ProvinceOfCitizenIdCode(int code);

// Normalises a Vietnamese phone number to its domestic form "0..." after removing spaces, dots,
// dashes and parentheses and turning a +84/84 prefix into 0: mobile (10 digits, 03/05/07/08/09)
// or landline (11 digits, area code 02x). Validation "invalid_phone" on `field` otherwise.
Result<std::string> NormalizePhone(std::string_view phone,
                                   std::string_view field = "applicant.phone");

// Normalises a tax code (mã số thuế): 10 digits whose tenth is the check digit of the first
// nine, or the 13-digit code of a dependent unit, written "NNNNNNNNNN-NNN" or as 13 digits and
// returned with the dash; the unit number is 001–999. Validation "invalid_tax_code" on `field`.
Result<std::string> NormalizeTaxCode(std::string_view tax_code,
                                     std::string_view field = "applicant.tax_code");

// Validates and normalises an applicant (trimmed names, normalised phone and tax code), naming
// the offending field under "applicant." on failure ("applicant.full_name" missing_field,
// "applicant.id_number", "applicant.representative.full_name", ...). `now` bounds birth dates.
Result<Applicant> NormalizeApplicant(Applicant applicant, int64_t now);

// Masks a person's name for the public lookup: the family name (first word) is kept, each other
// word becomes its first letter and one '*' per letter, e.g. "Nguyễn Văn An" -> "Nguyễn V*** A**".
// UTF-8 aware: a letter with its combining marks counts as one. A one-word name is masked too.
std::string MaskPersonName(std::string_view full_name);

}  // namespace motcua::domain
