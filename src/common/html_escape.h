// Escaping for HTML, shared by the web pages and the forms' HTML twins.
#pragma once

#include <string>
#include <string_view>

namespace motcua {

// Escapes & < > " ' so that `text` is safe in HTML element content and quoted attribute values.
std::string HtmlEscape(std::string_view text);

}  // namespace motcua
