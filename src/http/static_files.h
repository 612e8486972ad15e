// Static files (CSS, JS, fonts, images) with ETag revalidation and cache headers.
#pragma once

#include <optional>
#include <string>

#include "http/request.h"
#include "http/response.h"

namespace motcua::http {

// Serves `request.path` below `prefix` (e.g. "/static/") from `root`. Returns nullopt when the
// path is not under the prefix. Paths escaping the root ("..", NUL) get 404. A request carrying
// `?v=` (a versioned URL) is cached for a year as immutable; others revalidate after an hour.
std::optional<Response> ServeStatic(const Request& request, const std::string& prefix,
                                    const std::string& root);

// The Content-Type for a file name's extension.
std::string ContentTypeFor(const std::string& path);

}  // namespace motcua::http
