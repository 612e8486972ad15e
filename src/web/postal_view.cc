#include "web/postal_view.h"

#include <string>

#include "domain/postal.h"
#include "web/page_registry.h"

namespace motcua::web {
namespace {

namespace json = boost::json;

std::string Str(const json::object& o, std::string_view key) {
  const json::value* v = o.if_contains(key);
  return v && v->is_string() ? std::string(v->get_string()) : std::string();
}

std::string EventLabel(std::string_view locale, const std::string& code) {
  auto kind = domain::FindPostalEvent(code);
  if (!kind) return code;
  return std::string(locale == "en" ? kind->label_en : kind->label_vi);
}

std::string DirectionLabel(std::string_view locale, const std::string& direction) {
  const bool en = locale == "en";
  if (direction == "inbound") return en ? "Dossier sent by post" : "Hồ sơ gửi qua bưu chính";
  return en ? "Result returned by post" : "Trả kết quả qua bưu chính";
}

}  // namespace

json::array PostalForPage(std::string_view locale, const json::object& d, bool details) {
  json::array out;
  const json::value* sv = d.if_contains("postal_shipments");
  if (!sv || !sv->is_array()) return out;
  for (const auto& s : sv->get_array()) {
    if (!s.is_object()) continue;
    const json::object& so = s.get_object();
    json::array events;
    if (const json::value* ev = so.if_contains("events"); ev && ev->is_array())
      for (const auto& e : ev->get_array()) {
        if (!e.is_object()) continue;
        const json::object& eo = e.get_object();
        json::object row{{"at", HumanTime(Str(eo, "occurred_at"))},
                         {"label", EventLabel(locale, Str(eo, "code"))}};
        if (details) row["location"] = Str(eo, "location");
        events.push_back(std::move(row));
      }
    const std::string status = Str(so, "status");
    out.push_back(json::object{
        {"direction", DirectionLabel(locale, Str(so, "direction"))},
        {"tracking_number", Str(so, "tracking_number")},
        {"status", std::string(locale == "en" ? domain::ShipmentStatusLabelEn(status)
                                              : domain::ShipmentStatusLabelVi(status))},
        {"has_events", !events.empty()},
        {"events", std::move(events)}});
  }
  return out;
}

}  // namespace motcua::web
