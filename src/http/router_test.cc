#include "http/router.h"

#include <gtest/gtest.h>

namespace motcua::http {
namespace {

Request Make(std::string method, std::string path) {
  Request r;
  r.method = std::move(method);
  r.path = std::move(path);
  return r;
}

Response Named(const std::string& name) { return Response::Text(200, name); }

TEST(Router, LiteralSegmentsBeatParametersWhateverTheOrder) {
  Router router;
  router.Get("/api/v1/procedures/{code}",
             [](Request& r) { return Named("code=" + r.PathParam("code")); });
  router.Get("/api/v1/procedures/stats", [](Request&) { return Named("stats"); });
  auto a = Make("GET", "/api/v1/procedures/stats");
  EXPECT_EQ(router.Dispatch(a).body, "stats");
  auto b = Make("GET", "/api/v1/procedures/1.001193");
  EXPECT_EQ(router.Dispatch(b).body, "code=1.001193");
}

TEST(Router, UnknownPathIs404AndWrongMethodIs405WithAllow) {
  Router router;
  router.Get("/a", [](Request&) { return Named("a"); });
  router.Post("/a", [](Request&) { return Named("a"); });
  auto missing = Make("GET", "/b");
  auto r404 = router.Dispatch(missing);
  EXPECT_EQ(r404.status, 404);
  EXPECT_NE(r404.body.find("route_not_found"), std::string::npos);
  auto wrong = Make("DELETE", "/a");
  auto r405 = router.Dispatch(wrong);
  EXPECT_EQ(r405.status, 405);
  EXPECT_EQ(r405.headers.Get("Allow").value_or(""), "GET, HEAD, POST");
}

TEST(Router, HeadFallsBackToGetAndRestParameterTakesTheTail) {
  Router router;
  router.Get("/files/{path...}", [](Request& r) { return Named(r.PathParam("path")); });
  auto head = Make("HEAD", "/files/a/b/c.pdf");
  EXPECT_EQ(router.Dispatch(head).body, "a/b/c.pdf");
  auto none = Make("GET", "/files");
  EXPECT_EQ(router.Dispatch(none).status, 404);
}

TEST(Router, TrailingAndDoubledSlashesDoNotMatter) {
  Router router;
  router.Get("/api/v1/agencies", [](Request&) { return Named("list"); });
  auto r = Make("GET", "/api/v1//agencies/");
  EXPECT_EQ(router.Dispatch(r).body, "list");
}

}  // namespace
}  // namespace motcua::http
