#include "domain/applicant.h"

#include <gtest/gtest.h>

#include <set>

#include "domain/applicant_json.h"

namespace motcua::domain {
namespace {

constexpr int64_t kNow = 1'752'426'000;  // 2025-07-14 00:00 in Vietnam

TEST(CitizenId, DecodesProvinceSexAndBirthYear) {
  auto hn = ValidateCitizenId("001090012345", std::nullopt, kNow);
  ASSERT_TRUE(hn.ok()) << hn.status().ToString();
  EXPECT_EQ(hn->province_code, 1);
  EXPECT_EQ(hn->province_name, "Hà Nội");
  EXPECT_FALSE(hn->female);
  EXPECT_EQ(hn->birth_year, 1990);

  auto hcm = ValidateCitizenId("079303001234", LocalDate{2003, 2, 28}, kNow);
  ASSERT_TRUE(hcm.ok());
  EXPECT_EQ(hcm->province_name, "Hồ Chí Minh");
  EXPECT_TRUE(hcm->female);
  EXPECT_EQ(hcm->birth_year, 2003);

  auto cm = ValidateCitizenId("096185000001", std::nullopt, kNow);
  ASSERT_TRUE(cm.ok());
  EXPECT_EQ(cm->province_name, "Cà Mau");
  EXPECT_TRUE(cm->female);
  EXPECT_EQ(cm->birth_year, 1985);
}

TEST(CitizenId, HasTheSixtyThreeProvinces) {
  int count = 0;
  std::set<std::string_view> names;
  for (int code = 0; code <= 999; ++code) {
    if (!ProvinceOfCitizenIdCode(code).empty()) {
      ++count;
      names.insert(ProvinceOfCitizenIdCode(code));
    }
  }
  EXPECT_EQ(count, 63);
  EXPECT_EQ(names.size(), 63u);
  EXPECT_EQ(ProvinceOfCitizenIdCode(31), "Hải Phòng");
  EXPECT_EQ(ProvinceOfCitizenIdCode(48), "Đà Nẵng");
  EXPECT_EQ(ProvinceOfCitizenIdCode(83), "Bến Tre");
  for (int gap : {0, 3, 5, 7, 9, 13, 16, 18, 21, 23, 28, 29, 97, 99})
    EXPECT_TRUE(ProvinceOfCitizenIdCode(gap).empty()) << gap;
}

TEST(CitizenId, RejectsWithReasonAndField) {
  struct Case {
    const char* id;
    std::optional<LocalDate> dob;
    const char* reason;
  };
  for (const Case& c : std::initializer_list<Case>{
           {"", std::nullopt, "invalid_id_number"},
           {"00109001234", std::nullopt, "invalid_id_number"},    // 11 digits
           {"0010900123456", std::nullopt, "invalid_id_number"},  // 13 digits
           {"00109001234a", std::nullopt, "invalid_id_number"},
           {"001 90012345", std::nullopt, "invalid_id_number"},
           {"003090012345", std::nullopt, "invalid_id_province"},  // 003 is no province
           {"000090012345", std::nullopt, "invalid_id_province"},
           {"097090012345", std::nullopt, "invalid_id_province"},
           {"001226000001", std::nullopt, "invalid_id_birth_year"},  // born 2026 > 2025
           {"001400000001", std::nullopt, "invalid_id_birth_year"},  // 2100
           {"001090012345", LocalDate{1991, 1, 1}, "id_birth_year_mismatch"},
           {"001203012345", LocalDate{1903, 1, 1}, "id_birth_year_mismatch"},  // 2003 vs 1903
       }) {
    auto r = ValidateCitizenId(c.id, c.dob, kNow, "x.id");
    ASSERT_FALSE(r.ok()) << c.id;
    EXPECT_EQ(r.status().reason(), c.reason) << c.id;
    EXPECT_EQ(r.status().field(), "x.id");
    EXPECT_EQ(r.status().code(), Code::kValidation);
  }
  // Born this year is fine.
  EXPECT_TRUE(ValidateCitizenId("001225000001", std::nullopt, kNow).ok());
}

TEST(Phone, NormalisesMobilesAndLandlines) {
  EXPECT_EQ(*NormalizePhone("0912345678"), "0912345678");
  EXPECT_EQ(*NormalizePhone("091 234 5678"), "0912345678");
  EXPECT_EQ(*NormalizePhone("0912.345.678"), "0912345678");
  EXPECT_EQ(*NormalizePhone("+84 912 345 678"), "0912345678");
  EXPECT_EQ(*NormalizePhone("84912345678"), "0912345678");
  EXPECT_EQ(*NormalizePhone("0358-123-456"), "0358123456");
  EXPECT_EQ(*NormalizePhone("(024) 3825 1234"), "02438251234");  // Hà Nội landline
  EXPECT_EQ(*NormalizePhone("0203 3825 123"), "02033825123");    // Quảng Ninh landline
  EXPECT_EQ(*NormalizePhone("+84 24 3825 1234"), "02438251234");
}

TEST(Phone, RejectsOthers) {
  for (const char* bad :
       {"", "0123456789", "0412345678", "091234567", "09123456789", "912345678", "+1 415 555 0100",
        "0912x45678", "02438251", "1900 1234", "0912345678+"}) {
    auto r = NormalizePhone(bad);
    EXPECT_FALSE(r.ok()) << bad;
    if (!r.ok()) {
      EXPECT_EQ(r.status().field(), "applicant.phone");
    }
  }
}

TEST(TaxCode, ChecksTheCheckDigit) {
  EXPECT_EQ(*NormalizeTaxCode("0100109106"), "0100109106");  // Viettel
  EXPECT_EQ(*NormalizeTaxCode("0300588569"), "0300588569");  // Vinamilk
  EXPECT_EQ(*NormalizeTaxCode(" 0300588569 "), "0300588569");
  EXPECT_EQ(*NormalizeTaxCode("0100109106-001"), "0100109106-001");
  EXPECT_EQ(*NormalizeTaxCode("0100109106123"), "0100109106-123");
  for (const char* bad :
       {"0100109107", "0300588560", "010010910", "01001091066", "0100109106-000", "0100109107-001",
        "0100109106-01", "0100109106/001", "A100109106", "", "0100109106-00a"}) {
    auto r = NormalizeTaxCode(bad, "org.tax");
    EXPECT_FALSE(r.ok()) << bad;
    if (!r.ok()) {
      EXPECT_EQ(r.status().reason(), "invalid_tax_code");
      EXPECT_EQ(r.status().field(), "org.tax");
    }
  }
}

TEST(TaxCode, NumbersNeedingCheckDigitTenAreRejected) {
  // Weighted sum 0 mod 11 would need check digit 10: 000000000x is never valid.
  for (char d = '0'; d <= '9'; ++d) EXPECT_FALSE(NormalizeTaxCode(std::string(9, '0') + d).ok());
}

Applicant Citizen() {
  Applicant a;
  a.full_name = "  Nguyễn   Văn An ";
  a.id_number = "001090012345";
  a.date_of_birth = LocalDate{1990, 5, 17};
  a.phone = "+84 912 345 678";
  a.address = "Số 1 Tràng Tiền, Hoàn Kiếm, Hà Nội";
  return a;
}

Applicant Organisation() {
  Applicant a;
  a.type = ApplicantType::kOrganisation;
  a.full_name = "Công ty Cổ phần Sữa Việt Nam";
  a.tax_code = "0300588569";
  a.representative = Representative{"Mai Kiều Liên", "", "Tổng Giám đốc", ""};
  a.email = "info@vinamilk.com.vn";
  a.notify.email = true;
  return a;
}

TEST(Applicant, NormalisesACitizen) {
  auto a = NormalizeApplicant(Citizen(), kNow);
  ASSERT_TRUE(a.ok()) << a.status().ToString();
  EXPECT_EQ(a->full_name, "Nguyễn Văn An");
  EXPECT_EQ(a->phone, "0912345678");
  EXPECT_TRUE(a->notify.sms);
  EXPECT_TRUE(a->tax_code.empty());
}

TEST(Applicant, NormalisesAnOrganisation) {
  auto a = NormalizeApplicant(Organisation(), kNow);
  ASSERT_TRUE(a.ok()) << a.status().ToString();
  EXPECT_EQ(a->tax_code, "0300588569");
  EXPECT_FALSE(a->notify.sms);  // no phone to text
  EXPECT_TRUE(a->notify.email);
}

TEST(Applicant, NamesTheOffendingField) {
  auto check = [](Applicant a, const char* field, const char* reason) {
    auto r = NormalizeApplicant(std::move(a), kNow);
    ASSERT_FALSE(r.ok()) << field;
    EXPECT_EQ(r.status().field(), field);
    EXPECT_EQ(r.status().reason(), reason);
    EXPECT_EQ(r.status().code(), Code::kValidation);
  };
  Applicant a = Citizen();
  a.full_name = " ";
  check(a, "applicant.full_name", "missing_field");
  a = Citizen();
  a.id_number = "001090012346";
  a.date_of_birth = LocalDate{1989, 5, 17};
  check(a, "applicant.id_number", "id_birth_year_mismatch");
  a = Citizen();
  a.id_number = "";
  check(a, "applicant.id_number", "missing_field");
  a = Citizen();
  a.id_number = "12345";
  check(a, "applicant.id_number", "invalid_id_number");
  a = Citizen();
  a.date_of_birth = LocalDate{2025, 7, 15};
  a.id_number = "001225000001";
  check(a, "applicant.date_of_birth", "invalid_date_of_birth");
  a = Citizen();
  a.phone = "12345";
  check(a, "applicant.phone", "invalid_phone");
  a = Citizen();
  a.email = "an@";
  check(a, "applicant.email", "invalid_email");
  a = Citizen();
  a.representative = Representative{"Trần Thị Bình", "001199", "được ủy quyền", ""};
  check(a, "applicant.representative.id_number", "invalid_id_number");
  a = Citizen();
  a.address = "line\x01";
  check(a, "applicant.address", "invalid_field");

  Applicant o = Organisation();
  o.tax_code = "0300588560";
  check(o, "applicant.tax_code", "invalid_tax_code");
  o = Organisation();
  o.tax_code = "";
  check(o, "applicant.tax_code", "missing_field");
  o = Organisation();
  o.representative.reset();
  check(o, "applicant.representative", "missing_field");
  o = Organisation();
  o.representative->full_name = "";
  check(o, "applicant.representative.full_name", "missing_field");
  o = Organisation();
  o.email = "";
  check(o, "applicant.email", "missing_field");
}

TEST(MaskPersonName, KeepsTheFamilyNameAndInitials) {
  EXPECT_EQ(MaskPersonName("Nguyễn Văn An"), "Nguyễn V*** A**");
  EXPECT_EQ(MaskPersonName("  Trần   Thị  Bích Ngọc "), "Trần T*** B**** N****");
  EXPECT_EQ(MaskPersonName("Đỗ Ánh"), "Đỗ Á***");  // multi-byte initial
  EXPECT_EQ(MaskPersonName("Lê Ư"), "Lê Ư*");
  EXPECT_EQ(MaskPersonName("An"), "A**");  // one word: nothing to keep
  EXPECT_EQ(MaskPersonName(""), "");
  // Decomposed (NFD) text: "Ánh" as A + U+0301 + n + h masks like the composed form.
  EXPECT_EQ(MaskPersonName("Đỗ A\xcc\x81nh"), "Đỗ A\xcc\x81***");
  EXPECT_EQ(MaskPersonName("Lê Vie\xcc\xa3\xcc\x82t"), "Lê V****");
}

TEST(ApplicantJson, RoundTrips) {
  auto a = NormalizeApplicant(Citizen(), kNow);
  ASSERT_TRUE(a.ok());
  a->representative = Representative{"Trần Thị Bình", "001190012345", "được ủy quyền", ""};
  auto back = ApplicantFromJsonText(ApplicantToJsonText(*a));
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(*back, *a);
  auto org = NormalizeApplicant(Organisation(), kNow);
  auto org_back = ApplicantFromJson(ApplicantToJson(*org));
  ASSERT_TRUE(org_back.ok());
  EXPECT_EQ(*org_back, *org);
  EXPECT_EQ(ApplicantToJson(*org).at("type").as_string(), "organisation");
}

TEST(ApplicantJson, ShapeErrorsNameTheField) {
  auto field_of = [](std::string_view text) {
    auto r = ApplicantFromJsonText(text);
    return r.ok() ? std::string("ok") : r.status().reason() + "@" + r.status().field();
  };
  EXPECT_EQ(field_of(R"({"full_name":"A"})"), "missing_field@applicant.type");
  EXPECT_EQ(field_of(R"({"type":"alien"})"), "invalid_applicant_type@applicant.type");
  EXPECT_EQ(field_of(R"({"type":"citizen","id_number":1})"), "invalid_field@applicant.id_number");
  EXPECT_EQ(field_of(R"({"type":"citizen","date_of_birth":"17/05/1990"})"),
            "invalid_date_of_birth@applicant.date_of_birth");
  EXPECT_EQ(field_of(R"({"type":"citizen","representative":"x"})"),
            "invalid_field@applicant.representative");
  EXPECT_EQ(field_of(R"({"type":"citizen","representative":{"full_name":2}})"),
            "invalid_field@applicant.representative.full_name");
  EXPECT_EQ(field_of(R"({"type":"citizen","notify":{"sms":"yes"}})"),
            "invalid_field@applicant.notify.sms");
  EXPECT_EQ(field_of("[1]"), "invalid_field@applicant");
  EXPECT_EQ(field_of("{"), "invalid_json@");
  EXPECT_EQ(field_of(R"({"type":"citizen","full_name":null})"), "ok");
}

}  // namespace
}  // namespace motcua::domain
