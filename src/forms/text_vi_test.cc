#include "forms/text_vi.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "forms/forms_test_util.h"
#include "forms/qr.h"

namespace motcua::forms {
namespace {

TEST(TextVi, DatesFollowTheAdministrativeStyle) {
  EXPECT_EQ(DateVi({2025, 2, 5}), "ngày 05 tháng 02 năm 2025");
  EXPECT_EQ(DateVi({2025, 7, 14}), "ngày 14 tháng 7 năm 2025");
  EXPECT_EQ(DateVi({2024, 12, 1}), "ngày 01 tháng 12 năm 2024");
  const int64_t t = testing::At(2025, 7, 14, 8, 5);
  EXPECT_EQ(DateTimeVi(t), "08 giờ 05 phút, ngày 14 tháng 7 năm 2025");
  EXPECT_EQ(PlaceDateVi("Bến Tre", t), "Bến Tre, ngày 14 tháng 7 năm 2025");
  EXPECT_EQ(PlaceDateVi("", t), "ngày 14 tháng 7 năm 2025");
  EXPECT_EQ(DateTimeShort(t), "14/07/2025 08:05");
  // 23:30 local is 16:30 UTC: still the 14th in Vietnam.
  EXPECT_EQ(DateShort(testing::At(2025, 7, 14, 23, 30)), "14/07/2025");
}

TEST(TextVi, HtmlEscapeCoversTheFiveCharacters) {
  EXPECT_EQ(HtmlEscape("<a href=\"x\">Tý & 'Tèo'</a>"),
            "&lt;a href=&quot;x&quot;&gt;Tý &amp; &#39;Tèo&#39;&lt;/a&gt;");
}

TEST(TextVi, Utf8Decoding) {
  const std::string s = "Ệ\xFFz\xE1\xBB";
  size_t i = 0;
  EXPECT_EQ(NextCodePoint(s, &i), U'Ệ');
  EXPECT_EQ(NextCodePoint(s, &i), 0xFFFDu);
  EXPECT_EQ(NextCodePoint(s, &i), U'z');
  EXPECT_EQ(NextCodePoint(s, &i), 0xFFFDu);  // truncated sequence
  EXPECT_EQ(NextCodePoint(s, &i), 0xFFFDu);
  EXPECT_EQ(i, s.size());
  const std::string overlong = "\xC0\xAF";
  i = 0;
  EXPECT_EQ(NextCodePoint(overlong, &i), 0xFFFDu);
}

TEST(Qr, EncodesAndDrawsAsSvg) {
  auto qr = EncodeQr("https://dichvucong.gov.vn/tra-cuu/000.00.15.H12-250714-0042");
  ASSERT_TRUE(qr.ok());
  EXPECT_GE(qr->size, 25);
  EXPECT_TRUE(qr->Dark(0, 0));  // finder pattern corner
  int runs = 0;
  ForEachDarkRun(*qr, [&](int, int, int length) {
    EXPECT_GT(length, 0);
    ++runs;
  });
  EXPECT_GT(runs, qr->size);
  const std::string svg = QrSvg(*qr, 100);
  EXPECT_EQ(svg.rfind("<svg", 0), 0u);
  EXPECT_NE(svg.find(fmt::format("viewBox=\"0 0 {0} {0}\"", qr->size + 8)), std::string::npos);
  EXPECT_EQ(EncodeQr("").status().reason(), "qr_too_long");
  EXPECT_EQ(EncodeQr(std::string(5000, 'a')).status().reason(), "qr_too_long");
}

}  // namespace
}  // namespace motcua::forms
