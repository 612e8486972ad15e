// multipart/form-data (RFC 7578) as browsers send it for forms with file inputs, so that uploads
// work without JavaScript. The whole body is in memory (the server bounds it at 20 MiB).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace motcua::web {

struct MultipartPart {
  std::string name;          // the form field
  std::string filename;      // as the browser sent it (a file input); empty otherwise
  bool is_file = false;      // a filename parameter was present (even empty: no file chosen)
  std::string content_type;  // the part's Content-Type, if any
  std::string data;
};

// Parses `body` with the boundary of `content_type` ("multipart/form-data; boundary=..."). Returns
// nullopt when the content type is not multipart/form-data, the boundary is missing, or the body
// is malformed (no closing delimiter, a part without headers or without a name).
std::optional<std::vector<MultipartPart>> ParseMultipart(std::string_view content_type,
                                                         std::string_view body);

// The first non-file part named `name`, or "".
std::string MultipartValue(const std::vector<MultipartPart>& parts, std::string_view name);

}  // namespace motcua::web
