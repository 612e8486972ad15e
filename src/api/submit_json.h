// Request parts shared by the routes that create dossiers (/api/v1/dossiers and
// /api/v1/life-events/{id}/submissions).
#pragma once

#include <boost/json/object.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "http/request.h"
#include "service/dossier_service.h"

namespace motcua::api {

// The Idempotency-Key header (at most 200 characters) with a hash of the request.
Result<service::Idempotency> IdempotencyOf(const http::Request& req);

// `o[field]`: an array of integers; absent or null is empty.
Result<std::vector<int64_t>> IdList(const boost::json::object& o, std::string_view field);
// `o[field]`: an integer or absent/null.
Result<std::optional<int64_t>> OptionalInt(const boost::json::object& o, std::string_view field);

// `body[field]`: [{name, originals, copies, digitised, attachment_ids}]; absent or null is none.
// A problem names its path ("components[1].copies", with `field` as the prefix).
Result<std::vector<service::ComponentInput>> ComponentsFromJson(const boost::json::object& body,
                                                                const std::string& field);

}  // namespace motcua::api
