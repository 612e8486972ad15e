#include "storage/user_store.h"

#include <fmt/format.h>

#include "storage/audit_chain.h"

namespace motcua::storage {
namespace {

constexpr std::string_view kUserSelect =
    "SELECT u.id, u.username, u.password_hash, u.full_name, u.role, u.agency_id, u.active, "
    "u.created_at, a.code, a.path, u.email FROM users u LEFT JOIN agencies a ON a.id = u.agency_id";

UserRecord UserFromRow(const Row& r) {
  UserRecord u;
  u.id = r.Int(0);
  u.username = r.Text(1);
  u.password_hash = r.Text(2);
  u.full_name = r.Text(3);
  u.role = r.Text(4);
  u.agency_id = r.OptInt(5);
  u.active = r.Bool(6);
  u.created_at = r.Int(7);
  u.agency_code = r.Text(8);
  u.agency_path = r.Text(9);
  u.email = r.IsNull(10) ? std::string() : r.Text(10);
  return u;
}

// `sql` is kUserSelect with its condition, formatted once by each caller (not per call).
Result<std::optional<UserRecord>> FindUser(Connection& c, const std::string& sql,
                                           const Params& params) {
  MOTCUA_ASSIGN_OR_RETURN(auto row, c.QueryOne(sql, params));
  if (!row) return std::optional<UserRecord>();
  return std::optional<UserRecord>(UserFromRow(*row));
}

}  // namespace

Result<UserRecord> InsertUser(Connection& c, UserRecord u) {
  MOTCUA_ASSIGN_OR_RETURN(
      auto row,
      c.QueryOne("INSERT INTO users (username, password_hash, full_name, role, agency_id, "
                 "active, created_at, email) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                 {u.username, u.password_hash, u.full_name, u.role,
                  u.agency_id ? Value(*u.agency_id) : Value(nullptr), int64_t{u.active},
                  u.created_at, u.email.empty() ? Value(nullptr) : Value(u.email)}));
  if (!row) return Status::Internal("INSERT ... RETURNING id returned no row");
  u.id = row->Int(0);
  return u;
}

Result<std::optional<UserRecord>> FindUserByUsername(Connection& c, const std::string& username) {
  static const std::string sql = fmt::format("{} WHERE u.username = ?", kUserSelect);
  return FindUser(c, sql, {username});
}

Result<std::optional<UserRecord>> FindUserById(Connection& c, int64_t id) {
  static const std::string sql = fmt::format("{} WHERE u.id = ?", kUserSelect);
  return FindUser(c, sql, {id});
}

Result<std::optional<UserRecord>> FindUserByEmail(Connection& c, const std::string& email) {
  static const std::string sql = fmt::format("{} WHERE u.email = ?", kUserSelect);
  return FindUser(c, sql, {email});
}

Status UpdateUser(Connection& c, const UserRecord& u) {
  MOTCUA_ASSIGN_OR_RETURN(
      int64_t n, c.Exec("UPDATE users SET full_name = ?, role = ?, agency_id = ?, active = ?, "
                        "password_hash = ?, email = ? WHERE id = ?",
                        {u.full_name, u.role, u.agency_id ? Value(*u.agency_id) : Value(nullptr),
                         int64_t{u.active}, u.password_hash,
                         u.email.empty() ? Value(nullptr) : Value(u.email), u.id}));
  if (n == 0) return Status::NotFound("unknown_user", "username");
  return Status::Ok();
}

Status DeleteUserSessions(Connection& c, int64_t user_id) {
  return c.Exec("DELETE FROM sessions WHERE user_id = ?", {user_id}).status();
}

Result<std::vector<UserRecord>> ListUsersUnder(Connection& c, const std::string& agency_path) {
  MOTCUA_ASSIGN_OR_RETURN(
      auto rows,
      c.Query(fmt::format("{} WHERE a.path LIKE ? ORDER BY a.path, u.username", kUserSelect),
              {agency_path + "%"}));
  std::vector<UserRecord> out;
  for (const auto& r : rows) out.push_back(UserFromRow(r));
  return out;
}

Status InsertSession(Connection& c, const SessionRecord& s) {
  return c
      .Exec(
          "INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, expires_at) "
          "VALUES (?, ?, ?, ?, ?)",
          {s.token_hash, s.user_id, s.csrf_token, s.created_at, s.expires_at})
      .status();
}

