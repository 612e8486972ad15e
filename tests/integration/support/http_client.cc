#include "support/http_client.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <stdexcept>

namespace motcua::testing {
namespace {

std::string Lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

}  // namespace

std::optional<std::string> HttpResponse::Header(const std::string& name) const {
  auto it = headers.find(Lower(name));
  if (it == headers.end()) return std::nullopt;
  return it->second;
}

std::vector<std::string> HttpResponse::Headers(const std::string& name) const {
  std::vector<std::string> out;
  auto [b, e] = headers.equal_range(Lower(name));
  for (auto it = b; it != e; ++it) out.push_back(it->second);
  return out;
}

HttpClient::HttpClient(uint16_t port, std::string host) : port_(port), host_(std::move(host)) {}
HttpClient::~HttpClient() { Close(); }

void HttpClient::Close() {
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
  buffer_.clear();
}

bool HttpClient::Connect() {
  Close();
  fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd_ < 0) return false;
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port_);
  ::inet_pton(AF_INET, host_.c_str(), &addr.sin_addr);
  if (::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    Close();
    return false;
  }
  int one = 1;
  ::setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  timeval tv{30, 0};
  ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  return true;
}

std::optional<HttpResponse> HttpClient::ReadResponse(bool head) {
  auto fill = [&]() -> bool {
    char buf[16384];
    ssize_t n = ::recv(fd_, buf, sizeof buf, 0);
    if (n <= 0) return false;
    buffer_.append(buf, static_cast<size_t>(n));
    return true;
  };
  size_t header_end;
  while ((header_end = buffer_.find("\r\n\r\n")) == std::string::npos) {
    if (!fill()) return std::nullopt;
  }
  HttpResponse r;
  std::string head_text = buffer_.substr(0, header_end);
  buffer_.erase(0, header_end + 4);
  size_t line_end = head_text.find("\r\n");
  std::string status_line = head_text.substr(0, line_end);
  if (status_line.size() < 12) return std::nullopt;
  r.status = std::stoi(status_line.substr(9, 3));
  size_t pos = line_end == std::string::npos ? head_text.size() : line_end + 2;
  while (pos < head_text.size()) {
    size_t e = head_text.find("\r\n", pos);
    if (e == std::string::npos) e = head_text.size();
    std::string line = head_text.substr(pos, e - pos);
    auto colon = line.find(':');
    if (colon != std::string::npos) {
      std::string v = line.substr(colon + 1);
      v.erase(0, v.find_first_not_of(' '));
      r.headers.emplace(Lower(line.substr(0, colon)), v);
    }
    pos = e + 2;
  }
  if (head || r.status == 204 || r.status == 304) {
    r.complete = true;
    return r;
  }
  if (auto te = r.Header("transfer-encoding");
      te && Lower(*te).find("chunked") != std::string::npos) {
    for (;;) {
      size_t le;
      while ((le = buffer_.find("\r\n")) == std::string::npos)
        if (!fill()) return r;
      size_t size = std::stoul(buffer_.substr(0, le), nullptr, 16);
      buffer_.erase(0, le + 2);
      while (buffer_.size() < size + 2)
        if (!fill()) return r;
      r.body += buffer_.substr(0, size);
      buffer_.erase(0, size + 2);
      if (size == 0) {
        r.complete = true;
        return r;
      }
    }
  }
  if (auto cl = r.Header("content-length")) {
    size_t len = std::stoul(*cl);
    while (buffer_.size() < len)
      if (!fill()) break;
    size_t take = std::min(len, buffer_.size());
    r.body = buffer_.substr(0, take);
    buffer_.erase(0, take);
    r.complete = take == len;
    return r;
  }
  while (fill()) {
  }
  r.body = std::move(buffer_);
  buffer_.clear();
  r.complete = true;
  return r;
}

std::optional<HttpResponse> HttpClient::Send(const std::string& method, const std::string& target,
                                             const std::string& body,
                                             const std::map<std::string, std::string>& headers) {
  std::string req = method + " " + target + " HTTP/1.1\r\nHost: " + host_ + "\r\n";
  for (const auto& [k, v] : headers) req += k + ": " + v + "\r\n";
  if (!body.empty() || method == "POST" || method == "PUT" || method == "PATCH")
    req += "Content-Length: " + std::to_string(body.size()) + "\r\n";
  req += "\r\n" + body;
  for (int attempt = 0; attempt < 2; ++attempt) {
    if (fd_ < 0 && !Connect()) return std::nullopt;
    if (::send(fd_, req.data(), req.size(), MSG_NOSIGNAL) != static_cast<ssize_t>(req.size())) {
      Close();
      continue;
    }
    auto r = ReadResponse(method == "HEAD");
    if (!r) {
      // A kept-alive connection the server had already closed: retry once on a fresh one.
      Close();
      if (attempt == 0) continue;
      return std::nullopt;
    }
    if (auto c = r->Header("connection"); c && Lower(*c) == "close") Close();
    return r;
  }
  return std::nullopt;
}

HttpResponse HttpClient::Get(const std::string& target,
                             const std::map<std::string, std::string>& h) {
  auto r = Send("GET", target, "", h);
  if (!r) throw std::runtime_error("GET " + target + ": no response");
  return *r;
}

HttpResponse HttpClient::PostJson(const std::string& target, const std::string& json,
                                  const std::map<std::string, std::string>& h) {
  auto headers = h;
  headers.emplace("Content-Type", "application/json");
  auto r = Send("POST", target, json, headers);
  if (!r) throw std::runtime_error("POST " + target + ": no response");
  return *r;
}

std::optional<HttpResponse> HttpClient::SendRaw(const std::string& bytes) {
  if (!Connect()) return std::nullopt;
  if (::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL) < 0) return std::nullopt;
  auto r = ReadResponse(false);
  Close();
  return r;
}

}  // namespace motcua::testing
