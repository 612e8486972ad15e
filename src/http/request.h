// Our own HTTP request type: handlers never see Beast's.
#pragma once

#include <any>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace motcua::http {

// Case-insensitive header map (keys stored lower-case).
class Headers {
 public:
  void Set(std::string_view name, std::string value);
  void Add(std::string_view name, std::string value);
  std::optional<std::string> Get(std::string_view name) const;
  bool Has(std::string_view name) const { return Get(name).has_value(); }
  const std::vector<std::pair<std::string, std::string>>& all() const { return items_; }

 private:
  std::vector<std::pair<std::string, std::string>> items_;
};

struct Request {
  std::string method;  // "GET", "POST", ...
  std::string target;  // raw target, e.g. "/api/v1/procedures?q=ho%20tich"
  std::string path;    // decoded path without the query
  std::multimap<std::string, std::string> query;  // decoded query parameters
  Headers headers;
  std::string body;
  // The client's IP (without port): the peer, or the address a trusted proxy forwarded for it
  // (ServerOptions::trusted_proxies). Rate limits and log-in throttling key on it.
  std::string remote_address;
  std::string request_id;                          // assigned by the server, echoed as X-Request-Id
  std::map<std::string, std::string> path_params;  // filled by the router from {name} segments
  // Set once the route's admission step ran (Router::Admit, before the body is read), so that
  // Dispatch does not run it again; `admitted_as` is what that step resolved for the handler
  // (the caller's session), opaque to this layer.
  bool admitted = false;
  std::any admitted_as;

  std::optional<std::string> Query(std::string_view name) const;
  std::optional<std::string> Header(std::string_view name) const { return headers.Get(name); }
  std::optional<std::string> Cookie(std::string_view name) const;
  const std::string& PathParam(const std::string& name) const;
  // Preferred locale from ?lang= or Accept-Language: "vi" (default) or "en".
  std::string Locale() const;
};

// Decodes %XX and, when `plus_is_space`, '+' (query strings). Invalid escapes are kept verbatim.
std::string UrlDecode(std::string_view s, bool plus_is_space);
// Splits "a=1&b=2" into decoded pairs.
std::multimap<std::string, std::string> ParseQuery(std::string_view query);

}  // namespace motcua::http
