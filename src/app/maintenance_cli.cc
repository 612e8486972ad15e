#include "app/maintenance_cli.h"

#include <fmt/format.h>

#include <csignal>
#include <cstdio>
#include <memory>
#include <stop_token>

#include "app/backup.h"
#include "common/clock.h"
#include "storage/database.h"
#include "storage/retention.h"

namespace motcua::app {
namespace {

std::stop_source* g_purge_stop = nullptr;

// Only atomics are touched: request_stop on a source without registered callbacks.
extern "C" void StopPurge(int) {
  if (g_purge_stop != nullptr) g_purge_stop->request_stop();
}

struct PurgeArgs {
  std::string db = "var/motcua.db";
  int idempotency_window_hours = 24;
  int batch_rows = 500;
};

int Purge(const PurgeArgs& a) {
  auto db = storage::OpenDatabase(storage::DatabaseOptions(a.db));
  if (!db.ok()) {
    fmt::print(stderr, "Không mở được cơ sở dữ liệu {}: {}\n", a.db, db.status().ToString());
    return 1;
  }
  if (auto n = storage::Migrate(**db); !n.ok()) {
    fmt::print(stderr, "Lỗi cập nhật lược đồ: {}\n", n.status().ToString());
    return 1;
  }
  std::stop_source stop;
  g_purge_stop = &stop;
  auto old_term = std::signal(SIGTERM, StopPurge);
  auto old_int = std::signal(SIGINT, StopPurge);
  storage::RetentionOptions options;
  options.idempotency_window_seconds = int64_t{a.idempotency_window_hours} * 3600;
  options.batch_rows = a.batch_rows;
  storage::RetentionResult done;
  auto r = storage::PurgeExpired(**db, SystemClock::Instance().NowSeconds(), options,
                                 stop.get_token(), &done);
  std::signal(SIGTERM, old_term);
  std::signal(SIGINT, old_int);
  g_purge_stop = nullptr;
  (*db)->Close();
  if (!r.ok()) {
    fmt::print(stderr, "{}: đã xóa {} bản ghi chống gửi trùng và {} phiên trước khi dừng ({}).\n",
               r.status().reason() == "cancelled" ? "Đã dừng theo yêu cầu" : "Lỗi khi xóa",
               done.idempotency_keys, done.sessions, r.status().ToString());
    return 1;
  }
  fmt::print(
      "Đã xóa {} bản ghi chống gửi trùng (quá {} giờ) và {} phiên đã hết hạn; {} thông báo đã "
      "gửi xong quá {} ngày; {} liên kết hủy nhận thư quá {} ngày.\n",
      done.idempotency_keys, a.idempotency_window_hours, done.sessions, done.notifications,
      storage::RetentionOptions{}.notification_window_seconds / 86400, done.unsubscribe_links,
      storage::RetentionOptions{}.unsubscribe_link_window_seconds / 86400);
  return 0;
}

}  // namespace

void AddMaintenanceCommands(CLI::App& app, int& exit_code) {
  auto backup = std::make_shared<BackupOptions>();
  backup->db = "var/motcua.db";
  auto* b = app.add_subcommand("backup",
                               "Sao lưu trực tuyến cơ sở dữ liệu và tệp đính kèm (online backup)");
  b->add_option("--db", backup->db, "Đường dẫn SQLite hoặc URL postgresql://")
      ->envname("MOTCUA_DB")
      ->capture_default_str();
  b->add_option("--attachments-dir", backup->attachments_dir,
                "Thư mục tệp đính kèm (mặc định: attachments/ cạnh tệp SQLite)")
      ->envname("MOTCUA_ATTACHMENTS_DIR");
  b->add_option("--to", backup->to, "Thư mục bản sao lưu (chưa tồn tại)")->required();
  b->callback([&exit_code, backup] {
    std::string summary;
    Status st = Backup(*backup, &summary);
    if (!st.ok()) {
      fmt::print(stderr, "{}\n", st.Message("vi"));
      exit_code = 1;
      return;
    }
    fmt::print("{}\n", summary);
  });

  auto restore = std::make_shared<RestoreOptions>();
  restore->db = "var/motcua.db";
  auto* r = app.add_subcommand(
      "restore", "Khôi phục từ bản sao lưu sau khi kiểm tra manifest (restore a backup)");
  r->add_option("--from", restore->from, "Thư mục bản sao lưu")->required();
  r->add_option("--db", restore->db, "Đường dẫn SQLite hoặc URL postgresql:// đích")
      ->envname("MOTCUA_DB")
      ->capture_default_str();
  r->add_option("--attachments-dir", restore->attachments_dir,
                "Thư mục tệp đính kèm đích (mặc định: attachments/ cạnh tệp SQLite)")
      ->envname("MOTCUA_ATTACHMENTS_DIR");
  r->add_flag("--force", restore->force,
              "Thay thế tệp SQLite đã có, hoặc các bảng trong PostgreSQL (máy chủ phải đang dừng)");
  r->callback([&exit_code, restore] {
    std::string summary;
    Status st = Restore(*restore, &summary);
    if (!st.ok()) {
      fmt::print(stderr, "{}\n", st.Message("vi"));
      exit_code = 1;
      return;
    }
    fmt::print("{}\n", summary);
  });

  auto purge = std::make_shared<PurgeArgs>();
  auto* p = app.add_subcommand(
      "purge", "Xóa bản ghi chống gửi trùng quá hạn và phiên đăng nhập đã hết hạn (retention)");
  p->add_option("--db", purge->db, "Đường dẫn SQLite hoặc URL postgresql://")
      ->envname("MOTCUA_DB")
      ->capture_default_str();
  p->add_option("--idempotency-window-hours", purge->idempotency_window_hours)
      ->envname("MOTCUA_IDEMPOTENCY_WINDOW_HOURS")
      ->check(CLI::Range(1, 24 * 30))
      ->capture_default_str();
  p->add_option("--batch-rows", purge->batch_rows)->check(CLI::Range(1, 100000));
  p->callback([&exit_code, purge] { exit_code = Purge(*purge); });
}

}  // namespace motcua::app
