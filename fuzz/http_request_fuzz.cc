// Raw bytes off the socket -> Beast's parser -> our Request, as the server fills it (method,
// target split into a decoded path and query, headers), then the reads every handler makes
// (query, cookies, locale) and the router's matching, including {name...} tails.
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "http/request.h"
#include "http/router.h"

namespace {

namespace bhttp = boost::beast::http;
using motcua::http::Request;
using motcua::http::Response;

const motcua::http::Router& TheRouter() {
  static const motcua::http::Router* router = [] {
    auto* r = new motcua::http::Router;
    auto echo = [](Request& req) {
      std::string all;
      for (const auto& [k, v] : req.path_params) all += k + "=" + v + ";";
      return Response::Text(200, all);
    };
    r->Get("/api/v1/dossiers/{code}", echo);
    r->Get("/api/v1/dossiers/{code}/attachments/{id}", echo);
    r->Post("/api/v1/dossiers/{code}/actions", echo);
    r->Get("/static/{path...}", echo);
    r->Get("/", echo);
    return r;
  }();
  return *router;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  // The pieces the server decodes on its own, straight from the input as well.
  (void)motcua::http::UrlDecode(bytes, true);
  (void)motcua::http::ParseQuery(bytes);

  bhttp::request_parser<bhttp::string_body> parser;
  parser.eager(true);
  parser.header_limit(16 * 1024);
  parser.body_limit(64 * 1024);
  boost::beast::error_code ec;
  parser.put(boost::asio::buffer(data, size), ec);
  if (ec || !parser.is_header_done()) return 0;
  const auto& h = parser.get();
  Request r;
  r.method = std::string(h.method_string());
  r.target = std::string(h.target());
  size_t q = r.target.find('?');
  r.path = motcua::http::UrlDecode(std::string_view(r.target).substr(0, q), false);
  if (q != std::string::npos)
    r.query = motcua::http::ParseQuery(std::string_view(r.target).substr(q + 1));
  for (const auto& f : h) r.headers.Add(f.name_string(), std::string(f.value()));
  if (parser.is_done()) r.body = h.body();

  (void)r.Query("q");
  (void)r.Query("lang");
  (void)r.Cookie("motcua_session");
  (void)r.Cookie("motcua_csrf");
  (void)r.Locale();
  (void)r.Header("Content-Type");
  Response resp = TheRouter().Dispatch(r);
  // 200 (a route), 404 or 405 (with Allow): nothing else can come out of matching.
  if (resp.status != 200 && resp.status != 404 && resp.status != 405) __builtin_trap();
  return 0;
}
