#include "domain/dossier_code.h"

#include <gtest/gtest.h>

namespace motcua::domain {
namespace {

// 2025-07-14 00:00 in Vietnam (UTC+7) is 2025-07-13 17:00 UTC.
constexpr int64_t kMidnight20250714 = 1'752'426'000;

TEST(DossierCode, FormatsTheCircularExample) {
  DossierCode code{"000.00.15.H12", LocalDate{2025, 7, 14}, 42};
  EXPECT_EQ(code.ToString(), "000.00.15.H12-250714-0042");
  EXPECT_EQ(DossierCode({"H12", LocalDate{2030, 1, 2}, 1}).ToString(), "H12-300102-0001");
}

TEST(DossierCode, ContinuesWithFiveDigitsPast9999) {
  EXPECT_EQ(DossierCode({"H12", LocalDate{2025, 7, 14}, 9999}).ToString(), "H12-250714-9999");
  EXPECT_EQ(DossierCode({"H12", LocalDate{2025, 7, 14}, 10000}).ToString(), "H12-250714-10000");
  auto parsed = ParseDossierCode("H12-250714-10000");
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(parsed->sequence, 10000);
}

TEST(DossierCode, TheDayIsTheLocalDayOfReceipt) {
  auto code = MakeDossierCode("000.00.15.H12", kMidnight20250714, 7);
  ASSERT_TRUE(code.ok());
  EXPECT_EQ(code->ToString(), "000.00.15.H12-250714-0007");
  // One second earlier is still 13 July in Vietnam, although it is 16:59:59 UTC of the 13th.
  EXPECT_EQ(MakeDossierCode("000.00.15.H12", kMidnight20250714 - 1, 7)->ToString(),
            "000.00.15.H12-250713-0007");
  // 23:30 local on the 14th is 16:30 UTC on the 14th: still the 14th.
  EXPECT_EQ(MakeDossierCode("H12", kMidnight20250714 + 23 * 3600 + 1800, 1)->day,
            (LocalDate{2025, 7, 14}));
}

TEST(DossierCode, MakeRejectsBadInput) {
  EXPECT_EQ(MakeDossierCode("h12", kMidnight20250714, 1).status().reason(), "invalid_dossier_code");
  EXPECT_FALSE(MakeDossierCode("H12", kMidnight20250714, 0).ok());
  EXPECT_FALSE(MakeDossierCode("H12", 0, 1).ok());  // 1970: no YY for it
}

TEST(DossierCode, NormalizesTypedCodesForLookup) {
  EXPECT_EQ(NormalizeDossierCode(" 000.00.15.h12-250714-0042\t"), "000.00.15.H12-250714-0042");
  EXPECT_EQ(NormalizeDossierCode("\xC2\xA0"
                                 "000.00.15.H12-250714-0042\r\n"),
            "000.00.15.H12-250714-0042");
  EXPECT_TRUE(IsValidDossierCode(NormalizeDossierCode("  000.00.15.h12-250714-0042 ")));
  // Only blanks around the code and letter case change: inner blanks stay, so it stays invalid.
  EXPECT_FALSE(IsValidDossierCode(NormalizeDossierCode("000.00.15.H12 -250714-0042")));
  EXPECT_EQ(NormalizeDossierCode(""), "");
  EXPECT_EQ(NormalizeDossierCode(" \xC2\xA0 "), "");
}

TEST(DossierCode, ParsesAndRoundTrips) {
  for (const char* text : {"000.00.15.H12-250714-0042", "H12-000229-0001", "G22.001.AB-991231-9999",
                           "H12-250714-123456"}) {
    auto code = ParseDossierCode(text);
    ASSERT_TRUE(code.ok()) << text;
    EXPECT_EQ(code->ToString(), text);
    EXPECT_TRUE(IsValidDossierCode(text));
  }
  auto code = ParseDossierCode("000.00.15.H12-250714-0042");
  EXPECT_EQ(code->agency_code, "000.00.15.H12");
  EXPECT_EQ(code->day, (LocalDate{2025, 7, 14}));
  EXPECT_EQ(code->sequence, 42);
}

TEST(DossierCode, RejectsNonCanonicalOrMalformed) {
  for (const char* bad : {
           "",
           "-",
           "--",
           "H12",
           "H12-250714",
           "H12-250714-",
           "-250714-0001",
           "H12-250714-042",    // fewer than four digits
           "H12-250714-00042",  // five digits with a leading zero: not canonical
           "H12-250714-0000",   // numbering starts at 1
           "H12-250230-0001",   // 30 February
           "H12-010229-0001",   // 2001 is not a leap year
           "H12-251314-0001",   // month 13
           "H12-25071-40001",
           "h12-250714-0001",
           "H12.-250714-0001",
           "H12-250714-00a1",
           "H12-250714-0001 ",
           " H12-250714-0001",
           "H12_250714_0001",
           "H12-250714-1234567890",  // absurdly long
       }) {
    auto code = ParseDossierCode(bad, "dossier_code");
    EXPECT_FALSE(code.ok()) << bad;
    if (!code.ok()) {
      EXPECT_EQ(code.status().reason(), "invalid_dossier_code");
      EXPECT_EQ(code.status().field(), "dossier_code");
      EXPECT_EQ(code.status().code(), Code::kValidation);
    }
  }
}

TEST(DossierCode, DayPartIsYYMMDD) {
  EXPECT_EQ(DossierCodeDay(LocalDate{2025, 7, 4}), "250704");
  EXPECT_EQ(DossierCodeDay(LocalDate{2100 - 1, 12, 31}), "991231");
}

}  // namespace
}  // namespace motcua::domain
