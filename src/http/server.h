// The HTTP server: Boost.Beast/Asio, keep-alive, a few I/O threads (each with its own event loop
// and its share of the connections) and a separate pool for handlers (which block on the
// database).
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "http/client_address.h"
#include "http/request.h"
#include "http/response.h"
#include "http/router.h"

namespace motcua::http {

struct ServerOptions {
  std::string address = "0.0.0.0";
  uint16_t port = 8080;  // 0 picks a free port (tests); see Server::port()
  int io_threads = 2;    // one event loop each; a connection stays on the loop it was given
  int worker_threads = 8;
  // Body limits by the route's BodyKind (Router::Admit); a body is read only once its route
  // and caller are known, and never beyond the route's limit.
  size_t form_body_limit = 64 << 10;    // log-in, registration, public forms
  size_t json_body_limit = 1 << 20;     // JSON documents
  size_t upload_body_limit = 20 << 20;  // upload routes only
  // Open connections: for the whole server, and per client address (a trusted proxy's own
  // address is not capped, the clients behind it are counted by the rate limits instead).
  // Over either cap a connection is answered 503/429 at once and closed. 0 = no cap.
  int max_connections = 1000;
  int max_connections_per_client = 64;
  TrustedProxies trusted_proxies;           // whose X-Forwarded-For names the client
  std::chrono::seconds header_timeout{10};  // time to receive a complete header
  std::chrono::seconds idle_timeout{60};    // keep-alive idle time between requests
  std::chrono::seconds shutdown_grace{20};  // in-flight requests get this long on SIGTERM
  // Static files served under /static/ from this directory (ETag + Cache-Control). Empty = none.
  std::string static_dir;
  bool access_log = true;
};

// The application entry point called for every request after body limits are enforced.
// It must not throw (the server still catches and answers 500 with the request id).
using RequestHandler = std::function<Response(Request&)>;
// Called with the request head, before any of the body is read (see Router::Admit). Without
// one, every request is admitted with a limit chosen by its Content-Type.
using AdmissionHandler = std::function<Admission(Request&)>;

class Server {
 public:
  Server(ServerOptions options, RequestHandler handler, AdmissionHandler admit = {});
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds and starts accepting; returns after the listener is ready. Throws on bind failure.
  void Start();
  // The bound port (useful with port 0).
  uint16_t port() const;
  // Stops accepting, lets in-flight requests finish (up to shutdown_grace), closes idle
  // keep-alive connections and joins the threads. Idempotent.
  void Stop();
  // Blocks until SIGTERM or SIGINT, then calls Stop().
  void RunUntilSignalled();

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace motcua::http
