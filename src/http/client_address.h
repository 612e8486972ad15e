// Who the client is when the server sits behind a reverse proxy: X-Forwarded-For is believed
// only from the proxies listed in --trusted-proxies, so a client cannot pick its own address to
// escape the per-address rate limits and log-in throttling.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"

namespace motcua::http {

class TrustedProxies {
 public:
  // "10.0.0.0/8, 192.168.1.7, ::1" (a bare address is a /32 or /128); empty text: none.
  // invalid_field (field "trusted-proxies") on a malformed entry.
  static Result<TrustedProxies> Parse(std::string_view list);

  bool empty() const { return nets_.empty(); }
  bool Contains(std::string_view address) const;

  // The client of a request that came from `peer`: the peer itself unless it is a trusted proxy;
  // then, walking X-Forwarded-For from the right (the entry the proxy appended), the first
  // address that is not a trusted proxy. A malformed entry stops the walk at the last good one.
  std::string ClientAddress(const std::string& peer,
                            const std::vector<std::string>& forwarded_for) const;

 private:
  struct Net {
    std::array<uint8_t, 16> bytes{};  // IPv4 as IPv4-mapped IPv6
    int prefix = 0;                   // in bits over the 16 bytes
  };
  std::vector<Net> nets_;
};

// The canonical text of an IP address (IPv4-mapped IPv6 shown as IPv4), or nullopt if `text`
// is not one.
std::optional<std::string> CanonicalAddress(std::string_view text);

}  // namespace motcua::http
