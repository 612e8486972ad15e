// Percent-encoding (RFC 3986) for URL path segments and query values, and for the RFC 8187
// `filename*` of a Content-Disposition header: one encoder for every layer that builds them.
#pragma once

#include <string>
#include <string_view>

namespace motcua {

// Unreserved bytes (A-Z a-z 0-9 - . _ ~) as they are, every other byte (UTF-8 included) as %XX.
std::string PercentEncode(std::string_view text);

}  // namespace motcua
