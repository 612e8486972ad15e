#include "app/serve.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <boost/json.hpp>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <mutex>
#include <set>
#include <sstream>
#include <stop_token>
#include <thread>

#include "api/admission.h"
#include "api/api_router.h"
#include "api/services.h"
#include "app/chain_linker_job.h"
#include "app/notification_job.h"
#include "app/postal_job.h"
#include "app/retention_job.h"
#include "common/crypto.h"
#include "domain/delivery_schedule.h"
#include "domain/local_date.h"
#include "forms/signing_identity.h"
#include "http/router.h"
#include "http/server.h"
#include "service/agency_service.h"
#include "service/auth_service.h"
#include "service/calendar_service.h"
#include "service/catalogue_service.h"
#include "service/demo_data.h"
#include "service/demo_dossiers.h"
#include "service/dossier_service.h"
#include "service/forms_service.h"
#include "service/http_postal_carrier.h"
#include "service/life_event_service.h"
#include "service/national_import.h"
#include "service/notification_service.h"
#include "service/report_service.h"
#include "service/result_signer.h"
#include "storage/applicant_key_backfill.h"
#include "storage/audit_chain.h"
#include "storage/database.h"
#include "web/pages.h"

namespace motcua::app {
namespace {

// `name` beside the SQLite file (var/<name> for PostgreSQL): the attachments, the demo keys.
std::string SiblingOfDatabase(const std::string& db, const std::string& name) {
  if (db.rfind("postgres", 0) == 0) return "var/" + name;
  auto slash = db.find_last_of('/');
  return slash == std::string::npos ? name : db.substr(0, slash) + "/" + name;
}

// First start of the demo: the national catalogue joins the shipped procedures, which keep
// their workflows (they win for the codes in both). Later starts find a catalogue and skip this,
// so only the first start pays for it.
void ImportNationalOnFirstStart(storage::Database& db, const Clock& clock,
                                service::CatalogueService& catalogue, const std::string& data_dir) {
  service::NationalImportOptions national;
  national.dir = data_dir + "/data/catalogue/national";
  national.effective_from = domain::LocalDateOf(clock.NowSeconds()).ToString();
  auto imported = service::ImportNationalCatalogue(db, clock, catalogue, national);
  if (!imported.ok()) {
    // Not fatal: the shipped catalogue still serves the demo.
    spdlog::warn("national catalogue not imported: {}", imported.status().ToString());
  } else {
    spdlog::info("national catalogue: {} procedures added, {} kept local, {} in the report",
                 imported->created, imported->kept_local, imported->problems.size());
  }
}

}  // namespace

int Serve(const ServeConfig& config) {
  InitCrypto();
  storage::DatabaseOptions db_options;
  db_options.url = config.db;
  auto db = storage::OpenDatabase(db_options);
  if (!db.ok()) {
    fmt::print(stderr, "Không mở được cơ sở dữ liệu {}: {}\n", config.db, db.status().ToString());
    return 1;
  }
  auto migrated = storage::Migrate(**db);
  if (!migrated.ok()) {
    fmt::print(stderr, "Lỗi cập nhật lược đồ cơ sở dữ liệu: {}\n", migrated.status().ToString());
    return 1;
  }

  const Clock& clock = SystemClock::Instance();
  service::AuthOptions auth_options;
  auth_options.throttle.free_failures = config.login_free_failures;
  auth_options.throttle.base_delay_seconds = config.login_delay_seconds;
  auth_options.throttle.max_delay_seconds = config.login_max_delay_seconds;
  auth_options.throttle.address_max_failures = config.login_address_max_failures;
  auth_options.throttle.address_lockout_seconds = config.login_address_lockout_seconds;
  auth_options.throttle.account_max_failures = config.login_account_max_failures;
  auto trusted = http::TrustedProxies::Parse(config.trusted_proxies);
  if (!trusted.ok()) {
    fmt::print(stderr, "--trusted-proxies không hợp lệ (CIDR, cách nhau bởi dấu phẩy): {}\n",
               config.trusted_proxies);
    return 1;
  }
  service::AuthService auth(**db, clock, auth_options);
  service::AgencyService agencies(**db, clock);

  if (config.demo) {
    // Instances started together on one PostgreSQL database seed it once (decision 0020).
    if (Status st = (*db)->Exclusively([&] { return service::SeedDemoData(agencies, auth); });
        !st.ok()) {
      fmt::print(stderr, "Lỗi tạo dữ liệu mẫu: {}\n", st.ToString());
      return 1;
    }
  }

  service::CatalogueService catalogue(**db, clock);
  if (config.data_dir.empty()) {
    (void)catalogue.Reload();
  } else {
    std::string path = config.data_dir + "/data/procedures/catalogue.json";
    // Instances started together on one PostgreSQL database load it once (decision 0020).
    Result<int> loaded = 0;
    Status locked = (*db)->Exclusively([&]() -> Status {
      loaded = catalogue.LoadShippedIfEmpty(path);
      if (!loaded.ok() || *loaded == 0 || !config.demo || !config.national_catalogue)
        return Status::Ok();
      ImportNationalOnFirstStart(**db, clock, catalogue, config.data_dir);
      return Status::Ok();
    });
    if (!locked.ok()) loaded = locked;
    if (!loaded.ok()) {
      fmt::print(stderr, "Lỗi nạp danh mục thủ tục hành chính {}: {}\n", path,
                 loaded.status().ToString());
      return 1;
    }
    if (*loaded > 0) spdlog::info("loaded {} procedures from {}", *loaded, path);
  }

  std::vector<domain::YearDecision> calendar_decisions;
  if (!config.data_dir.empty()) {
    auto loaded = service::LoadCalendarDecisions(config.data_dir);
    if (!loaded.ok()) {
      fmt::print(stderr, "Lỗi nạp dữ liệu lịch nghỉ lễ {}/data/calendar: {}\n", config.data_dir,
                 loaded.status().ToString());
      return 1;
    }
    calendar_decisions = std::move(loaded).value();
  }
  service::CalendarService calendar(**db, clock, std::move(calendar_decisions));

  std::string attachments_dir = config.attachments_dir;
  if (attachments_dir.empty()) attachments_dir = SiblingOfDatabase(config.db, "attachments");
  service::AttachmentStore attachment_store(attachments_dir,
                                            static_cast<int64_t>(config.upload_limit_mb) << 20);
  // Postal carrier (decision 0018): its number format applies even when it is not connected.
  if (config.carrier_url.empty() != config.carrier_key.empty()) {
    fmt::print(stderr, "Cần cả --carrier-url và --carrier-key để kết nối đơn vị bưu chính.\n");
    return 1;
  }
  service::HttpCarrierOptions carrier_options;
  carrier_options.name = config.carrier_name;
  carrier_options.url = config.carrier_url;
  carrier_options.key = config.carrier_key;
  service::HttpPostalCarrier carrier(carrier_options);
  service::DossierServiceOptions dossier_options;
  dossier_options.postal_carrier = carrier.name();
  dossier_options.check_tracking = [&carrier](std::string_view text, const std::string& field) {
    return carrier.NormalizeTrackingNumber(text, field);
  };
  dossier_options.lookup_rate_per_minute = config.lookup_rate_per_minute;
  dossier_options.same_day_cutoff_minute = config.same_day_cutoff_minute;
  service::DossierService dossiers(**db, clock, catalogue, calendar, &attachment_store,
                                   dossier_options);
  if (config.demo) {
    auto seeded = service::SeedDemoDossiers(**db, dossiers);
    if (!seeded.ok()) {
      // Not fatal: the demo organisation and users still work without sample dossiers.
      spdlog::warn("demo dossiers not created: {}", seeded.status().ToString());
    }
  }

  // Electronic results (decision 0017): the agencies' signing keys, installed after the demo
  // dossiers so that seeding does not sign.
  std::unique_ptr<service::ResultSigner> result_signer;
  {
    service::ResultSignerOptions signing{config.signing_dir, config.signing_p12, ""};
    if (config.demo && signing.dir.empty() && signing.p12.empty()) {
      signing.dir = SiblingOfDatabase(config.db, "signing");
      std::vector<forms::DemoSigner> signers;
      for (const auto& a : service::DemoAgencies()) signers.push_back({a.code, a.name});
      // Servers started together on one database create the keys once (decision 0020).
      Status made = (*db)->Exclusively(
          [&]() -> Status { return forms::EnsureDemoSigningKeys(signing.dir, signers).status(); });
      if (!made.ok()) {
        fmt::print(stderr, "Lỗi tạo chứng thư số mẫu trong {}: {}\n", signing.dir, made.ToString());
        return 1;
      }
    }
    std::string password_file = config.signing_password_file;
    if (password_file.empty() && !signing.dir.empty() &&
        std::filesystem::exists(signing.dir + "/password"))
      password_file = signing.dir + "/password";
    if (!password_file.empty()) {
      std::ifstream in(password_file);
      if (!in || !std::getline(in, signing.password)) {
        fmt::print(stderr, "Không đọc được tệp mật khẩu chứng thư số {}\n", password_file);
        return 1;
      }
      while (!signing.password.empty() && signing.password.back() == '\r')
        signing.password.pop_back();
    }
    if (!signing.dir.empty() || !signing.p12.empty()) {
      auto loaded = service::ResultSigner::Load(signing);
      if (!loaded.ok()) {
        fmt::print(stderr, "Lỗi nạp chứng thư số ký kết quả: {}\n", loaded.status().ToString());
        return 1;
      }
      result_signer = std::move(loaded).value();
      spdlog::info("electronic results: {} signing keys", result_signer->key_count());
    }
  }

  http::Router router;
  api::ApiServices services{db->get(), &clock, &auth, &agencies, config.secure_cookies};
  services.catalogue = &catalogue;
  services.calendar = &calendar;
  services.dossiers = &dossiers;
  service::ReportServiceOptions report_options;
  if (config.report_snapshot != "off") {
    report_options.snapshot_path = config.report_snapshot;
    if (report_options.snapshot_path.empty())
      report_options.snapshot_path =
          config.db.rfind("postgres", 0) == 0
              ? (config.data_dir.empty() ? std::string("var") : config.data_dir + "/var") +
                    "/report-index.snapshot"
              : config.db + ".reports";
    if (config.db == ":memory:") report_options.snapshot_path.clear();
  }
  service::ReportService reports(**db, clock, &calendar, report_options);
  services.reports = &reports;
  service::FormsServiceOptions forms_options;
  forms_options.public_url = config.public_url.empty()
                                 ? fmt::format("http://localhost:{}", config.port)
                                 : config.public_url;
  service::FormsService forms(**db, clock, forms_options);
  services.forms = &forms;
  if (result_signer)
    dossiers.SetResultSigner(result_signer.get(),
                             [&forms](std::string_view code) { return forms.LookupUrl(code); });
  service::WorkloadService workload(**db, calendar, catalogue);
  services.workload = &workload;
  // Life events (Decree 63/2024) are data: data/life_events.json; none without a data dir.
  std::vector<domain::LifeEvent> life_event_defs;
  if (!config.data_dir.empty()) {
    std::string path = config.data_dir + "/data/life_events.json";
    auto loaded = service::LifeEventService::LoadFile(path);
    if (!loaded.ok()) {
      fmt::print(stderr, "Lỗi nạp nhóm thủ tục liên thông {}: {}\n", path,
                 loaded.status().ToString());
      return 1;
    }
    life_event_defs = std::move(loaded).value();
  }
  service::LifeEventService life_events(**db, clock, catalogue, dossiers,
                                        std::move(life_event_defs));
  services.life_events = &life_events;
  service::RequestLimitOptions limit_options;
  limit_options.requests_per_minute = config.rate_limit_per_minute;
  limit_options.registrations_per_minute = config.register_rate_per_minute;
  limit_options.registrations_per_minute_all = config.register_rate_per_minute * 12;
  limit_options.complaints_per_minute = config.complaint_rate_per_minute;
  limit_options.phone_checks_per_minute = config.phone_check_rate_per_minute;
  service::RequestLimits limits(clock, limit_options);
  services.limits = &limits;
  service::MailerOptions mail_options;
  mail_options.url = config.smtp_url;
  mail_options.from = config.smtp_from;
  mail_options.username = config.smtp_user;
  mail_options.password = config.smtp_password;
  service::Mailer mailer(clock, mail_options);
  if (!mailer.enabled())
    spdlog::warn("no --smtp-url: forgotten-password links cannot be sent by e-mail");
  service::PasswordResetOptions reset_options;
  reset_options.public_url = forms_options.public_url;
  reset_options.requests_per_minute = config.password_reset_rate_per_minute;
  service::PasswordResetService password_resets(**db, clock, mailer, reset_options);
  services.password_resets = &password_resets;
  service::PostalServiceOptions postal_options;
  postal_options.pushes_per_minute = config.postal_event_rate_per_minute;
  service::PostalService postal(**db, clock, config.carrier_url.empty() ? nullptr : &carrier,
                                postal_options);
  services.postal = &postal;
  if (!postal.enabled())
    spdlog::warn("no --carrier-url: tracking numbers are recorded but no carrier is told");
  // Notifications to citizens (issue 16, decision 0015): the outbox rows are written by the
  // dossier and complaint transactions through these hooks; the worker below sends them.
  std::unique_ptr<service::NotificationService> notifications;
  std::unique_ptr<service::NotificationChannel> email_channel, sms_channel, zalo_channel;
  service::NotificationChannels channels;
  // Without a data directory there are no templates, hence no notifications.
  if (!config.data_dir.empty()) {
    auto quiet = domain::ParseQuietHours(config.sms_quiet_hours);
    if (!quiet) {
      fmt::print(stderr, "--sms-quiet-hours không hợp lệ (HH:MM-HH:MM hoặc off): {}\n",
                 config.sms_quiet_hours);
      return 1;
    }
    std::string path = config.data_dir + "/data/notifications/templates.json";
    std::ifstream in(path);
    std::stringstream text;
    text << in.rdbuf();
    auto templates = domain::NotificationTemplates::Parse(text.str());
    if (!in || !templates.ok()) {
      fmt::print(stderr, "Lỗi nạp mẫu thông báo {}: {}\n", path,
                 in ? templates.status().ToString() : "không đọc được tệp");
      return 1;
    }
    service::NotificationOptions notify_options;
    notify_options.email = mailer.enabled();
    notify_options.sms = !config.sms_url.empty();
    notify_options.zalo = !config.zalo_url.empty();
    notify_options.sms_quiet_hours = *quiet;
    notify_options.retry_base_seconds = config.notify_retry_seconds;
    notify_options.max_attempts = config.notify_max_attempts;
    notify_options.lease_seconds = config.notify_lease_seconds;
    notify_options.public_url = forms_options.public_url;
    notify_options.sms_key = config.sms_key;
    notifications = std::make_unique<service::NotificationService>(
        **db, clock, std::move(templates).value(), notify_options);
    if (mailer.enabled())
      channels.email = (email_channel = std::make_unique<service::EmailChannel>(mailer)).get();
    if (notify_options.sms)
      channels.sms =
          (sms_channel = std::make_unique<service::SmsGatewayChannel>(
               service::HttpProviderOptions{config.sms_url, config.sms_key, config.sms_brandname}))
              .get();
    if (notify_options.zalo)
      channels.zalo = (zalo_channel = std::make_unique<service::ZaloZnsChannel>(
                           service::HttpProviderOptions{config.zalo_url, config.zalo_key, ""}))
                          .get();
    auto* n = notifications.get();
    dossiers.SetChangeHook(
        [n](storage::Connection& c, const storage::DossierRecord& d,
            const storage::DossierHistoryRecord& h) { return n->OnDossierChange(c, d, h); });
    reports.SetComplaintAnsweredHook(
        [n](storage::Connection& c, const storage::ComplaintRecord& k) {
          return n->OnComplaintAnswered(c, k);
        });
    services.notifications = n;
  }
  // Fees and payment (issue 16).
  auto fee_config = service::LoadFeeConfig(config.data_dir, config.province_fees);
  if (!fee_config.ok()) {
    fmt::print(stderr, "Lỗi nạp cấu hình phí, lệ phí: {}\n", fee_config.status().ToString());
    return 1;
  }
  if (!config.payment_url.empty() &&
      (config.payment_merchant.empty() || config.payment_secret.empty())) {
    fmt::print(stderr, "--payment-url cần kèm --payment-merchant và --payment-secret\n");
    return 1;
  }
  service::PaymentOptions payment_options;
  payment_options.gateway_url = config.payment_url;
  payment_options.merchant = config.payment_merchant;
  payment_options.secret = config.payment_secret;
  payment_options.public_url = forms_options.public_url;
  service::PaymentService payments(**db, clock, catalogue, dossiers, std::move(fee_config).value(),
                                   payment_options);
  services.payments = &payments;
  api::ApiRouter api_router(router, auth, &limits);
  api::RegisterAllRoutes(api_router, services);
  if (Status st = web::RegisterPages(router, services, config.data_dir); !st.ok()) {
    fmt::print(stderr, "Lỗi nạp giao diện web (web/templates): {}\n", st.ToString());
    return 1;
  }
  if (config.list_routes) {
    boost::json::array api_routes, pages;
    std::set<std::pair<std::string, std::string>> api_keys;
    for (const auto& r : api_router.routes()) {
      api_keys.emplace(r.method, r.pattern);
      api_routes.push_back(boost::json::object{
          {"method", r.method}, {"pattern", r.pattern}, {"access", api::AccessName(r.access)}});
    }
    for (const auto& r : router.Routes())
      if (!api_keys.count({r.method, r.pattern}))
        pages.push_back(boost::json::object{{"method", r.method}, {"pattern", r.pattern}});
    fmt::print("{}\n",
               boost::json::serialize(boost::json::object{{"api", api_routes}, {"pages", pages}}));
    (*db)->Close();
    return 0;
  }

  http::ServerOptions options;
  options.address = config.address;
  options.port = config.port;
  options.io_threads = config.io_threads;
  options.worker_threads = config.worker_threads;
  options.upload_body_limit = config.upload_limit_mb << 20;
  options.access_log = config.access_log;
  options.max_connections = config.max_connections;
  options.max_connections_per_client = config.max_connections_per_client;
  options.trusted_proxies = std::move(trusted).value();
  if (!config.data_dir.empty()) options.static_dir = config.data_dir + "/web/static";
  http::Server server(
      options, [&router](http::Request& req) { return router.Dispatch(req); },
      [&router, &services](http::Request& req) {
        return api::AdmitRequest(router, services, req);
      });
  server.Start();
  // With --port 0 the QR codes' default base URL needs the port actually bound.
  if (config.public_url.empty()) {
    forms.SetPublicUrl(fmt::format("http://localhost:{}", server.port()));
    password_resets.SetPublicUrl(fmt::format("http://localhost:{}", server.port()));
    if (notifications)
      notifications->SetPublicUrl(fmt::format("http://localhost:{}", server.port()));
    payments.SetPublicUrl(fmt::format("http://localhost:{}", server.port()));
  }
  carrier.SetCallbackUrl((config.public_url.empty()
                              ? fmt::format("http://localhost:{}", server.port())
                              : config.public_url) +
                         "/api/v1/postal/events");

  std::string host = config.address == "0.0.0.0" ? "localhost" : config.address;
  fmt::print("MotCua đang chạy — listening on http://{}:{}\n", host, server.port());
  if (config.demo) {
    fmt::print("Tài khoản mẫu (mật khẩu: {}):\n", service::kDemoPassword);
    for (const auto& l : service::DemoLogins()) {
      fmt::print("  {:<26} {:<18} {}\n", l.username, l.role, l.agency_code);
    }
  }
  std::fflush(stdout);

  // The report index loads in the background (about 2 s per million dossiers), so the first
  // leader's report after a restart does not wait for it; /readyz does not wait either. A stop
  // during the load cancels it (within one page of rows) rather than waiting tens of seconds
  // before the database closes; the index is then simply not loaded.
  // Then the applicant keys of dossiers older than migration 11 (for the counter's recall by id
  // number), in small write transactions between the requests; a stop keeps the progress made.
  std::jthread warm_reports([&reports, &db](std::stop_token stop) {
    Status st = reports.RefreshIndex(stop);
    if (st.reason() == "cancelled") {
      spdlog::info("report index load stopped by shutdown");
      return;
    }
    if (!st.ok()) spdlog::warn("report index not loaded at start: {}", st.ToString());
    auto keyed = storage::BackfillApplicantKeys(**db, 1000, stop);
    if (keyed.ok() && *keyed > 0) {
      spdlog::info("applicant keys given to {} older dossiers", *keyed);
    } else if (!keyed.ok() && keyed.status().reason() != "cancelled") {
      spdlog::warn("applicant key backfill stopped: {}", keyed.status().ToString());
    }
  });
  storage::RetentionOptions retention;
  retention.idempotency_window_seconds = int64_t{config.idempotency_window_hours} * 3600;
  std::jthread retention_job =
      StartRetentionJob(**db, clock, retention, int64_t{config.retention_interval_minutes} * 60);
  std::jthread postal_job;
  if (postal.enabled() && config.carrier_sync_seconds > 0)
    postal_job = StartPostalJob(postal, config.carrier_sync_seconds);
  std::jthread notification_job;
  if (notifications)
    notification_job = StartNotificationJob(*notifications, channels, config.notify_interval_ms);
  // The report index is written every few minutes when it changed, and at a clean stop, so
  // that the next start loads it from the file (decision 0022).
  std::jthread snapshot_job([&reports, &config](std::stop_token stop) {
    std::mutex mu;
    std::condition_variable_any wake;
    while (!stop.stop_requested()) {
      std::unique_lock lock(mu);
      wake.wait_for(lock, stop, std::chrono::minutes(config.report_snapshot_minutes),
                    [] { return false; });
      lock.unlock();
      if (stop.stop_requested()) break;
      if (Status st = reports.SaveIndexSnapshot(); !st.ok())
        spdlog::warn("report index snapshot not written: {}", st.ToString());
    }
  });
  // PostgreSQL's writers insert chain rows unlinked; this links them (decision 0023).
  std::jthread chain_linker;
  if ((*db)->dialect() == storage::Dialect::kPostgres)
    chain_linker = StartChainLinkerJob(**db, std::chrono::milliseconds(150));
  server.RunUntilSignalled();
  if (chain_linker.joinable()) {
    chain_linker.request_stop();
    chain_linker.join();
    // What the last requests wrote, so that a clean stop leaves nothing pending.
    if (auto linked = storage::LinkPendingRows(**db); !linked.ok())
      spdlog::warn("chain linker: {}", linked.status().ToString());
  }
  if (postal_job.joinable()) {
    postal_job.request_stop();
    postal_job.join();
  }
  if (notification_job.joinable()) {
    notification_job.request_stop();
    notification_job.join();
  }
  retention_job.request_stop();
  retention_job.join();
  snapshot_job.request_stop();
  snapshot_job.join();
  warm_reports.request_stop();
  warm_reports.join();
  if (Status st = reports.SaveIndexSnapshot(); !st.ok())
    spdlog::warn("report index snapshot not written: {}", st.ToString());
  (*db)->Close();
  spdlog::info("stopped cleanly");
  return 0;
}

}  // namespace motcua::app
