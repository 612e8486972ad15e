// Building application/x-www-form-urlencoded bodies for integration tests that post the web
// forms. Encoding goes through web::UrlEncode, the server's own encoder, so the tests and the
// links the pages render agree on one spelling.
#pragma once

#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "web/site.h"

namespace motcua::testing {

using FormField = std::pair<std::string_view, std::string_view>;

// The MIME type of the bodies FormBody builds, for the Content-Type header.
inline constexpr const char* kFormContentType = "application/x-www-form-urlencoded";

// Joins the fields as name=value pairs separated by '&', in the given order, percent-encoding
// names and values (UTF-8 bytes as %XX). Repeated names are kept, as a form with a multi-select
// would send them. The views only need to live for the call.
template <typename Fields>
std::string JoinFormFields(const Fields& fields) {
  std::string body;
  for (const auto& [name, value] : fields) {
    if (!body.empty()) body += '&';
    body += web::UrlEncode(name);
    body += '=';
    body += web::UrlEncode(value);
  }
  return body;
}
inline std::string FormBody(std::initializer_list<FormField> fields) {
  return JoinFormFields(fields);
}
// The same for a form built up at run time (e.g. read back from a page, then changed).
inline std::string FormBody(const std::vector<std::pair<std::string, std::string>>& fields) {
  return JoinFormFields(fields);
}

}  // namespace motcua::testing
