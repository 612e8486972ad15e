#include "app/backup.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <sodium.h>
#include <unistd.h>

#include <algorithm>
#include <boost/json.hpp>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <vector>

#include "common/crypto.h"
#include "storage/audit_chain.h"
#include "storage/backup.h"
#include "storage/database.h"

namespace motcua::app {
namespace {

namespace fs = std::filesystem;
namespace json = boost::json;

constexpr const char* kFormat = "motcua-backup-1";
constexpr const char* kSqliteFile = "database.sqlite3";
constexpr const char* kPostgresFile = "database.pgdump";

// Failed preconditions of the operator's command (kValidation: its message is shown; kInternal
// messages are hidden from users).
Status Fail(std::string message_vi) {
  return Status(Code::kValidation, "backup_failed", {}, std::move(message_vi));
}

bool IsPostgres(const std::string& db) { return db.rfind("postgres", 0) == 0; }

struct FileDigest {
  std::string sha256;
  int64_t bytes = 0;
};

Result<FileDigest> DigestFile(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  if (!in) return Fail(fmt::format("Không đọc được tệp {}.", p.string()));
  crypto_hash_sha256_state st;
  crypto_hash_sha256_init(&st);
  std::vector<char> buf(1 << 16);
  FileDigest d;
  while (in) {
    in.read(buf.data(), static_cast<std::streamsize>(buf.size()));
    std::streamsize n = in.gcount();
    if (n <= 0) break;
    crypto_hash_sha256_update(&st, reinterpret_cast<const unsigned char*>(buf.data()),
                              static_cast<unsigned long long>(n));
    d.bytes += n;
  }
  if (in.bad()) return Fail(fmt::format("Lỗi khi đọc tệp {}.", p.string()));
  unsigned char out[crypto_hash_sha256_BYTES];
  crypto_hash_sha256_final(&st, out);
  char hex[crypto_hash_sha256_BYTES * 2 + 1];
  sodium_bin2hex(hex, sizeof hex, out, sizeof out);
  d.sha256 = hex;
  return d;
}

// fsync of a file or a directory, so that a backup reported complete survives a power cut.
void SyncPath(const fs::path& p) {
  int fd = ::open(p.c_str(), O_RDONLY);
  if (fd < 0) return;
  (void)::fsync(fd);
  ::close(fd);
}

// Every regular file under `root`, as paths relative to it, sorted.
std::vector<std::string> FilesUnder(const fs::path& root) {
  std::vector<std::string> out;
  std::error_code ec;
  if (!fs::exists(root, ec)) return out;
  for (auto it = fs::recursive_directory_iterator(root, ec); !ec && it != fs::end(it);
       it.increment(ec)) {
    if (it->is_regular_file(ec)) out.push_back(fs::relative(it->path(), root, ec).generic_string());
  }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace

std::string DefaultAttachmentsDir(const std::string& db) {
  if (IsPostgres(db)) return "var/attachments";
  auto slash = db.find_last_of('/');
  return slash == std::string::npos ? "attachments" : db.substr(0, slash) + "/attachments";
}

Status Backup(const BackupOptions& o, std::string* summary) {
  InitCrypto();
  const fs::path to(o.to);
  std::error_code ec;
  if (o.to.empty()) return Fail("Thiếu thư mục đích (--to).");
  if (fs::exists(to, ec))
    return Fail(
        fmt::format("Thư mục đích {} đã tồn tại: hãy chọn một thư mục mới cho mỗi bản "
                    "sao lưu.",
                    o.to));
  const bool pg = IsPostgres(o.db);
  if (!pg && !fs::exists(o.db, ec))
    return Fail(fmt::format("Không tìm thấy tệp cơ sở dữ liệu {}.", o.db));
  const fs::path partial = o.to + ".partial";
  fs::remove_all(partial, ec);
  fs::create_directories(partial, ec);
  if (ec)
    return Fail(fmt::format("Không tạo được thư mục {}: {}.", partial.string(), ec.message()));
  auto fail = [&](std::string message) {
    std::error_code ignored;
    fs::remove_all(partial, ignored);
    return Fail(std::move(message));
  };

  // The database first: every attachment its rows name was stored before the row committed, so
  // copying the attachments afterwards finds them all.
  const std::string db_file = pg ? kPostgresFile : kSqliteFile;
  Status copied = pg ? storage::PostgresDump(o.db, (partial / db_file).string())
                     : storage::SqliteOnlineBackup(o.db, (partial / db_file).string());
  if (!copied.ok())
    return fail(fmt::format("Sao lưu cơ sở dữ liệu thất bại: {}", copied.ToString()));

  const std::string attachments =
      o.attachments_dir.empty() ? DefaultAttachmentsDir(o.db) : o.attachments_dir;
  int64_t attachment_count = 0;
  for (const std::string& rel : FilesUnder(attachments)) {
    const fs::path dest = partial / "attachments" / rel;
    fs::create_directories(dest.parent_path(), ec);
    fs::copy_file(fs::path(attachments) / rel, dest, fs::copy_options::overwrite_existing, ec);
    if (ec) return fail(fmt::format("Không sao chép được tệp đính kèm {}: {}.", rel, ec.message()));
    ++attachment_count;
  }

  json::array files;
  int64_t total = 0;
  for (const std::string& rel : FilesUnder(partial)) {
    auto d = DigestFile(partial / rel);
    if (!d.ok()) return fail(d.status().Message("vi"));
    SyncPath(partial / rel);
    files.push_back(json::object{{"path", rel}, {"sha256", d->sha256}, {"bytes", d->bytes}});
    total += d->bytes;
  }
  const auto now = std::chrono::duration_cast<std::chrono::seconds>(
                       std::chrono::system_clock::now().time_since_epoch())
                       .count();
  json::object manifest{{"format", kFormat},
                        {"created_at", now},
                        {"dialect", pg ? "postgres" : "sqlite"},
                        {"database", db_file},
                        {"files", std::move(files)}};
  {
    std::ofstream out(partial / "manifest.json", std::ios::binary | std::ios::trunc);
    out << json::serialize(manifest) << "\n";
    if (!out.flush()) return fail("Không ghi được manifest.json.");
  }
  SyncPath(partial / "manifest.json");
  SyncPath(partial);
  fs::rename(partial, to, ec);
  if (ec)
    return fail(
        fmt::format("Không đổi tên {} thành {}: {}.", partial.string(), o.to, ec.message()));
  SyncPath(to.parent_path().empty() ? fs::path(".") : to.parent_path());
  *summary = fmt::format(
      "Đã sao lưu vào {}: cơ sở dữ liệu ({}), {} tệp đính kèm, tổng {} byte; manifest.json ghi "
      "mã SHA-256 của từng tệp.",
      o.to, pg ? "pg_dump" : "SQLite online backup", attachment_count, total);
  return Status::Ok();
}

Status Restore(const RestoreOptions& o, std::string* summary) {
  InitCrypto();
  const fs::path from(o.from);
  std::error_code ec;
  std::ifstream in(from / "manifest.json", std::ios::binary);
  if (!in)
    return Fail(
        fmt::format("Không tìm thấy {}/manifest.json: đây không phải bản sao lưu của "
                    "MotCua hoặc bản sao lưu chưa hoàn tất.",
                    o.from));
  std::stringstream text;
  text << in.rdbuf();
  json::error_code jec;
  json::value parsed = json::parse(text.str(), jec);
  const json::object* m = parsed.if_object();
  const json::value* format = m ? m->if_contains("format") : nullptr;
  const json::value* files = m ? m->if_contains("files") : nullptr;
  const json::value* db_file = m ? m->if_contains("database") : nullptr;
  const json::value* dialect = m ? m->if_contains("dialect") : nullptr;
  if (jec || !format || !format->is_string() || format->as_string() != kFormat || !files ||
      !files->is_array() || !db_file || !db_file->is_string() || !dialect || !dialect->is_string())
    return Fail(
        "BẢN SAO LƯU BỊ HỎNG: manifest.json không đọc được hoặc sai định dạng. Không khôi "
        "phục.");

  // The whole backup is checked before anything is written.
  std::map<std::string, bool> listed;
  for (const json::value& f : files->as_array()) {
    const json::object* e = f.if_object();
    if (!e || !e->contains("path") || !e->at("path").is_string() || !e->contains("sha256") ||
        !e->at("sha256").is_string() || !e->contains("bytes") || !e->at("bytes").is_int64())
      return Fail(
          "BẢN SAO LƯU BỊ HỎNG: một mục trong manifest.json thiếu đường dẫn, mã băm hoặc "
          "kích thước. Không khôi phục.");
    std::string rel(e->at("path").as_string());
    if (rel.find("..") != std::string::npos || rel.empty() || rel[0] == '/')
      return Fail(
          fmt::format("BẢN SAO LƯU BỊ HỎNG: đường dẫn không hợp lệ trong manifest: {}.", rel));
    auto d = DigestFile(from / rel);
    if (!d.ok())
      return Fail(fmt::format("BẢN SAO LƯU BỊ HỎNG: thiếu tệp {}. Không khôi phục.", rel));
    if (d->bytes != e->at("bytes").as_int64() || d->sha256 != e->at("sha256").as_string())
      return Fail(
          fmt::format("BẢN SAO LƯU BỊ HỎNG: tệp {} không khớp mã SHA-256/kích thước ghi "
                      "trong manifest.json. Không khôi phục.",
                      rel));
    listed[rel] = true;
  }
  const std::string db_name(db_file->as_string());
  if (!listed.count(db_name))
    return Fail("BẢN SAO LƯU BỊ HỎNG: manifest.json không liệt kê tệp cơ sở dữ liệu.");
  for (const std::string& rel : FilesUnder(from))
    if (rel != "manifest.json" && !listed.count(rel))
      return Fail(
          fmt::format("BẢN SAO LƯU BỊ HỎNG: tệp {} không có trong manifest.json. Không "
                      "khôi phục.",
                      rel));

  const bool pg = IsPostgres(o.db);
  if (pg != (dialect->as_string() == "postgres"))
    return Fail(fmt::format("Bản sao lưu là của {} nhưng đích --db là {}.",
                            std::string(dialect->as_string()), pg ? "PostgreSQL" : "SQLite"));
  if (pg) {
    // pg_restore --clean drops MotCua's tables in the target first: only on an explicit request.
    if (!o.force)
      return Fail(
          "Khôi phục vào PostgreSQL thay thế mọi bảng của MotCua trong cơ sở dữ liệu đích. "
          "Dừng máy chủ rồi chạy lại với --force.");
    Status st = storage::PostgresRestore((from / db_name).string(), o.db);
    if (!st.ok()) return Fail(fmt::format("Khôi phục PostgreSQL thất bại: {}", st.ToString()));
  } else {
    if (fs::exists(o.db, ec) && !o.force)
      return Fail(
          fmt::format("Tệp {} đã tồn tại. Dừng máy chủ rồi chạy lại với --force để thay "
                      "thế nó.",
                      o.db));
    const fs::path target(o.db);
    if (!target.parent_path().empty()) fs::create_directories(target.parent_path(), ec);
    const fs::path tmp = o.db + ".restoring";
    fs::copy_file(from / db_name, tmp, fs::copy_options::overwrite_existing, ec);
    if (ec) return Fail(fmt::format("Không ghi được {}: {}.", tmp.string(), ec.message()));
    SyncPath(tmp);
    if (Status st = storage::SqliteIntegrityCheck(tmp.string()); !st.ok()) {
      fs::remove(tmp, ec);
      return Fail(
          fmt::format("Cơ sở dữ liệu khôi phục không qua integrity_check: {}", st.ToString()));
    }
    // The old WAL would be replayed over the restored file: it goes with the old database.
    fs::remove(o.db + "-wal", ec);
    fs::remove(o.db + "-shm", ec);
    fs::rename(tmp, target, ec);
    if (ec) return Fail(fmt::format("Không thay được {}: {}.", o.db, ec.message()));
    SyncPath(target.parent_path().empty() ? fs::path(".") : target.parent_path());
  }

  const std::string attachments =
      o.attachments_dir.empty() ? DefaultAttachmentsDir(o.db) : o.attachments_dir;
  int64_t restored = 0;
  for (const auto& [rel, _] : listed) {
    if (rel.rfind("attachments/", 0) != 0) continue;
    const fs::path dest = fs::path(attachments) / rel.substr(std::string("attachments/").size());
    fs::create_directories(dest.parent_path(), ec);
    fs::copy_file(from / rel, dest, fs::copy_options::overwrite_existing, ec);
    if (ec) return Fail(fmt::format("Không chép được tệp đính kèm {}: {}.", rel, ec.message()));
    ++restored;
  }

  // What was restored must pass the audit chain check, as the original did.
  auto db = storage::OpenDatabase(storage::DatabaseOptions(o.db));
  if (!db.ok())
    return Fail(
        fmt::format("Không mở được cơ sở dữ liệu đã khôi phục: {}", db.status().ToString()));
  auto check = storage::VerifyChains(**db);
  (*db)->Close();
  if (!check.ok())
    return Fail(fmt::format("Không kiểm tra được chuỗi băm sau khi khôi phục: {}",
                            check.status().ToString()));
  if (check->first_break)
    return Fail(
        fmt::format("Đã khôi phục nhưng chuỗi băm của {} bị đứt tại dòng id {}: bản sao "
                    "lưu chứa dữ liệu đã bị sửa.",
                    check->first_break->table, check->first_break->row_id));
  *summary = fmt::format(
      "Đã khôi phục từ {}: cơ sở dữ liệu {} ({}chuỗi băm {} dòng: đạt), {} tệp đính kèm vào {}.",
      o.from, o.db, pg ? "" : "integrity_check và ", check->rows_checked, restored, attachments);
  return Status::Ok();
}

}  // namespace motcua::app
