#include "web/pages.h"

#include <string>

namespace motcua::web {
namespace {

constexpr std::string_view kHome = R"html(<!doctype html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>MotCua — Hệ thống một cửa điện tử</title>
<style>
body{font-family:system-ui,"DejaVu Sans",sans-serif;margin:0;color:#1a1a1a;background:#f6f7f9}
header{background:#a50e0e;color:#fff;padding:1rem 1.25rem}
header h1{margin:0;font-size:1.4rem}
main{max-width:48rem;margin:0 auto;padding:1rem 1.25rem}
a{color:#0b4f9c}
section{background:#fff;border:1px solid #dde1e6;border-radius:.5rem;padding:1rem;margin:1rem 0}
code{background:#eef1f4;padding:.1rem .3rem;border-radius:.2rem}
</style>
</head>
<body>
<header><h1>MotCua — Hệ thống thông tin giải quyết thủ tục hành chính một cửa</h1></header>
<main>
<section>
<h2>Dịch vụ công</h2>
<p>Tra cứu thủ tục, nộp hồ sơ trực tuyến, theo dõi tiến độ và đánh giá mức độ hài lòng.
Các màn hình cổng dịch vụ công, quầy tiếp nhận và điều hành đang được xây dựng.</p>
</section>
<section>
<h2>Dành cho nhà phát triển</h2>
<ul>
<li><a href="/api/openapi.json">Mô tả API (OpenAPI 3)</a></li>
<li><a href="/api/v1/agencies">Cây cơ quan, đơn vị</a></li>
<li><a href="/healthz">Trạng thái máy chủ</a></li>
</ul>
<p>Đăng nhập: <code>POST /api/v1/auth/login</code> với <code>{"username","password"}</code>.</p>
</section>
</main>
</body>
</html>
)html";

}  // namespace

std::string HtmlEscape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

void RegisterPages(http::Router& router) {
  router.Get("/", [](http::Request&) {
    http::Response r = http::Response::Html(200, std::string(kHome));
    r.headers.Set("Content-Security-Policy",
                  "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
                  "frame-ancestors 'none'");
    return r;
  });
}

}  // namespace motcua::web
