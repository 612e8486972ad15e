// A small router: method + path pattern with {name} segments -> handler.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "http/request.h"
#include "http/response.h"

namespace motcua::http {

// Handlers run on the blocking-work pool, so they may use the database synchronously.
using Handler = std::function<Response(Request&)>;

// What a route takes as a request body; the server maps each kind to its configured limit, so a
// body is never buffered beyond what its route can use.
enum class BodyKind {
  kNone,    // no body (GET, HEAD): any body is refused with 413
  kForm,    // a small url-encoded form or JSON document (log-in, registration, public forms)
  kJson,    // a JSON document (ServerOptions::json_body_limit)
  kUpload,  // files (ServerOptions::upload_body_limit)
};

// Runs after the headers and before the body is read (on the blocking-work pool): resolves the
// caller and applies the route's access rule and rate limits. A response returned here is sent
// at once and the body is never read; std::nullopt lets the request go on.
using AdmitHandler = std::function<std::optional<Response>(Request&)>;

struct RouteOptions {
  std::optional<BodyKind> body;  // unset: kNone for GET/HEAD, kJson otherwise
  AdmitHandler admit;            // unset: everyone is admitted
};

inline RouteOptions WithBody(BodyKind kind) {
  RouteOptions o;
  o.body = kind;
  return o;
}

// The outcome of Router::Admit for the server.
struct Admission {
  std::optional<Response> reply;  // answer now, without reading the body
  BodyKind body = BodyKind::kNone;
};

struct RouteInfo {
  std::string method;
  std::string pattern;  // e.g. "/api/v1/agencies/{code}"
};

class Router {
 public:
  // Registers a route. Patterns are literal segments and {name} segments matching one segment;
  // a final {name...} segment matches the rest of the path.
  void Add(std::string method, std::string pattern, Handler handler, RouteOptions options = {});
  void Get(std::string pattern, Handler h, RouteOptions o = {}) {
    Add("GET", std::move(pattern), std::move(h), std::move(o));
  }
  void Post(std::string pattern, Handler h, RouteOptions o = {}) {
    Add("POST", std::move(pattern), std::move(h), std::move(o));
  }
  void Put(std::string pattern, Handler h) { Add("PUT", std::move(pattern), std::move(h)); }
  void Patch(std::string pattern, Handler h) { Add("PATCH", std::move(pattern), std::move(h)); }
  void Delete(std::string pattern, Handler h) { Add("DELETE", std::move(pattern), std::move(h)); }

  // From the request head alone: finds the route (filling request.path_params) and runs its
  // admission step. The reply is set for 404 (route_not_found), 405 (method_not_allowed, with an
  // Allow header) and whatever the admission step refused; otherwise `body` says how much body
  // the route takes. Marks the request admitted. HEAD falls back to GET.
  Admission Admit(Request& request) const;

  // Admits the request if that has not happened yet (in-process calls, tests), then runs the
  // route's handler.
  Response Dispatch(Request& request) const;

  std::vector<RouteInfo> Routes() const;

 private:
  struct Route {
    std::string method;
    std::string pattern;
    std::vector<std::string> segments;
    Handler handler;
    BodyKind body;
    AdmitHandler admit;
  };
  // The route for the request (path_params filled), or the 404/405 reply.
  const Route* Find(Request& request, std::optional<Response>* reply) const;
  std::vector<Route> routes_;
};

}  // namespace motcua::http
