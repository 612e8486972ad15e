// A deliberately independent HTTP/1.1 client for integration tests: plain sockets, no Beast, so
// the server is checked against a second implementation of the protocol.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace motcua::testing {

struct HttpResponse {
  int status = 0;
  std::multimap<std::string, std::string> headers;  // lower-case names
  std::string body;
  bool complete = false;  // the whole declared body arrived

  std::optional<std::string> Header(const std::string& name) const;
  std::vector<std::string> Headers(const std::string& name) const;
};

class HttpClient {
 public:
  explicit HttpClient(uint16_t port, std::string host = "127.0.0.1");
  ~HttpClient();

  // Sends one request on the kept-alive connection (reconnecting if the server closed it).
  // Returns nullopt if the connection failed before a status line arrived.
  std::optional<HttpResponse> Send(const std::string& method, const std::string& target,
                                   const std::string& body = "",
                                   const std::map<std::string, std::string>& headers = {});
  HttpResponse Get(const std::string& target, const std::map<std::string, std::string>& h = {});
  HttpResponse PostJson(const std::string& target, const std::string& json,
                        const std::map<std::string, std::string>& h = {});
  // Sends raw bytes and reads one response (for malformed requests).
  std::optional<HttpResponse> SendRaw(const std::string& bytes);
  void Close();

 private:
  bool Connect();
  std::optional<HttpResponse> ReadResponse(bool head);

  uint16_t port_;
  std::string host_;
  int fd_ = -1;
  std::string buffer_;
};

}  // namespace motcua::testing
