// `motcua serve`: wires storage, services, the API and the HTTP server together.
#pragma once

#include <cstdint>
#include <optional>
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
  // With --demo, the first start (empty catalogue) also imports data/catalogue/national after
  // the shipped catalogue (decision 0006). Off by default: it makes that first start ~20–30 s in
  // a debug build, past the test harness's start deadline.
  bool national_catalogue = false;
  // Same-day dossiers received at or after this local time count from the next working day;
  // nullopt: no cut-off.
  std::optional<int> same_day_cutoff_minute = 15 * 60;
};

// Runs until SIGTERM/SIGINT; returns the exit status. Prints "listening on http://HOST:PORT"
// on stdout once the port is bound (tests read it when started with port 0).
int Serve(const ServeConfig& config);

}  // namespace motcua::app
