#include "http/response.h"

#include <boost/json/serialize.hpp>

namespace motcua::http {

Response Response::Json(int status, const boost::json::value& value) {
  Response r;
  r.status = status;
  r.headers.Set("Content-Type", "application/json; charset=utf-8");
  r.body = boost::json::serialize(value);
  return r;
}

Response Response::Error(const Status& status, const Request& request) {
  boost::json::object error{{"code", status.reason()},
                            {"message", status.Message(request.Locale())}};
  if (!status.field().empty()) error["field"] = status.field();
  if (!request.request_id.empty()) error["request_id"] = request.request_id;
  Response r = Json(status.ok() ? 500 : status.http_status(),
                    boost::json::object{{"error", std::move(error)}});
  // Errors describe this moment's state (a lock-out, a missing session): never cache them.
  r.headers.Set("Cache-Control", "no-store");
  return r;
}

Response Response::Text(int status, std::string body, std::string_view content_type) {
  Response r;
  r.status = status;
  r.headers.Set("Content-Type", std::string(content_type));
  r.body = std::move(body);
  return r;
}

Response Response::Html(int status, std::string body) {
  return Text(status, std::move(body), "text/html; charset=utf-8");
}

Response Response::NoContent() {
  Response r;
  r.status = 204;
  return r;
}

}  // namespace motcua::http
