// The HTTP server's own behaviour through a real process: compression, static files with
// revalidation, HEAD, request ids, keep-alive and pipelining, malformed requests.
#include <gtest/gtest.h>

#include "support/http_client.h"
#include "support/test_server.h"

namespace motcua::testing {
namespace {

class HttpServerTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { server_ = new TestServer({"--no-access-log"}); }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
  }
  HttpClient Client() { return HttpClient(server_->port()); }
  static TestServer* server_;
};
TestServer* HttpServerTest::server_ = nullptr;

TEST_F(HttpServerTest, LargeJsonIsGzippedOnlyWhenAsked) {
  auto c = Client();
  auto plain = c.Get("/api/openapi.json");
  ASSERT_EQ(plain.status, 200);
  EXPECT_FALSE(plain.Header("content-encoding").has_value());
  auto gz = c.Get("/api/openapi.json", {{"Accept-Encoding", "gzip"}});
  ASSERT_EQ(gz.status, 200);
  EXPECT_EQ(gz.Header("content-encoding").value_or(""), "gzip");
  ASSERT_GE(gz.body.size(), 2u);
  EXPECT_EQ(static_cast<unsigned char>(gz.body[0]), 0x1f);
  EXPECT_LT(gz.body.size(), plain.body.size());
  EXPECT_NE(gz.Header("vary").value_or("").find("Accept-Encoding"), std::string::npos);
}

TEST_F(HttpServerTest, StaticFilesCarryETagAndRevalidateWith304) {
  auto c = Client();
  auto r = c.Get("/static/motcua.css");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_NE(r.Header("content-type").value_or("").find("text/css"), std::string::npos);
  auto etag = r.Header("etag");
  ASSERT_TRUE(etag.has_value());
  EXPECT_NE(r.Header("cache-control").value_or("").find("max-age"), std::string::npos);
  auto again = c.Get("/static/motcua.css", {{"If-None-Match", *etag}});
  EXPECT_EQ(again.status, 304);
  EXPECT_TRUE(again.body.empty());
  EXPECT_EQ(c.Get("/static/../CMakeLists.txt").status, 404);
  EXPECT_EQ(c.Get("/static/nothing-here.css").status, 404);
}

TEST_F(HttpServerTest, HeadAnswersHeadersOnlyAndEveryResponseHasARequestId) {
  auto c = Client();
  auto head = c.Send("HEAD", "/healthz");
  ASSERT_TRUE(head);
  EXPECT_EQ(head->status, 200);
  EXPECT_TRUE(head->body.empty());
  auto get = c.Get("/healthz");
  auto a = get.Header("x-request-id");
  ASSERT_TRUE(a.has_value());
  EXPECT_EQ(a->size(), 16u);
  EXPECT_NE(*a, c.Get("/healthz").Header("x-request-id").value_or(""));
}

TEST_F(HttpServerTest, PipelinedRequestsOnOneConnectionAllAnswerInOrder) {
  auto c = Client();
  std::string two =
      "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\nGET /no-such HTTP/1.1\r\nHost: x\r\n\r\n";
  auto first = c.SendRaw(two);
  ASSERT_TRUE(first);
  EXPECT_EQ(first->status, 200);
}

TEST_F(HttpServerTest, GarbageRequestGets400AndTheServerKeepsServing) {
  auto c = Client();
  auto bad = c.SendRaw("THIS IS NOT HTTP\r\n\r\n");
  if (bad) {
    EXPECT_EQ(bad->status, 400);
  }
  auto c2 = Client();
  EXPECT_EQ(c2.Get("/healthz").status, 200);
}

TEST_F(HttpServerTest, ErrorsAreLocalisedByAcceptLanguage) {
  auto c = Client();
  auto vi = c.Get("/api/v1/nope");
  EXPECT_NE(vi.body.find("Không tìm thấy"), std::string::npos) << vi.body;
  auto en = c.Get("/api/v1/nope", {{"Accept-Language", "en-US,en;q=0.9"}});
  EXPECT_NE(en.body.find("No such route."), std::string::npos) << en.body;
}

}  // namespace
}  // namespace motcua::testing
