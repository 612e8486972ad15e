// multipart/form-data as browsers (or anyone) send it. The first line of the input is the
// Content-Type header, the rest the body, so the fuzzer varies both the boundary and the parts.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "web/multipart.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view in(reinterpret_cast<const char*>(data), size);
  size_t nl = in.find('\n');
  std::string_view content_type = in.substr(0, nl);
  std::string_view body = nl == std::string_view::npos ? std::string_view() : in.substr(nl + 1);
  auto parts = motcua::web::ParseMultipart(content_type, body);
  if (!parts) return 0;
  size_t total = 0;
  for (const auto& p : *parts) {
    // Every part's bytes are a slice of the body: the parser never invents data.
    total += p.data.size();
    if (p.name.empty()) __builtin_trap();
  }
  if (total > body.size()) __builtin_trap();
  (void)motcua::web::MultipartValue(*parts, "csrf_token");
  return 0;
}
