// Server-rendered pages (Vietnamese first). The full portal, counter and back-office screens grow
// here; every page works without JavaScript.
#pragma once

#include "http/router.h"

namespace motcua::web {

// Registers the HTML pages on the router.
void RegisterPages(http::Router& router);

// Escapes text for HTML element content and attribute values.
std::string HtmlEscape(std::string_view text);

}  // namespace motcua::web
