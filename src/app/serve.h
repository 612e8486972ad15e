// `motcua serve`: wires storage, services, the API and the HTTP server together.
#pragma once

#include <cstdint>
#include <string>

namespace motcua::app {

struct ServeConfig {
  std::string db = "var/motcua.db";
  std::string address = "0.0.0.0";
  uint16_t port = 8080;
  bool demo = false;
  std::string data_dir;  // where data/ and web/ live; defaults to the source tree
  int io_threads = 2;
  int worker_threads = 8;
  size_t upload_limit_mb = 20;
  int64_t login_lockout_seconds = 60;
  int max_login_failures = 5;
  bool secure_cookies = false;
  bool access_log = true;
  int lookup_rate_per_minute = 30;  // public dossier lookups per client address
  std::string attachments_dir;  // empty: "attachments" beside the SQLite file (var/ for PostgreSQL)
  // The public site printed in QR codes ("<public_url>/tra-cuu/<code>"); empty:
  // http://localhost:<port>.
  std::string public_url;
  // Outbound mail for forgotten-password links; empty smtp_url: no mail is sent.
  std::string smtp_url;
  std::string smtp_from = "no-reply@localhost";
  std::string smtp_user;
  std::string smtp_password;
  int password_reset_rate_per_minute = 5;  // reset requests per client address
};

// Runs until SIGTERM/SIGINT; returns the exit status. Prints "listening on http://HOST:PORT"
// on stdout once the port is bound (tests read it when started with port 0).
int Serve(const ServeConfig& config);

}  // namespace motcua::app
