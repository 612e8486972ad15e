// The OpenAPI 3 description, generated from the routes actually registered so it cannot drift.
#pragma once

#include <boost/json/value.hpp>
#include <vector>

#include "api/api_router.h"

namespace motcua::api {

boost::json::value OpenApiDocument(const std::vector<DocumentedRoute>& routes);

}  // namespace motcua::api
