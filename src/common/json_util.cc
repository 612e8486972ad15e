#include "common/json_util.h"

#include <boost/json/parse.hpp>

namespace motcua {

Result<boost::json::object> ParseJsonObject(std::string_view body) {
  boost::system::error_code ec;
  boost::json::value v = boost::json::parse(body, ec);
  if (ec) return Status::InvalidArgument("invalid_json");
  if (!v.is_object()) {
    return Status::InvalidArgument("invalid_json", {}, "Dữ liệu JSON phải là một đối tượng.",
                                   "The JSON body must be an object.");
  }
  return std::move(v.as_object());
}

std::string Trim(std::string_view s) {
  const char* ws = " \t\r\n";
  auto b = s.find_first_not_of(ws);
  if (b == std::string_view::npos) return {};
  auto e = s.find_last_not_of(ws);
  return std::string(s.substr(b, e - b + 1));
}

Result<std::optional<std::string>> OptionalString(const boost::json::object& obj,
                                                  std::string_view field) {
  auto it = obj.find(field);
  if (it == obj.end() || it->value().is_null()) return std::optional<std::string>();
  if (!it->value().is_string()) return Status::Validation("invalid_field", std::string(field));
  return std::optional<std::string>(std::string(it->value().as_string()));
}

Result<std::string> RequireString(const boost::json::object& obj, std::string_view field) {
  MOTCUA_ASSIGN_OR_RETURN(auto v, OptionalString(obj, field));
  if (!v || Trim(*v).empty()) return Status::Validation("missing_field", std::string(field));
  return Trim(*v);
}

Result<std::optional<bool>> OptionalBool(const boost::json::object& obj, std::string_view field) {
  auto it = obj.find(field);
  if (it == obj.end() || it->value().is_null()) return std::optional<bool>();
  if (!it->value().is_bool()) return Status::Validation("invalid_field", std::string(field));
  return std::optional<bool>(it->value().as_bool());
}

}  // namespace motcua
