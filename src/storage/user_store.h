// SQL for users, sessions and the audit log.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "storage/database.h"

namespace motcua::storage {

struct UserRecord {
  int64_t id = 0;
  std::string username;
  std::string password_hash;
  std::string full_name;
  std::string role;
  std::optional<int64_t> agency_id;
  bool active = true;
  int64_t created_at = 0;
  std::string email;  // lower-cased; empty when the user gave none (NULL in the table)
  // Joined from agencies when the user has one.
  std::string agency_code;
  std::string agency_path;
};

struct SessionRecord {
  std::string token_hash;  // SHA-256 of the token: a leaked table grants no session
  int64_t user_id = 0;
  std::string csrf_token;
  int64_t created_at = 0;
  int64_t expires_at = 0;
};

// A one-time link to set a new password (quên mật khẩu); only the token's SHA-256 is kept.
struct PasswordResetRecord {
  std::string token_hash;
  int64_t user_id = 0;
  int64_t created_at = 0;
  int64_t expires_at = 0;
  std::optional<int64_t> used_at;
};

struct AuditRecord {
  int64_t id = 0;
  int64_t at = 0;
  std::optional<int64_t> actor_user_id;
  std::string actor_username;
  std::optional<int64_t> actor_agency_id;
  std::string action;       // e.g. "login", "login_failed", "agency.create"
  std::string object_type;  // e.g. "user", "agency"
  std::string object_id;
  std::string detail;  // JSON object, never personal data
};

Result<UserRecord> InsertUser(Connection& c, UserRecord user);
Result<std::optional<UserRecord>> FindUserByUsername(Connection& c, const std::string& username);
Result<std::optional<UserRecord>> FindUserById(Connection& c, int64_t id);
// `email` must already be lower-cased.
Result<std::optional<UserRecord>> FindUserByEmail(Connection& c, const std::string& email);
// Staff whose agency lies in the subtree rooted at `agency_path`.
Result<std::vector<UserRecord>> ListUsersUnder(Connection& c, const std::string& agency_path);
// Writes full name, e-mail, role, agency, active flag and password hash of user `user.id`;
// not_found when there is no such user.
Status UpdateUser(Connection& c, const UserRecord& user);
// Ends every session of the user (after disabling, a role change or a password reset).
Status DeleteUserSessions(Connection& c, int64_t user_id);

Status InsertSession(Connection& c, const SessionRecord& session);
// The session and its user in one statement (every signed-in request asks for both).
struct SessionWithUser {
  SessionRecord session;
  UserRecord user;
};
Result<std::optional<SessionWithUser>> FindSessionWithUser(Connection& c,
                                                           const std::string& token_hash);
Status DeleteSession(Connection& c, const std::string& token_hash);
Result<int64_t> DeleteExpiredSessions(Connection& c, int64_t now);

Status InsertPasswordReset(Connection& c, const PasswordResetRecord& reset);
Result<std::optional<PasswordResetRecord>> FindPasswordReset(Connection& c,
                                                             const std::string& token_hash);
// Marks the link used; false when it was already used (a concurrent second use loses).
Result<bool> MarkPasswordResetUsed(Connection& c, const std::string& token_hash, int64_t now);
// How many links of the user were made at or after `since`.
Result<int64_t> CountPasswordResetsSince(Connection& c, int64_t user_id, int64_t since);
// Forgets links that expired before `before` (used or not).
Result<int64_t> DeleteExpiredPasswordResets(Connection& c, int64_t before);

Status AppendAudit(Connection& c, const AuditRecord& record);
// Newest first; only entries whose actor belongs to the subtree at `agency_path` (or has no
// agency, when `include_unscoped`).
Result<std::vector<AuditRecord>> ListAudit(Connection& c, const std::string& agency_path,
                                           bool include_unscoped, int limit);

}  // namespace motcua::storage
