#include "web/site.h"

#include <gtest/gtest.h>

namespace motcua::web {
namespace {

TEST(LanguageSwitchHref, KeepsThePageAndItsQuery) {
  EXPECT_EQ(LanguageSwitchHref("/thu-tuc", "en"), "/thu-tuc?lang=en");
  EXPECT_EQ(LanguageSwitchHref("/thu-tuc?q=khai%20sinh&linh-vuc=HT", "en"),
            "/thu-tuc?q=khai%20sinh&linh-vuc=HT&lang=en");
  EXPECT_EQ(LanguageSwitchHref("/tra-cuu?ma=000.00.01.H99-250714-0001&lang=en", "vi"),
            "/tra-cuu?ma=000.00.01.H99-250714-0001&lang=vi");
}

TEST(LanguageSwitchHref, ReplacesEveryLangParameterOnly) {
  EXPECT_EQ(LanguageSwitchHref("/?lang=en&lang=vi&language=x", "en"), "/?language=x&lang=en");
  EXPECT_EQ(LanguageSwitchHref("/a?&&b=1&", "vi"), "/a?b=1&lang=vi");
  EXPECT_EQ(LanguageSwitchHref("/a?b=1#phan", "en"), "/a?b=1&lang=en");
}

TEST(LanguageSwitchHref, StaysOnThisSite) {
  EXPECT_EQ(LanguageSwitchHref("", "en"), "/?lang=en");
  EXPECT_EQ(LanguageSwitchHref("http://evil.example/x", "en"), "/?lang=en");
  EXPECT_EQ(LanguageSwitchHref("//evil.example/x?a=1", "en"), "/?a=1&lang=en");
}

}  // namespace
}  // namespace motcua::web
