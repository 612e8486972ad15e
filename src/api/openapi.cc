#include "api/openapi.h"

#include <boost/json.hpp>
#include <cctype>

namespace motcua::api {
namespace {

std::string Lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

boost::json::object ErrorSchemaRef() {
  return {
      {"description", "Lỗi"},
      {"content", {{"application/json", {{"schema", {{"$ref", "#/components/schemas/Error"}}}}}}}};
}

}  // namespace

boost::json::value OpenApiDocument(const std::vector<DocumentedRoute>& routes) {
  boost::json::object paths;
  for (const auto& r : routes) {
    boost::json::object op{{"summary", r.doc.summary}, {"tags", boost::json::array{r.doc.tag}}};
    boost::json::array params;
    size_t pos = 0;
    while ((pos = r.pattern.find('{', pos)) != std::string::npos) {
      auto end = r.pattern.find('}', pos);
      params.push_back({{"name", r.pattern.substr(pos + 1, end - pos - 1)},
                        {"in", "path"},
                        {"required", true},
                        {"schema", {{"type", "string"}}}});
      pos = end;
    }
    if (!params.empty()) op["parameters"] = params;
    if (r.doc.json_body) {
      op["requestBody"] = {{"required", true},
                           {"content", {{"application/json", {{"schema", {{"type", "object"}}}}}}}};
    }
    boost::json::object responses{{"200", {{"description", "Thành công"}}},
                                  {"default", ErrorSchemaRef()}};
    if (r.doc.json_body) {
      responses["400"] = ErrorSchemaRef();
      responses["415"] = ErrorSchemaRef();
      responses["422"] = ErrorSchemaRef();
    }
    if (r.access != Access::kPublic) {
      responses["401"] = ErrorSchemaRef();
      op["security"] = boost::json::array{{{"bearerAuth", boost::json::array{}}},
                                          {{"cookieAuth", boost::json::array{}}}};
    }
    if (r.access == Access::kStaff || r.access == Access::kAdmin)
      responses["403"] = ErrorSchemaRef();
    op["responses"] = responses;
    op["x-access"] = AccessName(r.access);
    for (const auto& [k, v] : r.doc.extra) op[k] = v;
    auto& entry = paths[r.pattern];
    if (!entry.is_object()) entry.emplace_object();
    entry.as_object()[Lower(r.method)] = op;
  }
  boost::json::object error_schema{
      {"type", "object"},
      {"required", boost::json::array{"error"}},
      {"properties",
       {{"error",
         {{"type", "object"},
          {"required", boost::json::array{"code", "message"}},
          {"properties",
           {{"code",
             {{"type", "string"}, {"description", "Mã lỗi máy đọc được, ví dụ invalid_json"}}},
            {"message",
             {{"type", "string"},
              {"description", "Thông báo bằng tiếng Việt (hoặc tiếng Anh với ?lang=en)"}}},
            {"field", {{"type", "string"}}},
            {"request_id", {{"type", "string"}}}}}}}}}};
  return boost::json::object{
      {"openapi", "3.0.3"},
      {"info",
       {{"title", "MotCua API"},
        {"version", "1"},
        {"description", "Hệ thống thông tin giải quyết thủ tục hành chính một cửa điện tử."}}},
      {"paths", paths},
      {"components",
       {{"schemas", {{"Error", error_schema}}},
        {"securitySchemes",
         {{"bearerAuth", {{"type", "http"}, {"scheme", "bearer"}}},
          {"cookieAuth", {{"type", "apiKey"}, {"in", "cookie"}, {"name", kSessionCookie}}}}}}}};
}

}  // namespace motcua::api