Result<std::optional<SessionWithUser>> FindSessionWithUser(Connection& c,
                                                           const std::string& token_hash) {
  // The user's columns first, as UserFromRow reads them; the session's after.
  static const std::string sql =
      fmt::format("{} JOIN sessions s ON s.user_id = u.id WHERE s.token_hash = ?",
                  fmt::format("{}, s.token_hash, s.csrf_token, s.created_at, s.expires_at {}",
                              kUserSelect.substr(0, kUserSelect.find(" FROM ")),
                              kUserSelect.substr(kUserSelect.find(" FROM "))));
  MOTCUA_ASSIGN_OR_RETURN(auto row, c.QueryOne(sql, {token_hash}));
  if (!row) return std::optional<SessionWithUser>();
  SessionWithUser out;
  out.user = UserFromRow(*row);
  out.session =
      SessionRecord{row->Text(11), out.user.id, row->Text(12), row->Int(13), row->Int(14)};
  return std::optional<SessionWithUser>(std::move(out));
}

Status DeleteSession(Connection& c, const std::string& token_hash) {
  return c.Exec("DELETE FROM sessions WHERE token_hash = ?", {token_hash}).status();
}

Result<int64_t> DeleteExpiredSessions(Connection& c, int64_t now) {
  return c.Exec("DELETE FROM sessions WHERE expires_at <= ?", {now});
}

Status InsertPasswordReset(Connection& c, const PasswordResetRecord& r) {
  return c
      .Exec(
          "INSERT INTO password_resets (token_hash, user_id, created_at, expires_at) "
          "VALUES (?, ?, ?, ?)",
          {r.token_hash, r.user_id, r.created_at, r.expires_at})
      .status();
}

Result<std::optional<PasswordResetRecord>> FindPasswordReset(Connection& c,
                                                             const std::string& token_hash) {
  MOTCUA_ASSIGN_OR_RETURN(
      auto row, c.QueryOne("SELECT token_hash, user_id, created_at, expires_at, used_at FROM "
                           "password_resets WHERE token_hash = ?",
                           {token_hash}));
  if (!row) return std::optional<PasswordResetRecord>();
  return std::optional<PasswordResetRecord>(
      PasswordResetRecord{row->Text(0), row->Int(1), row->Int(2), row->Int(3), row->OptInt(4)});
}

Result<bool> MarkPasswordResetUsed(Connection& c, const std::string& token_hash, int64_t now) {
  MOTCUA_ASSIGN_OR_RETURN(
      int64_t n,
      c.Exec("UPDATE password_resets SET used_at = ? WHERE token_hash = ? AND used_at IS NULL",
             {now, token_hash}));
  return n == 1;
}

Result<int64_t> CountPasswordResetsSince(Connection& c, int64_t user_id, int64_t since) {
  MOTCUA_ASSIGN_OR_RETURN(auto row,
                          c.QueryOne("SELECT COUNT(*) FROM password_resets WHERE user_id = ? AND "
                                     "created_at >= ?",
                                     {user_id, since}));
  return row ? row->Int(0) : 0;
}

Result<int64_t> DeleteExpiredPasswordResets(Connection& c, int64_t before) {
  return c.Exec("DELETE FROM password_resets WHERE expires_at < ?", {before});
}

Status AppendAudit(Connection& c, const AuditRecord& a) {
  return AppendChained(
             c, AuditChain(),
             {a.at, a.actor_user_id ? Value(*a.actor_user_id) : Value(nullptr), a.actor_username,
              a.actor_agency_id ? Value(*a.actor_agency_id) : Value(nullptr), a.action,
              a.object_type, a.object_id, a.detail})
      .status();
}

Result<std::vector<AuditRecord>> ListAudit(Connection& c, const std::string& agency_path,
                                           bool include_unscoped, int limit) {
  std::string sql =
      "SELECT l.id, l.at, l.actor_user_id, l.actor_username, l.actor_agency_id, l.action, "
      "l.object_type, l.object_id, l.detail FROM audit_log l LEFT JOIN agencies a ON a.id = "
      "l.actor_agency_id WHERE a.path LIKE ?";
  if (include_unscoped) sql += " OR l.actor_agency_id IS NULL";
  sql += " ORDER BY l.id DESC LIMIT ?";
  MOTCUA_ASSIGN_OR_RETURN(auto rows, c.Query(sql, {agency_path + "%", int64_t{limit}}));
  std::vector<AuditRecord> out;
  for (const auto& r : rows) {
    out.push_back({r.Int(0), r.Int(1), r.OptInt(2), r.Text(3), r.OptInt(4), r.Text(5), r.Text(6),
                   r.Text(7), r.Text(8)});
  }
  return out;
}

}  // namespace motcua::storage
