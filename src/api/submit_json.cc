#include "api/submit_json.h"

#include <boost/json.hpp>

#include "common/crypto.h"
#include "common/json_util.h"

namespace motcua::api {

namespace json = boost::json;

Result<service::Idempotency> IdempotencyOf(const http::Request& req) {
  service::Idempotency idem;
  auto key = req.Header("Idempotency-Key");
  if (!key || key->empty()) return idem;
  if (key->size() > 200) return Status::Validation("invalid_field", "Idempotency-Key");
  idem.key = *key;
  idem.request_hash = Sha256Hex(req.method + " " + req.path + "\n" + req.body);
  return idem;
}

Result<std::vector<int64_t>> IdList(const json::object& o, std::string_view field) {
  std::vector<int64_t> out;
  auto* v = o.if_contains(field);
  if (!v || v->is_null()) return out;
  if (!v->is_array()) return Status::Validation("invalid_field", std::string(field));
  for (const auto& item : v->as_array()) {
    if (!item.is_int64()) return Status::Validation("invalid_field", std::string(field));
    out.push_back(item.as_int64());
  }
  return out;
}

Result<std::optional<int64_t>> OptionalInt(const json::object& o, std::string_view field) {
  auto* v = o.if_contains(field);
  if (!v || v->is_null()) return std::optional<int64_t>();
  if (v->is_int64()) return std::optional<int64_t>(v->as_int64());
  if (v->is_uint64()) return std::optional<int64_t>(static_cast<int64_t>(v->as_uint64()));
  return Status::Validation("invalid_field", std::string(field));
}

Result<std::vector<service::ComponentInput>> ComponentsFromJson(const json::object& body,
                                                                const std::string& field) {
  std::vector<service::ComponentInput> out;
  auto* comps = body.if_contains(field);
  if (!comps || comps->is_null()) return out;
  if (!comps->is_array()) return Status::Validation("invalid_field", field);
  int i = 0;
  for (const auto& item : comps->as_array()) {
    std::string prefix = field + "[" + std::to_string(i++) + "]";
    if (!item.is_object()) return Status::Validation("invalid_field", prefix);
    const auto& co = item.as_object();
    service::ComponentInput c;
    auto name = OptionalString(co, "name");
    if (!name.ok()) return Status::Validation("invalid_field", prefix + ".name");
    c.name = name->value_or("");
    for (auto [key, dest] :
         {std::pair{"originals", &c.originals}, std::pair{"copies", &c.copies}}) {
      auto v = OptionalInt(co, key);
      if (!v.ok() || (*v && (**v < 0 || **v > 100)))
        return Status::Validation("invalid_field", prefix + "." + key);
      *dest = static_cast<int>(v->value_or(0));
    }
    auto digitised = OptionalBool(co, "digitised");
    if (!digitised.ok()) return Status::Validation("invalid_field", prefix + ".digitised");
    c.digitised = digitised->value_or(false);
    auto ids = IdList(co, "attachment_ids");
    if (!ids.ok()) return Status::Validation("invalid_field", prefix + ".attachment_ids");
    c.attachment_ids = *ids;
    out.push_back(std::move(c));
  }
  return out;
}

}  // namespace motcua::api
