// A small router: method + path pattern with {name} segments -> handler.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "http/request.h"
#include "http/response.h"

namespace motcua::http {

// Handlers run on the blocking-work pool, so they may use the database synchronously.
using Handler = std::function<Response(Request&)>;

struct RouteInfo {
  std::string method;
  std::string pattern;  // e.g. "/api/v1/agencies/{code}"
};

class Router {
 public:
  // Registers a route. Patterns are literal segments and {name} segments matching one segment;
  // a final {name...} segment matches the rest of the path.
  void Add(std::string method, std::string pattern, Handler handler);
  void Get(std::string pattern, Handler h) { Add("GET", std::move(pattern), std::move(h)); }
  void Post(std::string pattern, Handler h) { Add("POST", std::move(pattern), std::move(h)); }
  void Put(std::string pattern, Handler h) { Add("PUT", std::move(pattern), std::move(h)); }
  void Patch(std::string pattern, Handler h) { Add("PATCH", std::move(pattern), std::move(h)); }
  void Delete(std::string pattern, Handler h) { Add("DELETE", std::move(pattern), std::move(h)); }

  // Finds the handler for the request, filling request.path_params. Returns a 404 error
  // response (route_not_found) or 405 (method_not_allowed, with an Allow header) when none.
  // HEAD falls back to GET.
  Response Dispatch(Request& request) const;

  std::vector<RouteInfo> Routes() const;

 private:
  struct Route {
    std::string method;
    std::string pattern;
    std::vector<std::string> segments;
    Handler handler;
  };
  std::vector<Route> routes_;
};

}  // namespace motcua::http
