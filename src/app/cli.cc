#include "app/cli.h"

#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <cctype>
#include <cstdlib>

#include "app/audit_cli.h"
#include "app/calendar_cli.h"
#include "app/catalogue_cli.h"
#include "app/import_cli.h"
#include "app/maintenance_cli.h"
#include "app/report_cli.h"
#include "app/serve.h"
#include "common/clock.h"
#include "common/crypto.h"
#include "domain/delivery_schedule.h"
#include "service/auth_service.h"
#include "storage/database.h"

namespace motcua::app {
namespace {

std::string DefaultDataDir() {
  if (const char* env = std::getenv("MOTCUA_DATA_DIR")) return env;
  return MOTCUA_DEFAULT_DATA_DIR;
}

// Opens and migrates the database, printing a Vietnamese error on failure.
std::unique_ptr<storage::Database> OpenMigrated(const std::string& url) {
  auto db = storage::OpenDatabase(storage::DatabaseOptions(url));
  if (!db.ok()) {
    fmt::print(stderr, "Không mở được cơ sở dữ liệu {}: {}\n", url, db.status().ToString());
    return nullptr;
  }
  auto n = storage::Migrate(**db);
  if (!n.ok()) {
    fmt::print(stderr, "Lỗi cập nhật lược đồ: {}\n", n.status().ToString());
    return nullptr;
  }
  return std::move(db).value();
}

}  // namespace

int RunCli(int argc, char** argv) {
  CLI::App app{"MotCua — hệ thống một cửa điện tử (electronic one-stop system)"};
  app.require_subcommand(1);
  app.set_config("--config", "", "Tệp cấu hình TOML/INI (configuration file)");
  int exit_code = 0;

  ServeConfig serve;
  serve.data_dir = DefaultDataDir();
  auto* serve_cmd = app.add_subcommand("serve", "Chạy máy chủ web (run the server)");
  serve_cmd->add_option("--db", serve.db, "Đường dẫn SQLite hoặc URL postgresql://")
      ->envname("MOTCUA_DB")
      ->capture_default_str();
  serve_cmd->add_option("--address", serve.address, "Địa chỉ lắng nghe")
      ->envname("MOTCUA_ADDRESS")
      ->capture_default_str();
  serve_cmd->add_option("--port", serve.port, "Cổng (0 = tự chọn)")
      ->envname("MOTCUA_PORT")
      ->capture_default_str();
  serve_cmd->add_flag("--demo", serve.demo, "Tạo dữ liệu mẫu và tài khoản demo.<vai trò>")
      ->envname("MOTCUA_DEMO");
  serve_cmd->add_option("--data-dir", serve.data_dir, "Thư mục chứa data/ và web/")
      ->envname("MOTCUA_DATA_DIR");
  serve_cmd->add_option("--io-threads", serve.io_threads)
      ->envname("MOTCUA_IO_THREADS")
      ->check(CLI::Range(1, 64));
  serve_cmd->add_option("--worker-threads", serve.worker_threads)
      ->envname("MOTCUA_WORKER_THREADS")
      ->check(CLI::Range(1, 256));
  serve_cmd->add_option("--upload-limit-mb", serve.upload_limit_mb)
      ->envname("MOTCUA_UPLOAD_LIMIT_MB")
      ->check(CLI::Range(1, 1024));
  serve_cmd
      ->add_option("--login-free-failures", serve.login_free_failures,
                   "Số lần sai mật khẩu của một tài khoản từ một địa chỉ trước khi phải chờ")
      ->envname("MOTCUA_LOGIN_FREE_FAILURES")
      ->check(CLI::Range(1, 1000));
  serve_cmd
      ->add_option("--login-delay-seconds", serve.login_delay_seconds,
                   "Thời gian chờ đầu tiên; mỗi lần sai tiếp theo gấp đôi")
      ->envname("MOTCUA_LOGIN_DELAY_SECONDS")
      ->check(CLI::Range(1, 86400));
  serve_cmd->add_option("--login-max-delay-seconds", serve.login_max_delay_seconds)
      ->envname("MOTCUA_LOGIN_MAX_DELAY_SECONDS")
      ->check(CLI::Range(1, 86400));
  serve_cmd->add_option("--login-address-max-failures", serve.login_address_max_failures)
      ->envname("MOTCUA_LOGIN_ADDRESS_MAX_FAILURES")
      ->check(CLI::Range(1, 1000000));
  serve_cmd->add_option("--login-address-lockout-seconds", serve.login_address_lockout_seconds)
      ->envname("MOTCUA_LOGIN_ADDRESS_LOCKOUT_SECONDS")
      ->check(CLI::Range(1, 86400));
  serve_cmd->add_option("--login-account-max-failures", serve.login_account_max_failures)
      ->envname("MOTCUA_LOGIN_ACCOUNT_MAX_FAILURES")
      ->check(CLI::Range(1, 1000000));
  serve_cmd
      ->add_option("--rate-limit-per-minute", serve.rate_limit_per_minute,
                   "Số yêu cầu mỗi phút cho một địa chỉ và cho một tài khoản công dân (0 = tắt)")
      ->envname("MOTCUA_RATE_LIMIT_PER_MINUTE")
      ->check(CLI::Range(0, 10000000));
  serve_cmd->add_option("--register-rate-per-minute", serve.register_rate_per_minute)
      ->envname("MOTCUA_REGISTER_RATE_PER_MINUTE")
      ->check(CLI::Range(0, 100000));
  serve_cmd->add_option("--complaint-rate-per-minute", serve.complaint_rate_per_minute)
      ->envname("MOTCUA_COMPLAINT_RATE_PER_MINUTE")
      ->check(CLI::Range(0, 100000));
  serve_cmd->add_option("--phone-check-rate-per-minute", serve.phone_check_rate_per_minute)
      ->envname("MOTCUA_PHONE_CHECK_RATE_PER_MINUTE")
      ->check(CLI::Range(0, 100000));
  serve_cmd->add_option("--max-connections", serve.max_connections)
      ->envname("MOTCUA_MAX_CONNECTIONS")
      ->check(CLI::Range(0, 1000000));
  serve_cmd->add_option("--max-connections-per-client", serve.max_connections_per_client)
      ->envname("MOTCUA_MAX_CONNECTIONS_PER_CLIENT")
      ->check(CLI::Range(0, 1000000));
  serve_cmd
      ->add_option("--trusted-proxies", serve.trusted_proxies,
                   "Danh sách CIDR các proxy được tin cậy X-Forwarded-For, ví dụ 10.0.0.0/8,::1")
      ->envname("MOTCUA_TRUSTED_PROXIES");
  serve_cmd->add_flag("--secure-cookies", serve.secure_cookies)->envname("MOTCUA_SECURE_COOKIES");
  serve_cmd
      ->add_option("--lookup-rate-per-minute", serve.lookup_rate_per_minute,
                   "Số lần tra cứu hồ sơ công khai mỗi phút cho một địa chỉ (0 = không giới hạn)")
      ->envname("MOTCUA_LOOKUP_RATE_PER_MINUTE")
      ->check(CLI::Range(0, 100000));
  serve_cmd
      ->add_option("--attachments-dir", serve.attachments_dir,
                   "Thư mục lưu tệp đính kèm (mặc định: attachments/ cạnh tệp SQLite)")
      ->envname("MOTCUA_ATTACHMENTS_DIR");
  serve_cmd
      ->add_option("--public-url", serve.public_url,
                   "Địa chỉ công khai của trang web, in trong mã QR tra cứu hồ sơ "
                   "(mặc định: http://localhost:<cổng>)")
      ->envname("MOTCUA_PUBLIC_URL");
  serve_cmd
      ->add_flag("--national-catalogue", serve.national_catalogue,
                 "Với --demo: lần khởi động đầu nạp thêm CSDL quốc gia về TTHC "
                 "(data/catalogue/national)")
      ->envname("MOTCUA_NATIONAL_CATALOGUE");
  std::string same_day_cutoff = "15:00";
  serve_cmd
      ->add_option("--same-day-cutoff", same_day_cutoff,
                   "Hồ sơ giải quyết trong ngày nhận từ giờ này tính từ ngày làm việc sau "
                   "(HH:MM; \"none\" = không áp dụng)")
      ->envname("MOTCUA_SAME_DAY_CUTOFF")
      ->capture_default_str()
      ->check([](const std::string& v) -> std::string {
        if (v == "none") return {};
        if (v.size() == 5 && v[2] == ':' && std::isdigit(v[0]) && std::isdigit(v[1]) &&
            std::isdigit(v[3]) && std::isdigit(v[4]) && std::stoi(v.substr(0, 2)) < 24 &&
            std::stoi(v.substr(3, 2)) < 60)
          return {};
        return "HH:MM hoặc none";
      });
  serve_cmd
      ->add_option("--idempotency-window-hours", serve.idempotency_window_hours,
                   "Số giờ giữ bản ghi chống gửi trùng (Idempotency-Key) trước khi xóa")
      ->envname("MOTCUA_IDEMPOTENCY_WINDOW_HOURS")
      ->check(CLI::Range(1, 24 * 30));
  serve_cmd
      ->add_option("--retention-interval-minutes", serve.retention_interval_minutes,
                   "Chu kỳ (phút) của việc xóa bản ghi chống gửi trùng và phiên đã hết hạn")
      ->envname("MOTCUA_RETENTION_INTERVAL_MINUTES")
      ->check(CLI::Range(1, 24 * 60));
  serve_cmd
      ->add_option("--report-snapshot", serve.report_snapshot,
                   "Tệp lưu chỉ mục báo cáo để khởi động lại có báo cáo ngay (trống = cạnh tệp "
                   "SQLite, <data-dir>/var với PostgreSQL; off = không lưu)")
      ->envname("MOTCUA_REPORT_SNAPSHOT");
  serve_cmd
      ->add_option("--report-snapshot-minutes", serve.report_snapshot_minutes,
                   "Chu kỳ (phút) lưu chỉ mục báo cáo khi có thay đổi")
      ->envname("MOTCUA_REPORT_SNAPSHOT_MINUTES")
      ->check(CLI::Range(1, 24 * 60));
  serve_cmd
      ->add_option("--smtp-url", serve.smtp_url,
                   "Máy chủ thư gửi liên kết đặt lại mật khẩu: smtp://host:cổng, "
                   "smtp+starttls://host:cổng hoặc smtps://host:cổng (trống = không gửi thư)")
      ->envname("MOTCUA_SMTP_URL");
  serve_cmd->add_option("--smtp-from", serve.smtp_from, "Địa chỉ người gửi thư")
      ->envname("MOTCUA_SMTP_FROM")
      ->capture_default_str();
  serve_cmd->add_option("--smtp-user", serve.smtp_user, "Tên đăng nhập máy chủ thư (tùy chọn)")
      ->envname("MOTCUA_SMTP_USER");
  serve_cmd->add_option("--smtp-password", serve.smtp_password, "Mật khẩu máy chủ thư (tùy chọn)")
      ->envname("MOTCUA_SMTP_PASSWORD");
  serve_cmd
      ->add_option("--password-reset-rate-per-minute", serve.password_reset_rate_per_minute,
                   "Số yêu cầu đặt lại mật khẩu mỗi phút cho một địa chỉ (0 = không giới hạn)")
      ->envname("MOTCUA_PASSWORD_RESET_RATE_PER_MINUTE")
      ->check(CLI::Range(0, 100000));
  // Postal carrier (decision 0018).
  serve_cmd
      ->add_option("--carrier-url", serve.carrier_url,
                   "Địa chỉ API của đơn vị bưu chính (đăng ký bưu gửi, tra cứu hành trình); "
                   "trống = không kết nối")
      ->envname("MOTCUA_CARRIER_URL");
  serve_cmd
      ->add_option("--carrier-key", serve.carrier_key,
                   "Khóa dùng chung với đơn vị bưu chính: gửi kèm mỗi yêu cầu và ký (HMAC-SHA256) "
                   "thông báo sự kiện phát gửi đến /api/v1/postal/events")
      ->envname("MOTCUA_CARRIER_KEY");
  serve_cmd
      ->add_option("--carrier-name", serve.carrier_name,
                   "Tên đơn vị bưu chính ghi kèm số hiệu bưu gửi; vnpost = kiểm tra định dạng "
                   "S10 (EV123456785VN)")
      ->envname("MOTCUA_CARRIER_NAME")
      ->capture_default_str();
  serve_cmd
      ->add_option("--carrier-sync-seconds", serve.carrier_sync_seconds,
                   "Chu kỳ (giây) đăng ký bưu gửi mới và hỏi hành trình bưu gửi chưa phát xong "
                   "(0 = chỉ nhận thông báo)")
      ->envname("MOTCUA_CARRIER_SYNC_SECONDS")
      ->capture_default_str()
      ->check(CLI::Range(0, 86400));
  serve_cmd
      ->add_option("--postal-event-rate-per-minute", serve.postal_event_rate_per_minute,
                   "Số thông báo sự kiện bưu chính mỗi phút cho một địa chỉ (0 = không giới hạn)")
      ->envname("MOTCUA_POSTAL_EVENT_RATE_PER_MINUTE")
      ->capture_default_str()
      ->check(CLI::Range(0, 100000));
  // Electronic results signed with the agency's certificate (decision 0017).
  serve_cmd
      ->add_option("--signing-dir", serve.signing_dir,
                   "Thư mục chứng thư số ký kết quả điện tử: <mã cơ quan>.p12 (PKCS#12); cơ quan "
                   "không có tệp riêng dùng chứng thư của cơ quan cấp trên gần nhất")
      ->envname("MOTCUA_SIGNING_DIR");
  serve_cmd
      ->add_option("--signing-p12", serve.signing_p12,
                   "Một tệp PKCS#12 dùng ký kết quả cho mọi cơ quan (khi không có --signing-dir)")
      ->envname("MOTCUA_SIGNING_P12");
  serve_cmd
      ->add_option("--signing-password-file", serve.signing_password_file,
                   "Tệp chứa mật khẩu các tệp PKCS#12 (dòng đầu; mặc định: <signing-dir>/password)")
      ->envname("MOTCUA_SIGNING_PASSWORD_FILE");
  serve_cmd
      ->add_option("--sms-url", serve.sms_url,
                   "API gửi tin nhắn thương hiệu (brandname) cho thông báo hồ sơ, "
                   "http(s)://... (trống = không gửi SMS)")
      ->envname("MOTCUA_SMS_URL");
  serve_cmd
      ->add_option("--sms-key", serve.sms_key,
                   "Khóa ký HMAC-SHA256 với nhà cung cấp SMS (cả tin đến /api/v1/sms/inbound)")
      ->envname("MOTCUA_SMS_KEY");
  serve_cmd->add_option("--sms-brandname", serve.sms_brandname, "Tên thương hiệu gửi SMS")
      ->envname("MOTCUA_SMS_BRANDNAME")
      ->capture_default_str();
  serve_cmd
      ->add_option("--zalo-url", serve.zalo_url,
                   "API gửi thông báo Zalo ZNS theo mẫu (trống = không gửi Zalo)")
      ->envname("MOTCUA_ZALO_URL");
  serve_cmd->add_option("--zalo-key", serve.zalo_key, "Access token của Zalo Official Account")
      ->envname("MOTCUA_ZALO_KEY");
  serve_cmd
      ->add_option("--sms-quiet-hours", serve.sms_quiet_hours,
                   "Khung giờ không gửi SMS, giờ Việt Nam (HH:MM-HH:MM hoặc off)")
      ->envname("MOTCUA_SMS_QUIET_HOURS")
      ->capture_default_str()
      ->check([](const std::string& v) -> std::string {
        return domain::ParseQuietHours(v) ? std::string() : "HH:MM-HH:MM hoặc off";
      });
  serve_cmd
      ->add_option("--notify-interval-ms", serve.notify_interval_ms,
                   "Chu kỳ (mili giây) gửi các thông báo đến hạn")
      ->envname("MOTCUA_NOTIFY_INTERVAL_MS")
      ->capture_default_str()
      ->check(CLI::Range(50, 3600 * 1000));
  serve_cmd
      ->add_option("--notify-retry-seconds", serve.notify_retry_seconds,
                   "Thời gian chờ trước lần gửi lại đầu tiên (giây; gấp đôi sau mỗi lần lỗi)")
      ->envname("MOTCUA_NOTIFY_RETRY_SECONDS")
      ->capture_default_str()
      ->check(CLI::Range(1, 86400));
  serve_cmd
      ->add_option("--notify-max-attempts", serve.notify_max_attempts,
                   "Số lần gửi tối đa trước khi thông báo bị đưa vào danh sách lỗi")
      ->envname("MOTCUA_NOTIFY_MAX_ATTEMPTS")
      ->capture_default_str()
      ->check(CLI::Range(1, 100));
  serve_cmd
      ->add_option("--notify-lease-seconds", serve.notify_lease_seconds,
                   "Thời gian giữ một thông báo đang gửi (giây); thông báo đang gửi khi máy chủ "
                   "dừng đột ngột được gửi lại sau chừng ấy")
      ->envname("MOTCUA_NOTIFY_LEASE_SECONDS")
      ->capture_default_str()
      ->check(CLI::Range(1, 3600));
  // Fees and payment (issue 16, decision 0016).
  serve_cmd
      ->add_option("--payment-url", serve.payment_url,
                   "Trang thanh toán của cổng thanh toán trực tuyến (vpcpay); trống = không "
                   "thanh toán trực tuyến, chỉ nộp phí tại quầy")
      ->envname("MOTCUA_PAYMENT_URL");
  serve_cmd
      ->add_option("--payment-merchant", serve.payment_merchant,
                   "Mã đơn vị chấp nhận thanh toán (vnp_TmnCode) do cổng thanh toán cấp")
      ->envname("MOTCUA_PAYMENT_MERCHANT");
  serve_cmd
      ->add_option("--payment-secret", serve.payment_secret,
                   "Khóa bí mật ký dữ liệu với cổng thanh toán (HMAC-SHA512)")
      ->envname("MOTCUA_PAYMENT_SECRET");
  serve_cmd
      ->add_option("--province-fees", serve.province_fees,
                   "Tệp JSON mức phí, lệ phí do HĐND tỉnh quyết định (mặc định: "
                   "data/fees/province.json)")
      ->envname("MOTCUA_PROVINCE_FEES");
  bool no_access_log = false;
  serve_cmd->add_flag("--no-access-log", no_access_log);
  serve_cmd->add_flag("--routes", serve.list_routes,
                      "In bảng định tuyến (JSON) rồi thoát (print the route table and exit)");
  serve_cmd->callback([&] {
    serve.access_log = !no_access_log;
    serve.same_day_cutoff_minute =
        same_day_cutoff == "none"
            ? std::nullopt
            : std::optional<int>(std::stoi(same_day_cutoff.substr(0, 2)) * 60 +
                                 std::stoi(same_day_cutoff.substr(3, 2)));
    exit_code = Serve(serve);
  });

  std::string db_url = "var/motcua.db";
  auto* migrate_cmd = app.add_subcommand("migrate", "Cập nhật lược đồ cơ sở dữ liệu (migrate)");
  migrate_cmd->add_option("--db", db_url)->envname("MOTCUA_DB")->capture_default_str();
  migrate_cmd->callback([&] {
    auto db = storage::OpenDatabase(storage::DatabaseOptions(db_url));
    if (!db.ok()) {
      fmt::print(stderr, "Không mở được cơ sở dữ liệu: {}\n", db.status().ToString());
      exit_code = 1;
      return;
    }
    auto n = storage::Migrate(**db);
    if (!n.ok()) {
      fmt::print(stderr, "Lỗi cập nhật lược đồ: {}\n", n.status().ToString());
      exit_code = 1;
      return;
    }
    fmt::print("Đã áp dụng {} bản cập nhật lược đồ (migrations applied).\n", *n);
  });

  service::NewUser new_user;
  auto* user_cmd = app.add_subcommand("create-user", "Tạo người dùng (create a user)");
  user_cmd->add_option("--db", db_url)->envname("MOTCUA_DB")->capture_default_str();
  user_cmd->add_option("--username", new_user.username)->required();
  user_cmd->add_option("--password", new_user.password)->required();
  user_cmd->add_option("--role", new_user.role)
      ->required()
      ->check(CLI::IsMember(
          {"citizen", "reception_officer", "specialist", "leader", "monitor", "admin"}));
  user_cmd->add_option("--agency", new_user.agency_code, "Mã định danh cơ quan (cán bộ)");
  user_cmd->add_option("--full-name", new_user.full_name);
  user_cmd->callback([&] {
    auto db = OpenMigrated(db_url);
    if (!db) {
      exit_code = 1;
      return;
    }
    if (new_user.full_name.empty()) new_user.full_name = new_user.username;
    InitCrypto();
    service::AuthService auth(*db, SystemClock::Instance(), {});
    auto p = auth.CreateUser(nullptr, new_user);
    if (!p.ok()) {
      fmt::print(stderr, "Không tạo được người dùng: {} ({})\n", p.status().Message("vi"),
                 p.status().field());
      exit_code = p.status().code() == Code::kInternal ? 1 : 2;
      return;
    }
    fmt::print("Đã tạo người dùng {} (id {}).\n", p->username, p->user_id);
  });

  AddCalendarCommands(app, exit_code);
  AddReportCommands(app, exit_code);
  AddImportCommands(app, exit_code);
  AddCatalogueCommands(app, exit_code);
  AddAuditCommands(app, exit_code);
  AddMaintenanceCommands(app, exit_code);

  app.add_subcommand("version", "In phiên bản (print the version)")->callback([] {
    fmt::print("motcua {}\n", MOTCUA_VERSION);
  });

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int rc = app.exit(e);
    return rc == 0 ? 0 : 2;
  }
  return exit_code;
}

}  // namespace motcua::app
