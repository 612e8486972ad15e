#include "web/templates.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "web/i18n.h"
#include "web/page_registry.h"

namespace motcua::web {
namespace {

namespace json = boost::json;

Templates Load() {
  auto t = Templates::Load(std::string(MOTCUA_SOURCE_DIR) + "/web/templates");
  EXPECT_TRUE(t.ok()) << t.status().ToString();
  return std::move(t).value();
}

TEST(TemplatesTest, EveryPageTemplateParses) {
  Templates t = Load();
  for (const char* name : {"layout",          "kiosk_layout",   "home",
                           "catalogue",       "procedure",      "lookup",
                           "login",           "register",       "account",
                           "counter",         "backoffice",     "dashboard",
                           "admin",           "error",          "kiosk",
                           "submit",          "dossier",        "report_dossiers",
                           "forgot_password", "reset_password", "unsubscribe"}) {
    EXPECT_TRUE(t.Has(name)) << name;
  }
}

TEST(TemplatesTest, UserStringsAreEscaped) {
  Templates t = Load();
  json::object ctx{{"t", Messages("vi")},
                   {"lang", "vi"},
                   {"title", "<script>alert(1)</script>"},
                   {"body", "<p>trusted</p>"},
                   {"user", json::object{{"full_name", "\"><img src=x onerror=alert(1)>"},
                                         {"role_label", "công dân"}}},
                   {"csrf_token", "tok"}};
  std::string html = t.Render("layout", ctx);
  EXPECT_EQ(html.find("<script>alert"), std::string::npos);
  EXPECT_EQ(html.find("<img src=x"), std::string::npos);
  EXPECT_NE(html.find("&lt;script&gt;alert(1)&lt;/script&gt;"), std::string::npos);
  EXPECT_NE(html.find("&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"), std::string::npos);
  EXPECT_NE(html.find("<p>trusted</p>"), std::string::npos);  // the page body itself
  EXPECT_NE(html.find("Bỏ qua, đến nội dung chính"), std::string::npos);
}

TEST(TemplatesTest, EmptyStringsAreFalseInSections) {
  Templates t = Load();
  json::object ctx{
      {"t", Messages("vi")}, {"error", ""}, {"status", 404}, {"message", "x"}, {"title", "Lỗi"}};
  std::string html = t.Render("lookup", ctx);
  EXPECT_EQ(html.find("class=\"alert\""), std::string::npos);
  ctx["error"] = "Không tìm thấy";
  html = t.Render("lookup", ctx);
  EXPECT_NE(html.find("Không tìm thấy"), std::string::npos);
}

TEST(WebFormatTest, MoneyAndTimes) {
  EXPECT_EQ(FormatMoney(8000, false), "8.000 đồng");
  EXPECT_EQ(FormatMoney(1250000, true), "1,250,000 VND");
  EXPECT_EQ(HumanTime("2025-07-14T09:30:00+07:00"), "09:30 14/07/2025");
  EXPECT_EQ(HumanTime(""), "");
}

TEST(WebI18nTest, EnglishAndVietnameseHaveTheSameKeys) {
  const auto& vi = Messages("vi");
  const auto& en = Messages("en");
  EXPECT_EQ(vi.size(), en.size());
  EXPECT_EQ(Message("vi", "nav_lookup"), "Tra cứu hồ sơ");
  EXPECT_EQ(Message("en", "nav_lookup"), "Track a dossier");
  EXPECT_EQ(Message("vi", "no_such_key"), "no_such_key");
}

}  // namespace
}  // namespace motcua::web
