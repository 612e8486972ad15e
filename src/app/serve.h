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
  // Log-in throttling (service::ThrottleOptions).
  int login_free_failures = 3;
  int64_t login_delay_seconds = 1;
  int64_t login_max_delay_seconds = 900;
  int login_address_max_failures = 100;
  int64_t login_address_lockout_seconds = 900;
  int login_account_max_failures = 50;
  // Outsiders' rate limits (service::RequestLimitOptions), per minute; 0 = off.
  int rate_limit_per_minute = 1200;
  int register_rate_per_minute = 5;
  int complaint_rate_per_minute = 10;
  int phone_check_rate_per_minute = 10;
  // Connection caps (http::ServerOptions); 0 = none.
  int max_connections = 1000;
  int max_connections_per_client = 64;
  std::string trusted_proxies;  // CIDR list whose X-Forwarded-For is believed
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
  // Print the route table as JSON ({"api": [{method, pattern, access}], "pages": [{method,
  // pattern}]}) once every route is registered, and exit instead of serving: the authorisation
  // matrix test reads it, so a route added without a matrix entry fails that test.
  bool list_routes = false;
  // Retention (storage/retention.h): how long idempotency records (holding whole responses with
  // personal data) are kept, and how often the background purge runs.
  int idempotency_window_hours = 24;
  int retention_interval_minutes = 60;
  // The persisted report index (docs/decisions/0022): "" = beside the SQLite file
  // ("<db>.reports"), or <data_dir>/var/report-index.snapshot on PostgreSQL; "off" = none.
  // Written every report_snapshot_minutes when the index changed, and at a clean stop.
  std::string report_snapshot;
  int report_snapshot_minutes = 10;
  // Outbound mail for forgotten-password links; empty smtp_url: no mail is sent.
  std::string smtp_url;
  std::string smtp_from = "no-reply@localhost";
  std::string smtp_user;
  std::string smtp_password;
  int password_reset_rate_per_minute = 5;  // reset requests per client address
  // Postal carrier (decision 0018): both url and key, or neither (tracking numbers are then
  // recorded but no carrier is told and the webhook answers 503).
  std::string carrier_url;
  std::string carrier_key;
  std::string carrier_name = "vnpost";
  int carrier_sync_seconds = 60;  // 0: pushes only, no registration or poll job
  int postal_event_rate_per_minute = 120;
  // Electronic results (decision 0017): PKCS#12 keys per agency (<agency code>.p12 in
  // signing_dir) or one for every agency (signing_p12); the password is the first line of
  // signing_password_file (default: <signing_dir>/password if present, else empty). With --demo
  // and neither given: a demo CA and one key per demo agency under <DB dir>/signing.
  std::string signing_dir;
  std::string signing_p12;
  std::string signing_password_file;
  // Notifications to citizens (issue 16, decision 0015): e-mail through --smtp-url, SMS through
  // a brand-name gateway, Zalo ZNS; a channel without its URL queues nothing.
  std::string sms_url;
  std::string sms_key;
  std::string sms_brandname = "MOTCUA";
  std::string zalo_url;
  std::string zalo_key;
  std::string sms_quiet_hours = "21:00-07:00";  // Vietnam time; "off": none
  int notify_interval_ms = 2000;
  int notify_retry_seconds = 60;  // the first back-off; doubles up to 6 h
  int notify_max_attempts = 8;    // then the message is dead
  // How long a message taken for delivery is kept from other workers; one in flight when the
  // process died waits this long. Must exceed the providers' time-outs (30 s SMTP, 15 s HTTP).
  int notify_lease_seconds = 120;
  // Fees and payment (issue 16): the gateway (empty payment_url: counter payment only), and the
  // province's fee amounts (empty: <data_dir>/data/fees/province.json when present).
  std::string payment_url;
  std::string payment_merchant;
  std::string payment_secret;
  std::string province_fees;
};

// Runs until SIGTERM/SIGINT; returns the exit status. Prints "listening on http://HOST:PORT"
// on stdout once the port is bound (tests read it when started with port 0).
int Serve(const ServeConfig& config);

}  // namespace motcua::app
