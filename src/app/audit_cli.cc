#include "app/audit_cli.h"

#include <fmt/format.h>
#include <sodium.h>
#include <sys/stat.h>

#include <algorithm>
#include <boost/json.hpp>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "common/crypto.h"
#include "storage/audit_chain.h"
#include "storage/database.h"

namespace motcua::app {
namespace {

namespace json = boost::json;

constexpr const char* kDigestFormat = "motcua-audit-digest-1";

struct AuditArgs {
  std::string db = "var/motcua.db";
  std::string key_file;
  std::string out;
  std::vector<std::string> digests;
  std::string public_key;
  bool link = false;
};

std::string TableLabel(const std::string& table) {
  return table == "dossier_history" ? "lịch sử hồ sơ (dossier_history)"
                                    : "nhật ký hệ thống (audit_log)";
}

std::string Hex(const unsigned char* data, size_t n) {
  std::string out(n * 2 + 1, '\0');
  sodium_bin2hex(out.data(), out.size(), data, n);
  out.pop_back();
  return out;
}

bool FromHex(const std::string& hex, unsigned char* out, size_t n) {
  size_t len = 0;
  return sodium_hex2bin(out, n, hex.data(), hex.size(), nullptr, &len, nullptr) == 0 && len == n;
}

std::string Slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Opens without migrating: verifying must not change what it verifies (a backup copy, say).
std::unique_ptr<storage::Database> OpenExisting(const std::string& url) {
  if (url.rfind("postgres", 0) != 0 && !std::filesystem::exists(url)) {
    fmt::print(stderr, "Không tìm thấy tệp cơ sở dữ liệu {}.\n", url);
    return nullptr;
  }
  auto db = storage::OpenDatabase(storage::DatabaseOptions(url));
  if (!db.ok()) {
    fmt::print(stderr, "Không mở được cơ sở dữ liệu {}: {}\n", url, db.status().ToString());
    return nullptr;
  }
  return std::move(db).value();
}

// With --link: what the servers' linker would link next (decision 0023), so that a check right
// after a run covers every committed row. Returns false when linking failed.
bool LinkFirst(storage::Database& db, bool link) {
  if (!link) return true;
  auto linked = storage::LinkAllPendingRows(db);
  if (!linked.ok()) {
    fmt::print(stderr, "Không nối được các dòng đang chờ vào chuỗi băm: {}\n",
               linked.status().ToString());
    return false;
  }
  if (*linked > 0) fmt::print("Đã nối {} dòng đang chờ vào chuỗi băm.\n", *linked);
  return true;
}

// The chain check; prints the first break and returns false when there is one.
bool CheckChains(storage::Database& db, storage::ChainCheck* out) {
  auto check = storage::VerifyChains(db);
  if (!check.ok()) {
    fmt::print(stderr,
               "Không kiểm tra được chuỗi băm (cơ sở dữ liệu chưa cập nhật lược đồ 14, hãy chạy "
               "`motcua migrate`?): {}\n",
               check.status().ToString());
    return false;
  }
  if (check->first_break) {
    const auto& b = *check->first_break;
    fmt::print(stderr,
               "PHÁT HIỆN SỬA ĐỔI: chuỗi băm của {} bị đứt tại dòng id {} ({}). Dòng này {}.\n"
               "Đã kiểm tra đúng {} dòng trước đó.\n",
               TableLabel(b.table), b.row_id, b.reason,
               b.reason == "content_changed" ? "đã bị sửa sau khi ghi"
               : b.reason == "unlinked_with_hash"
                   ? "có mã băm nhưng không còn vị trí trong chuỗi: đã bị tách khỏi chuỗi"
                   : "không nối với dòng liền trước: dòng trước đã bị xóa hoặc bị sửa",
               check->rows_checked);
    fmt::print("broken table={} id={} reason={}\n", b.table, b.row_id, b.reason);
    return false;
  }
  *out = std::move(check).value();
  return true;
}

// A signed digest still matches: its signature is good under `public_key` and every chain head
// it recorded is still in the database with the same hash (so nothing up to it was rewritten and
// the tail was not cut).
bool CheckDigest(storage::Database& db, const std::string& path, const std::string& public_key) {
  unsigned char pk[crypto_sign_PUBLICKEYBYTES];
  if (!FromHex(public_key, pk, sizeof pk)) {
    fmt::print(stderr, "Khóa công khai --public-key không hợp lệ (64 ký tự hex).\n");
    return false;
  }
  json::error_code ec;
  json::value file = json::parse(Slurp(path), ec);
  const json::object* o = file.if_object();
  const json::value* payload = o ? o->if_contains("payload") : nullptr;
  const json::value* signature = o ? o->if_contains("signature") : nullptr;
  unsigned char sig[crypto_sign_BYTES];
  if (ec || !payload || !payload->is_string() || !signature || !signature->is_string() ||
      !FromHex(std::string(signature->as_string()), sig, sizeof sig)) {
    fmt::print(stderr, "Tệp bản tóm tắt {} không đọc được hoặc sai định dạng.\n", path);
    return false;
  }
  const std::string text(payload->as_string());
  if (crypto_sign_verify_detached(sig, reinterpret_cast<const unsigned char*>(text.data()),
                                  text.size(), pk) != 0) {
    fmt::print(stderr, "Chữ ký của bản tóm tắt {} KHÔNG hợp lệ với khóa công khai đã cho.\n", path);
    return false;
  }
  json::value p = json::parse(text, ec);
  const json::value* heads = p.is_object() ? p.as_object().if_contains("heads") : nullptr;
  if (ec || !heads || !heads->is_array()) {
    fmt::print(stderr, "Bản tóm tắt {} sai định dạng.\n", path);
    return false;
  }
  for (const json::value& h : heads->as_array()) {
    const json::object& head = h.as_object();
    const std::string table(head.at("table").as_string());
    const int64_t id = head.at("last_id").as_int64();
    if (id == 0) continue;  // the table was empty then
    auto now = storage::ChainRowHashAt(db, table, id);
    if (!now.ok()) {
      fmt::print(stderr, "Không đọc được {}: {}\n", table, now.status().ToString());
      return false;
    }
    if (!*now || **now != head.at("last_hash").as_string()) {
      fmt::print(stderr,
                 "PHÁT HIỆN SỬA ĐỔI: dòng id {} của {} {} so với bản tóm tắt đã ký {}: chuỗi đã bị "
                 "viết lại hoặc bị cắt đuôi.\n",
                 id, TableLabel(table), *now ? "có mã băm khác" : "không còn", path);
      fmt::print("broken table={} id={} reason=digest_mismatch\n", table, id);
      return false;
    }
  }
  fmt::print("Bản tóm tắt {}: chữ ký hợp lệ, các dòng đã ký vẫn nguyên vẹn.\n", path);
  return true;
}

int Verify(const AuditArgs& a) {
  InitCrypto();
  auto db = OpenExisting(a.db);
  if (!db) return 1;
  if (!a.digests.empty() && a.public_key.empty()) {
    fmt::print(stderr, "Cần --public-key để kiểm tra bản tóm tắt đã ký (--digest).\n");
    return 1;
  }
  storage::ChainCheck check;
  bool ok = LinkFirst(*db, a.link) && CheckChains(*db, &check);
  for (const auto& d : a.digests)
    if (ok) ok = CheckDigest(*db, d, a.public_key);
  db->Close();
  if (!ok) return 1;
  const int64_t now = std::chrono::duration_cast<std::chrono::seconds>(
                          std::chrono::system_clock::now().time_since_epoch())
                          .count();
  int64_t pending = 0;
  for (const auto& h : check.heads) {
    fmt::print("{}: {} dòng, dòng cuối id {} băm {}\n", TableLabel(h.table), h.rows, h.last_id,
               h.last_hash.empty() ? "-" : h.last_hash);
    // Committed but not linked yet: not a break, but not covered by the chain until linked.
    if (h.pending > 0) {
      const int64_t age =
          h.oldest_pending_at ? std::max<int64_t>(0, now - *h.oldest_pending_at) : 0;
      fmt::print(
          "  {} dòng đang chờ nối vào chuỗi (cũ nhất {} giây): chưa được chuỗi băm bảo vệ.\n",
          h.pending, age);
      fmt::print("pending table={} rows={} oldest_age_s={}\n", h.table, h.pending, age);
    }
    pending += h.pending;
  }
  fmt::print("OK: chuỗi băm nguyên vẹn ({} dòng{}).\n", check.rows_checked,
             pending > 0 ? fmt::format(", {} dòng đang chờ nối", pending) : "");
  return 0;
}

int Keygen(const AuditArgs& a) {
  InitCrypto();
  if (a.key_file.empty()) {
    fmt::print(stderr, "Thiếu --key-file.\n");
    return 1;
  }
  if (std::filesystem::exists(a.key_file)) {
    fmt::print(stderr, "Tệp khóa {} đã tồn tại: không ghi đè.\n", a.key_file);
    return 1;
  }
  unsigned char pk[crypto_sign_PUBLICKEYBYTES], sk[crypto_sign_SECRETKEYBYTES];
  crypto_sign_keypair(pk, sk);
  std::FILE* f = std::fopen(a.key_file.c_str(), "wx");
  if (f == nullptr) {
    fmt::print(stderr, "Không tạo được tệp khóa {}.\n", a.key_file);
    return 1;
  }
  ::chmod(a.key_file.c_str(), 0600);
  fmt::print(f, "{}\n", Hex(sk, sizeof sk));
  std::fclose(f);
  sodium_memzero(sk, sizeof sk);
  fmt::print("Đã tạo khóa ký Ed25519 trong {} (giữ bí mật).\nKhóa công khai: {}\n", a.key_file,
             Hex(pk, sizeof pk));
  return 0;
}

int Digest(const AuditArgs& a) {
  InitCrypto();
  unsigned char sk[crypto_sign_SECRETKEYBYTES];
  std::string key = Slurp(a.key_file);
  while (!key.empty() && (key.back() == '\n' || key.back() == '\r')) key.pop_back();
  if (a.key_file.empty() || !FromHex(key, sk, sizeof sk)) {
    fmt::print(stderr,
               "Không đọc được khóa ký từ --key-file {} (tạo bằng `motcua audit keygen`).\n",
               a.key_file);
    return 1;
  }
  auto db = OpenExisting(a.db);
  if (!db) return 1;
  storage::ChainCheck check;
  if (!LinkFirst(*db, a.link)) return 1;
  bool ok = CheckChains(*db, &check);
  db->Close();
  if (!ok) {
    fmt::print(stderr, "Không ký bản tóm tắt cho một chuỗi đã bị đứt.\n");
    return 1;
  }
  json::array heads;
  for (const auto& h : check.heads)
    heads.push_back(json::object{
        {"table", h.table}, {"last_id", h.last_id}, {"last_hash", h.last_hash}, {"rows", h.rows}});
  const int64_t now = std::chrono::duration_cast<std::chrono::seconds>(
                          std::chrono::system_clock::now().time_since_epoch())
                          .count();
  const std::string payload = json::serialize(
      json::object{{"format", kDigestFormat}, {"at", now}, {"heads", std::move(heads)}});
  unsigned char sig[crypto_sign_BYTES];
  crypto_sign_detached(sig, nullptr, reinterpret_cast<const unsigned char*>(payload.data()),
                       payload.size(), sk);
  unsigned char pk[crypto_sign_PUBLICKEYBYTES];
  crypto_sign_ed25519_sk_to_pk(pk, sk);
  sodium_memzero(sk, sizeof sk);
  const std::string out = json::serialize(json::object{{"payload", payload},
                                                       {"signature", Hex(sig, sizeof sig)},
                                                       {"public_key", Hex(pk, sizeof pk)}});
  if (a.out.empty()) {
    fmt::print("{}\n", out);
    return 0;
  }
  const std::string tmp = a.out + ".tmp";
  {
    std::ofstream f(tmp, std::ios::binary | std::ios::trunc);
    f << out << "\n";
    if (!f.flush()) {
      fmt::print(stderr, "Không ghi được {}.\n", a.out);
      return 1;
    }
  }
  std::error_code ec;
  std::filesystem::rename(tmp, a.out, ec);
  if (ec) {
    fmt::print(stderr, "Không ghi được {}: {}.\n", a.out, ec.message());
    return 1;
  }
  fmt::print("Đã ký bản tóm tắt chuỗi băm ({} dòng) vào {}.\n", check.rows_checked, a.out);
  return 0;
}

}  // namespace

void AddAuditCommands(CLI::App& app, int& exit_code) {
  auto* audit = app.add_subcommand("audit", "Nhật ký và lịch sử hồ sơ (audit trail)");
  audit->require_subcommand(1);
  auto args = std::make_shared<AuditArgs>();
  auto db_option = [args](CLI::App* cmd) {
    cmd->add_option("--db", args->db, "Đường dẫn SQLite hoặc URL postgresql://")
        ->envname("MOTCUA_DB")
        ->capture_default_str();
  };
  auto* verify = audit->add_subcommand(
      "verify", "Kiểm tra chuỗi băm của lịch sử hồ sơ và nhật ký (verify the hash chains)");
  db_option(verify);
  verify->add_option("--digest", args->digests,
                     "Bản tóm tắt đã ký (audit digest) để đối chiếu; có thể lặp lại");
  verify->add_option("--public-key", args->public_key, "Khóa công khai Ed25519 (hex)")
      ->envname("MOTCUA_AUDIT_PUBLIC_KEY");
  verify->add_flag("--link", args->link,
                   "Nối trước các dòng đang chờ vào chuỗi (PostgreSQL), rồi mới kiểm tra");
  verify->callback([&exit_code, args] { exit_code = Verify(*args); });

  auto* keygen = audit->add_subcommand("keygen", "Tạo khóa ký Ed25519 cho bản tóm tắt hằng ngày");
  keygen->add_option("--key-file", args->key_file, "Tệp khóa bí mật sẽ tạo")->required();
  keygen->callback([&exit_code, args] { exit_code = Keygen(*args); });

  auto* digest = audit->add_subcommand(
      "digest", "Ký bản tóm tắt đầu chuỗi băm (signed daily digest); lưu nó ở nơi khác");
  db_option(digest);
  digest->add_option("--key-file", args->key_file, "Tệp khóa bí mật Ed25519")
      ->envname("MOTCUA_AUDIT_KEY_FILE")
      ->required();
  digest->add_option("--out", args->out, "Tệp ghi bản tóm tắt (mặc định: stdout)");
  digest->add_flag(
      "--link", args->link,
      "Nối trước các dòng đang chờ vào chuỗi (PostgreSQL), để bản tóm tắt gồm cả chúng");
  digest->callback([&exit_code, args] { exit_code = Digest(*args); });
}

}  // namespace motcua::app
