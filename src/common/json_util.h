// Reading request JSON with errors that name the offending field.
#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "common/result.h"

namespace motcua {

// Parses `body` as a JSON object; invalid_json (400) otherwise.
Result<boost::json::object> ParseJsonObject(std::string_view body);

// A required, non-empty (after trimming) string member; missing_field / invalid_field (422).
Result<std::string> RequireString(const boost::json::object& obj, std::string_view field);
// An optional string member: nullopt if absent or null; invalid_field if not a string.
Result<std::optional<std::string>> OptionalString(const boost::json::object& obj,
                                                  std::string_view field);
Result<std::optional<bool>> OptionalBool(const boost::json::object& obj, std::string_view field);

std::string Trim(std::string_view s);

}  // namespace motcua
