#include "http/static_files.h"

#include <fmt/format.h>
#include <sys/stat.h>

#include <fstream>
#include <sstream>

namespace motcua::http {

std::string ContentTypeFor(const std::string& path) {
  auto dot = path.rfind('.');
  std::string ext = dot == std::string::npos ? "" : path.substr(dot + 1);
  if (ext == "css") return "text/css; charset=utf-8";
  if (ext == "js" || ext == "mjs") return "text/javascript; charset=utf-8";
  if (ext == "json") return "application/json; charset=utf-8";
  if (ext == "html") return "text/html; charset=utf-8";
  if (ext == "svg") return "image/svg+xml";
  if (ext == "png") return "image/png";
  if (ext == "jpg" || ext == "jpeg") return "image/jpeg";
  if (ext == "ico") return "image/x-icon";
  if (ext == "woff2") return "font/woff2";
  if (ext == "ttf") return "font/ttf";
  if (ext == "pdf") return "application/pdf";
  if (ext == "txt") return "text/plain; charset=utf-8";
  return "application/octet-stream";
}

std::optional<Response> ServeStatic(const Request& request, const std::string& prefix,
                                    const std::string& root) {
  if (root.empty() || request.path.rfind(prefix, 0) != 0) return std::nullopt;
  if (request.method != "GET" && request.method != "HEAD") {
    Response r = Response::Error(Status(Code::kMethodNotAllowed, "method_not_allowed"), request);
    r.headers.Set("Allow", "GET, HEAD");
    return r;
  }
  std::string rel = request.path.substr(prefix.size());
  if (rel.empty() || rel.find("..") != std::string::npos || rel.find('\0') != std::string::npos ||
      rel.front() == '/') {
    return Response::Error(Status::NotFound("not_found"), request);
  }
  std::string full = root + "/" + rel;
  struct stat st {};
  if (::stat(full.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) {
    return Response::Error(Status::NotFound("not_found"), request);
  }
  std::string etag = fmt::format("\"{:x}-{:x}\"", static_cast<uint64_t>(st.st_size),
                                 static_cast<uint64_t>(st.st_mtime));
  std::string cache =
      request.Query("v") ? "public, max-age=31536000, immutable" : "public, max-age=3600";
  if (auto inm = request.Header("If-None-Match"); inm && *inm == etag) {
    Response r;
    r.status = 304;
    r.headers.Set("ETag", etag);
    r.headers.Set("Cache-Control", cache);
    return r;
  }
  std::ifstream in(full, std::ios::binary);
  std::ostringstream buf;
  buf << in.rdbuf();
  Response r = Response::Text(200, buf.str(), ContentTypeFor(full));
  r.headers.Set("ETag", etag);
  r.headers.Set("Cache-Control", cache);
  return r;
}

}  // namespace motcua::http
