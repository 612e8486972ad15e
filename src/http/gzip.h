// gzip compression of response bodies (zlib).
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace motcua::http {

// True when the Accept-Encoding header value admits gzip (and does not give it q=0).
bool AcceptsGzip(std::string_view accept_encoding);
// True for textual types worth compressing (HTML, CSS, JS, JSON, SVG, plain text, CSV).
bool IsCompressible(std::string_view content_type);
// The gzip member for `data`, or nullopt if zlib fails.
std::optional<std::string> Gzip(std::string_view data, int level = 6);

}  // namespace motcua::http
