#include "app/audit_cli.h"

#include <fmt/format.h>

#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>

#include "common/crypto.h"
#include "storage/audit_chain.h"
#include "storage/database.h"

namespace motcua::app {
namespace {

std::string TableLabel(const std::string& table) {
  return table == "dossier_history" ? "lịch sử hồ sơ (dossier_history)"
                                    : "nhật ký hệ thống (audit_log)";
}

// Opens without migrating: verifying must not change what it verifies (a backup copy, say).
int Verify(const std::string& url) {
  const bool is_url = url.rfind("postgres", 0) == 0;
  if (!is_url && !std::filesystem::exists(url)) {
    fmt::print(stderr, "Không tìm thấy tệp cơ sở dữ liệu {}.\n", url);
    return 1;
  }
  auto db = storage::OpenDatabase(storage::DatabaseOptions(url));
  if (!db.ok()) {
    fmt::print(stderr, "Không mở được cơ sở dữ liệu {}: {}\n", url, db.status().ToString());
    return 1;
  }
  InitCrypto();
  auto check = storage::VerifyChains(**db);
  (*db)->Close();
  if (!check.ok()) {
    fmt::print(stderr,
               "Không kiểm tra được chuỗi băm (cơ sở dữ liệu chưa cập nhật lược đồ 14, hãy chạy "
               "`motcua migrate`?): {}\n",
               check.status().ToString());
    return 1;
  }
  if (check->first_break) {
    const auto& b = *check->first_break;
    fmt::print(stderr,
               "PHÁT HIỆN SỬA ĐỔI: chuỗi băm của {} bị đứt tại dòng id {} ({}). Dòng này {}.\n"
               "Đã kiểm tra đúng {} dòng trước đó.\n",
               TableLabel(b.table), b.row_id, b.reason,
               b.reason == "content_changed"
                   ? "đã bị sửa sau khi ghi"
                   : "không nối với dòng liền trước: dòng trước đã bị xóa hoặc bị sửa",
               check->rows_checked);
    fmt::print("broken table={} id={} reason={}\n", b.table, b.row_id, b.reason);
    return 1;
  }
  for (const auto& h : check->heads) {
    fmt::print("{}: {} dòng, dòng cuối id {} băm {}\n", TableLabel(h.table), h.rows, h.last_id,
               h.last_hash.empty() ? "-" : h.last_hash);
  }
  fmt::print("OK: chuỗi băm nguyên vẹn ({} dòng).\n", check->rows_checked);
  return 0;
}

}  // namespace

void AddAuditCommands(CLI::App& app, int& exit_code) {
  auto* audit = app.add_subcommand("audit", "Nhật ký và lịch sử hồ sơ (audit trail)");
  audit->require_subcommand(1);
  auto db_url = std::make_shared<std::string>("var/motcua.db");
  auto* verify = audit->add_subcommand(
      "verify", "Kiểm tra chuỗi băm của lịch sử hồ sơ và nhật ký (verify the hash chains)");
  verify->add_option("--db", *db_url, "Đường dẫn SQLite hoặc URL postgresql://")
      ->envname("MOTCUA_DB")
      ->capture_default_str();
  verify->callback([&exit_code, db_url] { exit_code = Verify(*db_url); });
}

}  // namespace motcua::app
