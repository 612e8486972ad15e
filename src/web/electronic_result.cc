#include "web/electronic_result.h"

#include <cctype>

#include "web/i18n.h"
#include "web/page_registry.h"

namespace motcua::web {

namespace json = boost::json;

std::string FingerprintText(const std::string& hex) {
  std::string out;
  for (size_t i = 0; i < hex.size(); ++i) {
    if (i && i % 2 == 0) out += ':';
    out += static_cast<char>(std::toupper(static_cast<unsigned char>(hex[i])));
  }
  return out;
}

json::value ElectronicResultBox(const Page& page, const json::object& d, bool with_download) {
  const json::value* er = d.if_contains("electronic_result");
  if (!er || !er->is_object()) return false;
  const json::object& o = er->get_object();
  auto str = [&](const json::object& from, const char* key) {
    const json::value* v = from.if_contains(key);
    return v && v->is_string() ? std::string(v->get_string()) : std::string();
  };
  json::object box{{"signer", str(o, "signer")},
                   {"signed_at", HumanTime(str(o, "signed_at"))},
                   {"fingerprint", FingerprintText(str(o, "cert_sha256"))},
                   {"serial", str(o, "cert_serial")},
                   {"verify", Message(page.locale, "er_verify")}};
  box["href"] = with_download ? json::value("/ho-so/" + UrlEncode(str(d, "code")) + "/ket-qua.pdf")
                              : json::value(false);
  return box;
}

}  // namespace motcua::web
