#include "http/request.h"

#include <gtest/gtest.h>

#include "http/gzip.h"
#include "http/response.h"

namespace motcua::http {
namespace {

TEST(Request, QueryDecodingHandlesPlusPercentAndVietnamese) {
  auto q = ParseQuery("q=%C4%91%C4%83ng+k%C3%BD&page=2&flag&bad=%zz");
  EXPECT_EQ(q.find("q")->second, "đăng ký");
  EXPECT_EQ(q.find("page")->second, "2");
  EXPECT_EQ(q.find("flag")->second, "");
  EXPECT_EQ(q.find("bad")->second, "%zz");
  EXPECT_EQ(UrlDecode("a+b%2F", false), "a+b/");
}

TEST(Request, HeadersAreCaseInsensitiveAndCookiesParsed) {
  Request r;
  r.headers.Add("Cookie", "a=1; motcua_session=abc; b=\"q\"");
  EXPECT_EQ(r.Header("COOKIE").value_or(""), "a=1; motcua_session=abc; b=\"q\"");
  EXPECT_EQ(r.Cookie("motcua_session").value_or(""), "abc");
  EXPECT_EQ(r.Cookie("b").value_or(""), "q");
  EXPECT_FALSE(r.Cookie("motcua").has_value());
}

TEST(Request, LocaleFromQueryThenFirstAcceptLanguage) {
  Request r;
  EXPECT_EQ(r.Locale(), "vi");
  r.headers.Set("Accept-Language", "vi-VN,vi;q=0.9,en;q=0.8");
  EXPECT_EQ(r.Locale(), "vi");
  r.headers.Set("Accept-Language", "en-GB,en;q=0.9");
  EXPECT_EQ(r.Locale(), "en");
  r.query = ParseQuery("lang=vi");
  EXPECT_EQ(r.Locale(), "vi");
}

TEST(Response, ErrorShapeIsLocalisedAndNamesTheField) {
  Request r;
  r.request_id = "rid1";
  auto resp = Response::Error(Status::Validation("missing_field", "username"), r);
  EXPECT_EQ(resp.status, 422);
  EXPECT_NE(resp.body.find("\"field\":\"username\""), std::string::npos);
  EXPECT_NE(resp.body.find("Thiếu thông tin bắt buộc."), std::string::npos);
  EXPECT_NE(resp.body.find("\"request_id\":\"rid1\""), std::string::npos);
}

TEST(Gzip, NegotiationAndOutput) {
  EXPECT_TRUE(AcceptsGzip("gzip, deflate, br"));
  EXPECT_FALSE(AcceptsGzip("gzip;q=0, deflate"));
  EXPECT_FALSE(AcceptsGzip("br"));
  EXPECT_TRUE(IsCompressible("application/json; charset=utf-8"));
  EXPECT_FALSE(IsCompressible("image/png"));
  std::string text(10000, 'a');
  auto gz = Gzip(text);
  ASSERT_TRUE(gz);
  EXPECT_LT(gz->size(), 200u);
  EXPECT_EQ(static_cast<unsigned char>((*gz)[0]), 0x1f);
  EXPECT_EQ(static_cast<unsigned char>((*gz)[1]), 0x8b);
}

}  // namespace
}  // namespace motcua::http
