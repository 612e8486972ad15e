#include "forms/form_catalog.h"

#include <gtest/gtest.h>

#include "forms/forms_test_util.h"

namespace motcua::forms {
namespace {

using testing::At;

TEST(FormCatalog, RegimeFollowsTheReceptionDayInVietnam) {
  EXPECT_EQ(RegimeFor(At(2024, 3, 5, 14, 15)), Regime::kCircular01_2018);
  EXPECT_EQ(RegimeFor(At(2025, 6, 30, 23, 59)), Regime::kCircular01_2018);
  EXPECT_EQ(RegimeFor(At(2025, 7, 1, 0, 0)), Regime::kCircular03_2025);
  // 2025-06-30 17:00 UTC is already 1 July in Vietnam.
  EXPECT_EQ(RegimeFor(At(2025, 7, 1, 0, 0) - 1), Regime::kCircular01_2018);
  EXPECT_EQ(RegimeFor(0), Regime::kCircular01_2018);  // before any regime: the oldest
}

TEST(FormCatalog, SixFormsIn2018AndSevenIn2025) {
  EXPECT_EQ(FormsOf(Regime::kCircular01_2018).size(), 6u);
  EXPECT_EQ(FormsOf(Regime::kCircular03_2025).size(), 7u);
  EXPECT_FALSE(FormNumber(Regime::kCircular01_2018, FormKind::kStopNotice));
  EXPECT_EQ(*FormNumber(Regime::kCircular01_2018, FormKind::kControlSheet), "05");
  EXPECT_EQ(*FormNumber(Regime::kCircular01_2018, FormKind::kRegister), "06");
  EXPECT_EQ(*FormNumber(Regime::kCircular03_2025, FormKind::kStopNotice), "05");
  EXPECT_EQ(*FormNumber(Regime::kCircular03_2025, FormKind::kControlSheet), "06");
  EXPECT_EQ(*FormNumber(Regime::kCircular03_2025, FormKind::kRegister), "07");
}

TEST(FormCatalog, NumbersMapBackToKinds) {
  EXPECT_EQ(*FormKindOf(Regime::kCircular01_2018, "05"), FormKind::kControlSheet);
  EXPECT_EQ(*FormKindOf(Regime::kCircular03_2025, "05"), FormKind::kStopNotice);
  EXPECT_EQ(*FormKindOf(Regime::kCircular03_2025, "7"), FormKind::kRegister);
  auto missing = FormKindOf(Regime::kCircular01_2018, "07");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().code(), Code::kNotFound);
  EXPECT_FALSE(FormKindOf(Regime::kCircular03_2025, "").ok());
  EXPECT_FALSE(FormKindOf(Regime::kCircular03_2025, "001").ok());
}

TEST(FormCatalog, TitlesAsInTheCirculars) {
  EXPECT_EQ(FormTitle(Regime::kCircular01_2018, FormKind::kReceipt),
            "Giấy tiếp nhận hồ sơ và hẹn trả kết quả");
  EXPECT_EQ(FormTitle(Regime::kCircular01_2018, FormKind::kApology),
            "Phiếu xin lỗi và hẹn lại ngày trả kết quả");
  EXPECT_EQ(FormTitle(Regime::kCircular03_2025, FormKind::kApology),
            "Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết");
  EXPECT_EQ(FormTitle(Regime::kCircular03_2025, FormKind::kStopNotice),
            "Thông báo dừng giải quyết hồ sơ");
  EXPECT_EQ(FormHeading(Regime::kCircular03_2025, FormKind::kControlSheet),
            "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ");
  EXPECT_EQ(FormTitle(Regime::kCircular01_2018, FormKind::kStopNotice), "");
}

TEST(FormCatalog, NamesRoundTrip) {
  for (const RegimeInfo& r : Regimes()) {
    EXPECT_EQ(ParseRegime(r.key), r.regime);
    for (FormKind k : FormsOf(r.regime)) EXPECT_EQ(ParseFormKind(FormKindName(k)), k);
  }
  EXPECT_FALSE(ParseRegime("2019"));
  EXPECT_FALSE(ParseFormKind("receipts"));
}

}  // namespace
}  // namespace motcua::forms
