// Server-rendered pages (Vietnamese first, English with ?lang=en): the citizen portal, kiosk,
// reception counter, work queues, dashboard and administration. Templates come from
// <data dir>/web/templates, static assets from <data dir>/web/static (served at /static/).
#pragma once

#include <string>

#include "api/services.h"
#include "common/html_escape.h"
#include "common/status.h"
#include "http/router.h"

namespace motcua::web {

// Loads the templates and registers the pages. `router` must outlive the server (pages call the
// JSON API in-process through it); `services` too. Fails when the templates cannot be loaded.
Status RegisterPages(http::Router& router, api::ApiServices& services, const std::string& data_dir);

// Declared in common/html_escape.h; re-exported for unqualified use here.
using ::motcua::HtmlEscape;

}  // namespace motcua::web
