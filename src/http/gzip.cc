#include "http/gzip.h"

#include <zlib.h>

#include <algorithm>
#include <cctype>

namespace motcua::http {

bool AcceptsGzip(std::string_view accept_encoding) {
  std::string v(accept_encoding);
  std::transform(v.begin(), v.end(), v.begin(), [](unsigned char c) { return std::tolower(c); });
  size_t pos = 0;
  while (pos < v.size()) {
    size_t comma = v.find(',', pos);
    std::string item = v.substr(pos, comma == std::string::npos ? std::string::npos : comma - pos);
    pos = comma == std::string::npos ? v.size() : comma + 1;
    item.erase(std::remove_if(item.begin(), item.end(), [](char c) { return c == ' '; }),
               item.end());
    std::string coding = item.substr(0, item.find(';'));
    if (coding != "gzip" && coding != "*") continue;
    size_t q = item.find(";q=");
    if (q != std::string::npos && std::strtod(item.c_str() + q + 3, nullptr) <= 0.0) return false;
    return true;
  }
  return false;
}

bool IsCompressible(std::string_view ct) {
  return ct.rfind("text/", 0) == 0 || ct.find("json") != std::string_view::npos ||
         ct.find("javascript") != std::string_view::npos ||
         ct.find("svg") != std::string_view::npos || ct.find("xml") != std::string_view::npos;
}

std::optional<std::string> Gzip(std::string_view data, int level) {
  z_stream zs{};
  // 15 window bits + 16 selects the gzip wrapper rather than raw zlib.
  if (deflateInit2(&zs, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
    return std::nullopt;
  }
  std::string out;
  out.resize(deflateBound(&zs, data.size()) + 32);
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  zs.avail_in = static_cast<uInt>(data.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  int rc = deflate(&zs, Z_FINISH);
  deflateEnd(&zs);
  if (rc != Z_STREAM_END) return std::nullopt;
  out.resize(zs.total_out);
  return out;
}

}  // namespace motcua::http
