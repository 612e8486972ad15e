#include "http/router.h"

#include <algorithm>
#include <set>

namespace motcua::http {
namespace {

std::vector<std::string> SplitPath(std::string_view path) {
  std::vector<std::string> out;
  size_t i = 0;
  while (i < path.size()) {
    if (path[i] == '/') {
      ++i;
      continue;
    }
    size_t j = path.find('/', i);
    if (j == std::string_view::npos) j = path.size();
    out.emplace_back(path.substr(i, j - i));
    i = j;
  }
  return out;
}

bool IsParam(const std::string& seg) {
  return seg.size() > 2 && seg.front() == '{' && seg.back() == '}';
}
bool IsRest(const std::string& seg) {
  return IsParam(seg) && seg.size() > 5 && seg.compare(seg.size() - 4, 4, "...}") == 0;
}

// Literal segments beat parameters, so "/procedures/stats" wins over "/procedures/{code}"
// whatever the registration order.
int Specificity(const std::vector<std::string>& segments) {
  int score = 0;
  for (const auto& s : segments) score = score * 3 + (IsRest(s) ? 0 : IsParam(s) ? 1 : 2);
  return score;
}

bool Match(const std::vector<std::string>& pattern, const std::vector<std::string>& path,
           std::map<std::string, std::string>* params) {
  size_t i = 0;
  for (; i < pattern.size(); ++i) {
    const std::string& seg = pattern[i];
    if (IsRest(seg)) {
      if (i >= path.size()) return false;
      std::string rest;
      for (size_t k = i; k < path.size(); ++k) {
        if (k > i) rest += '/';
        rest += path[k];
      }
      if (params) (*params)[seg.substr(1, seg.size() - 5)] = rest;
      return true;
    }
    if (i >= path.size()) return false;
    if (IsParam(seg)) {
      if (params) (*params)[seg.substr(1, seg.size() - 2)] = path[i];
    } else if (seg != path[i]) {
      return false;
    }
  }
  return i == path.size();
}

}  // namespace

void Router::Add(std::string method, std::string pattern, Handler handler, RouteOptions options) {
  BodyKind body = options.body.value_or(method == "GET" || method == "HEAD" ? BodyKind::kNone
                                                                            : BodyKind::kJson);
  Route r{std::move(method),  pattern, SplitPath(pattern),
          std::move(handler), body,    std::move(options.admit)};
  routes_.push_back(std::move(r));
  std::stable_sort(routes_.begin(), routes_.end(), [](const Route& a, const Route& b) {
    if (a.segments.size() != b.segments.size()) return a.segments.size() > b.segments.size();
    return Specificity(a.segments) > Specificity(b.segments);
  });
}

const Router::Route* Router::Find(Request& request, std::optional<Response>* reply) const {
  std::vector<std::string> path = SplitPath(request.path);
  std::set<std::string> allowed;
  const std::string& method = request.method;
  const Route* fallback = nullptr;  // GET route answering a HEAD
  for (const auto& route : routes_) {
    if (!Match(route.segments, path, nullptr)) continue;
    if (route.method == method) {
      request.path_params.clear();
      Match(route.segments, path, &request.path_params);
      return &route;
    }
    if (method == "HEAD" && route.method == "GET" && !fallback) fallback = &route;
    allowed.insert(route.method);
  }
  if (fallback) {
    request.path_params.clear();
    Match(fallback->segments, path, &request.path_params);
    return fallback;
  }
  if (allowed.empty()) {
    *reply = Response::Error(Status::NotFound("route_not_found"), request);
    return nullptr;
  }
  if (allowed.count("GET")) allowed.insert("HEAD");
  std::string allow;
  for (const auto& m : allowed) {
    if (!allow.empty()) allow += ", ";
    allow += m;
  }
  Response r = Response::Error(Status(Code::kMethodNotAllowed, "method_not_allowed"), request);
  r.headers.Set("Allow", allow);
  *reply = std::move(r);
  return nullptr;
}

Admission Router::Admit(Request& request) const {
  Admission out;
  request.admitted = true;
  const Route* route = Find(request, &out.reply);
  if (!route) return out;
  out.body = route->body;
  if (route->admit) out.reply = route->admit(request);
  return out;
}

Response Router::Dispatch(Request& request) const {
  if (!request.admitted) {
    Admission a = Admit(request);
    if (a.reply) return std::move(*a.reply);
  }
  std::optional<Response> reply;
  const Route* route = Find(request, &reply);
  if (!route) return std::move(*reply);
  return route->handler(request);
}

std::vector<RouteInfo> Router::Routes() const {
  std::vector<RouteInfo> out;
  for (const auto& r : routes_) out.push_back({r.method, r.pattern});
  return out;
}

}  // namespace motcua::http
