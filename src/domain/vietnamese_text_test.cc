#include "domain/vietnamese_text.h"

#include <gtest/gtest.h>

namespace motcua::domain {
namespace {

TEST(FoldVietnamese, StripsToneMarksAndDiacritics) {
  EXPECT_EQ(FoldVietnamese("Đăng ký khai sinh"), "dang ky khai sinh");
  EXPECT_EQ(FoldVietnamese("Hộ tịch"), "ho tich");
  EXPECT_EQ(FoldVietnamese("ĐƯỜNG BỘ, Ở, ỨNG, Ỹ"), "duong bo, o, ung, y");
  EXPECT_EQ(FoldVietnamese("Giấy phép lái xe"), "giay phep lai xe");
  EXPECT_EQ(FoldVietnamese("thương binh và xã hội"), "thuong binh va xa hoi");
}

TEST(FoldVietnamese, DecomposedInputFoldsLikePrecomposed) {
  // "Hộ" written as H + o + combining dot below (U+0323) + combining circumflex (U+0302).
  EXPECT_EQ(FoldVietnamese("Ho\xCC\xA3\xCC\x82 ti\xCC\xA3\x63h"), "ho tich");
}

TEST(FoldVietnamese, KeepsOtherTextAndDropsInvalidBytes) {
  EXPECT_EQ(FoldVietnamese("1.001193 — mẫu"), "1.001193 — mau");
  EXPECT_EQ(FoldVietnamese(std::string("a\xFF"
                                       "b\xE1",
                                       4)),
            "ab");
}

TEST(TokenizeVietnamese, SplitsOnNonAlphanumerics) {
  EXPECT_EQ(TokenizeVietnamese("Hộ tịch, chứng thực"),
            (std::vector<std::string>{"ho", "tich", "chung", "thuc"}));
  EXPECT_EQ(TokenizeVietnamese("  (GPLX) hạng B2/C  "),
            (std::vector<std::string>{"gplx", "hang", "b2", "c"}));
  EXPECT_TRUE(TokenizeVietnamese(" ,;- ").empty());
}

}  // namespace
}  // namespace motcua::domain

namespace motcua::domain {
namespace {

TEST(SplitSyllables, KeepsMarksLowerCased) {
  auto s = SplitSyllables("Trễ HẠN, Đăng ký");
  ASSERT_EQ(s.size(), 4u);
  EXPECT_EQ(s[0].marked, "trễ");
  EXPECT_EQ(s[0].folded, "tre");
  EXPECT_EQ(s[1].marked, "hạn");
  EXPECT_EQ(s[2].marked, "đăng");
  EXPECT_TRUE(s[2].HasMarks());
  EXPECT_FALSE(SplitSyllables("khai")[0].HasMarks());
  // Decomposed input keeps no marks (it could not be compared with the catalogue's).
  auto nfd = SplitSyllables("Ho\xCC\xA3\xCC\x82");
  ASSERT_EQ(nfd.size(), 1u);
  EXPECT_EQ(nfd[0].marked, "ho");
}

}  // namespace
}  // namespace motcua::domain
