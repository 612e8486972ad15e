#include "http/client_address.h"

#include <boost/asio/ip/address.hpp>

namespace motcua::http {
namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// As 16 bytes (IPv4 mapped into IPv6), with the number of leading bits an IPv4 prefix skips.
std::optional<std::array<uint8_t, 16>> Bytes(std::string_view text, bool* v4) {
  boost::system::error_code ec;
  auto a = boost::asio::ip::make_address(std::string(text), ec);
  if (ec) return std::nullopt;
  *v4 = a.is_v4();
  if (a.is_v4())
    return boost::asio::ip::make_address_v6(boost::asio::ip::v4_mapped, a.to_v4()).to_bytes();
  auto v6 = a.to_v6();
  if (v6.is_v4_mapped()) *v4 = true;
  return v6.to_bytes();
}

}  // namespace

std::optional<std::string> CanonicalAddress(std::string_view text) {
  boost::system::error_code ec;
  auto a = boost::asio::ip::make_address(std::string(Trim(text)), ec);
  if (ec) return std::nullopt;
  if (a.is_v6() && a.to_v6().is_v4_mapped())
    return boost::asio::ip::make_address_v4(boost::asio::ip::v4_mapped, a.to_v6()).to_string();
  return a.to_string();
}

Result<TrustedProxies> TrustedProxies::Parse(std::string_view list) {
  TrustedProxies out;
  auto bad = [] { return Status::Validation("invalid_field", "trusted-proxies"); };
  while (!list.empty()) {
    size_t comma = list.find(',');
    std::string_view item = Trim(list.substr(0, comma));
    list = comma == std::string_view::npos ? std::string_view{} : list.substr(comma + 1);
    if (item.empty()) continue;
    size_t slash = item.find('/');
    bool v4 = false;
    auto bytes = Bytes(item.substr(0, slash), &v4);
    if (!bytes) return bad();
    Net net;
    net.bytes = *bytes;
    int max = v4 ? 32 : 128;
    int prefix = max;
    if (slash != std::string_view::npos) {
      std::string_view p = item.substr(slash + 1);
      if (p.empty() || p.size() > 3 || p.find_first_not_of("0123456789") != std::string_view::npos)
        return bad();
      prefix = std::stoi(std::string(p));
      if (prefix > max) return bad();
    }
    net.prefix = prefix + (v4 ? 96 : 0);
    out.nets_.push_back(net);
  }
  return out;
}

bool TrustedProxies::Contains(std::string_view address) const {
  bool v4 = false;
  auto bytes = Bytes(Trim(address), &v4);
  if (!bytes) return false;
  for (const Net& n : nets_) {
    int bits = n.prefix;
    bool match = true;
    for (int i = 0; i < 16 && bits > 0; ++i, bits -= 8) {
      uint8_t mask = bits >= 8 ? 0xff : static_cast<uint8_t>(0xff << (8 - bits));
      if (((*bytes)[i] & mask) != (n.bytes[i] & mask)) {
        match = false;
        break;
      }
    }
    if (match) return true;
  }
  return false;
}

std::string TrustedProxies::ClientAddress(const std::string& peer,
                                          const std::vector<std::string>& forwarded_for) const {
  std::string client = CanonicalAddress(peer).value_or(peer);
  if (nets_.empty() || !Contains(client)) return client;
  // Several headers count as one list, in order.
  std::vector<std::string_view> hops;
  for (const auto& h : forwarded_for) {
    std::string_view rest = h;
    while (!rest.empty()) {
      size_t comma = rest.find(',');
      hops.push_back(Trim(rest.substr(0, comma)));
      rest = comma == std::string_view::npos ? std::string_view{} : rest.substr(comma + 1);
    }
  }
  for (auto it = hops.rbegin(); it != hops.rend(); ++it) {
    auto hop = CanonicalAddress(*it);
    if (!hop) break;
    client = *hop;
    if (!Contains(client)) break;
  }
  return client;
}

}  // namespace motcua::http
