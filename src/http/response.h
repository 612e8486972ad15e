// Our own HTTP response type.
#pragma once

#include <boost/json/value.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "http/request.h"

namespace motcua::http {

struct Response {
  int status = 200;
  Headers headers;
  std::string body;
  // When set, the server streams this file instead of `body` (static files, downloads).
  std::string file_path;

  // JSON body with Content-Type application/json; charset=utf-8.
  static Response Json(int status, const boost::json::value& value);
  // The error shape: {"error":{"code","message","field"[,"request_id"]}}, localised.
  static Response Error(const Status& status, const Request& request);
  static Response Text(int status, std::string body,
                       std::string_view content_type = "text/plain; charset=utf-8");
  static Response Html(int status, std::string body);
  static Response NoContent();
};

}  // namespace motcua::http
