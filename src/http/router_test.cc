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

namespace motcua::http {
namespace {

TEST(RouterAdmission, TheHeadAloneDecidesTheRouteItsBodyKindAndTheRefusals) {
  Router router;
  int admitted = 0;
  RouteOptions upload = WithBody(BodyKind::kUpload);
  upload.admit = [&](Request& r) -> std::optional<Response> {
    ++admitted;
    if (!r.Header("Authorization")) return Response::Error(Status::Unauthenticated(), r);
    return std::nullopt;
  };
  router.Post(
      "/files", [](Request&) { return Named("stored"); }, upload);
  router.Get("/page", [](Request&) { return Named("page"); });
  router.Post(
      "/form", [](Request&) { return Named("form"); }, WithBody(BodyKind::kForm));
  router.Post("/json", [](Request&) { return Named("json"); });

  auto anon = Make("POST", "/files");
  Admission a = router.Admit(anon);
  ASSERT_TRUE(a.reply.has_value());
  EXPECT_EQ(a.reply->status, 401);
  auto signed_in = Make("POST", "/files");
  signed_in.headers.Set("Authorization", "Bearer x");
  a = router.Admit(signed_in);
  EXPECT_FALSE(a.reply.has_value());
  EXPECT_EQ(a.body, BodyKind::kUpload);
  // Dispatch does not admit an admitted request twice; an unadmitted one it admits itself.
  EXPECT_EQ(router.Dispatch(signed_in).body, "stored");
  EXPECT_EQ(admitted, 2);
  auto direct = Make("POST", "/files");
  EXPECT_EQ(router.Dispatch(direct).status, 401);
  EXPECT_EQ(admitted, 3);

  auto page = Make("GET", "/page");
  EXPECT_EQ(router.Admit(page).body, BodyKind::kNone);
  auto form = Make("POST", "/form");
  EXPECT_EQ(router.Admit(form).body, BodyKind::kForm);
  auto json = Make("POST", "/json");
  EXPECT_EQ(router.Admit(json).body, BodyKind::kJson);
  auto missing = Make("POST", "/nowhere");
  a = router.Admit(missing);
  ASSERT_TRUE(a.reply.has_value());
  EXPECT_EQ(a.reply->status, 404);
  auto wrong = Make("DELETE", "/page");
  EXPECT_EQ(router.Admit(wrong).reply->status, 405);
}

}  // namespace
}  // namespace motcua::http
