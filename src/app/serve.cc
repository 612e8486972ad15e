#include "app/serve.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <cstdio>
#include <stop_token>
#include <thread>

#include "api/api_router.h"
#include "api/services.h"
#include "common/crypto.h"
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
#include "service/report_service.h"
#include "storage/applicant_key_backfill.h"
#include "storage/database.h"
#include "web/pages.h"

namespace motcua::app {

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
  auth_options.throttle.lockout_seconds = config.login_lockout_seconds;
  auth_options.throttle.max_failures_per_account = config.max_login_failures;
  service::AuthService auth(**db, clock, auth_options);
  service::AgencyService agencies(**db, clock);

  if (config.demo) {
    if (Status st = service::SeedDemoData(agencies, auth); !st.ok()) {
      fmt::print(stderr, "Lỗi tạo dữ liệu mẫu: {}\n", st.ToString());
      return 1;
    }
  }

  service::CatalogueService catalogue(**db, clock);
  if (config.data_dir.empty()) {
    (void)catalogue.Reload();
  } else {
    std::string path = config.data_dir + "/data/procedures/catalogue.json";
    auto loaded = catalogue.LoadShippedIfEmpty(path);
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
  if (attachments_dir.empty()) {
    bool url = config.db.rfind("postgres", 0) == 0;
    auto slash = config.db.find_last_of('/');
    attachments_dir = url                          ? "var/attachments"
                      : slash == std::string::npos ? "attachments"
                                                   : config.db.substr(0, slash) + "/attachments";
  }
  service::AttachmentStore attachment_store(attachments_dir,
                                            static_cast<int64_t>(config.upload_limit_mb) << 20);
  service::DossierServiceOptions dossier_options;
  dossier_options.lookup_rate_per_minute = config.lookup_rate_per_minute;
  service::DossierService dossiers(**db, clock, catalogue, calendar, &attachment_store,
                                   dossier_options);
  if (config.demo) {
    auto seeded = service::SeedDemoDossiers(**db, dossiers);
    if (!seeded.ok()) {
      // Not fatal: the demo organisation and users still work without sample dossiers.
      spdlog::warn("demo dossiers not created: {}", seeded.status().ToString());
    }
  }

  http::Router router;
  api::ApiServices services{db->get(), &clock, &auth, &agencies, config.secure_cookies};
  services.catalogue = &catalogue;
  services.calendar = &calendar;
  services.dossiers = &dossiers;
  service::ReportService reports(**db, clock, &calendar);
  services.reports = &reports;
  service::FormsServiceOptions forms_options;
  forms_options.public_url = config.public_url.empty()
                                 ? fmt::format("http://localhost:{}", config.port)
                                 : config.public_url;
  service::FormsService forms(**db, clock, forms_options);
  services.forms = &forms;
  service::WorkloadService workload(**db, calendar, catalogue);
  services.workload = &workload;
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
  api::ApiRouter api_router(router, auth);
  api::RegisterAllRoutes(api_router, services);
  if (Status st = web::RegisterPages(router, services, config.data_dir); !st.ok()) {
    fmt::print(stderr, "Lỗi nạp giao diện web (web/templates): {}\n", st.ToString());
    return 1;
  }

  http::ServerOptions options;
  options.address = config.address;
  options.port = config.port;
  options.io_threads = config.io_threads;
  options.worker_threads = config.worker_threads;
  options.upload_body_limit = config.upload_limit_mb << 20;
  options.access_log = config.access_log;
  if (!config.data_dir.empty()) options.static_dir = config.data_dir + "/web/static";
  http::Server server(options, [&router](http::Request& req) { return router.Dispatch(req); });
  server.Start();
  // With --port 0 the QR codes' default base URL needs the port actually bound.
  if (config.public_url.empty()) {
    forms.SetPublicUrl(fmt::format("http://localhost:{}", server.port()));
    password_resets.SetPublicUrl(fmt::format("http://localhost:{}", server.port()));
  }

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
  server.RunUntilSignalled();
  warm_reports.request_stop();
  warm_reports.join();
  (*db)->Close();
  spdlog::info("stopped cleanly");
  return 0;
}

}  // namespace motcua::app
