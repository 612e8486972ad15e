// Internal to the web layer: each group of pages registers its routes here.
#pragma once

#include <string>

#include "http/router.h"
#include "web/site.h"

namespace motcua::web {

void RegisterPublicPages(http::Router& router, const Site& site);
void RegisterAccountPages(http::Router& router, const Site& site);
void RegisterStaffPages(http::Router& router, const Site& site);
void RegisterDossierPages(http::Router& router, const Site& site);

// "2025-07-14T09:30:00+07:00" -> "09:30 14/07/2025" (other text unchanged).
std::string HumanTime(const std::string& iso);

// "8.000 đồng" / "8,000 VND".
std::string FormatMoney(int64_t amount, bool en);

}  // namespace motcua::web
