// Identity: log-in, sessions, users (người dùng).
#pragma once

#include <optional>
#include <string>

#include "common/clock.h"
#include "common/result.h"
#include "service/login_throttle.h"
#include "service/principal.h"
#include "storage/database.h"
#include "storage/user_store.h"

namespace motcua::service {

struct AuthOptions {
  int64_t session_lifetime_seconds = 12 * 3600;  // one working day plus margin
  ThrottleOptions throttle;
};

struct LoginResult {
  std::string token;       // secret; the session cookie value and the bearer token
  std::string csrf_token;  // must accompany cookie-authenticated state changes
  Principal principal;
  int64_t expires_at = 0;
};

struct AuthenticatedSession {
  Principal principal;
  std::string csrf_token;
};

struct NewUser {
  std::string username;
  std::string password;
  std::string full_name;
  std::string role;         // domain::RoleName
  std::string agency_code;  // required for staff, must be empty for citizens
};

// Changes an administrator may make to a staff account; unset members stay as they are.
struct UserPatch {
  std::optional<std::string> full_name;
  std::optional<std::string> role;         // domain::RoleName, a staff role
  std::optional<std::string> agency_code;  // must lie in the admin's subtree
  std::optional<bool> active;              // false disables the account (kept for history)
};

class AuthService {
 public:
  AuthService(storage::Database& db, const Clock& clock, AuthOptions options);

  // Checks the password (Argon2id) under throttling. Failures: too_many_login_attempts (429,
  // retry_after_seconds set), invalid_credentials (401). Audited either way (no password kept).
  Result<LoginResult> Login(const std::string& username, const std::string& password,
                            const std::string& client_address, int64_t* retry_after_seconds);
  // Resolves a session token (cookie or bearer) to its user; session_expired / unauthenticated.
  Result<AuthenticatedSession> Authenticate(const std::string& token);
  Status Logout(const std::string& token);

  // Creates a user. When `actor` is set it must be an admin whose subtree holds the agency;
  // a null actor is the command line (trusted). Validates username, password, role, agency.
  // `email` is optional (forgotten-password links; invalid_email, email_taken), kept apart from
  // NewUser so that the many brace-initialised NewUsers stay complete under -Wextra.
  Result<Principal> CreateUser(const Principal* actor, const NewUser& user,
                               const std::string& email = "");
  // Admin only, for staff accounts whose agency (current and new) lies in the admin's subtree
  // (agency_scope otherwise); unknown_user (404, field username). An admin may not disable
  // their own account or give up their own admin role (invalid_field). Validates like
  // CreateUser. Disabling or moving the account ends its sessions. One transaction, audited.
  Result<Principal> UpdateUser(const Principal& actor, const std::string& username,
                               const UserPatch& patch);
  // Admin only, same scope: sets a new password (at least 8 characters, weak_password) and ends
  // the account's sessions. Audited (the password is not).
  Status ResetPassword(const Principal& actor, const std::string& username,
                       const std::string& new_password);
  // Public self-registration of a citizen account.
  // Public self-registration of a citizen account; `email` is optional (invalid_email,
  // email_taken).
  Result<Principal> RegisterCitizen(const std::string& username, const std::string& password,
                                    const std::string& full_name, const std::string& email = "");
  // The signed-in user's own e-mail address: sets it, or clears it when `email` is blank.
  Status SetOwnEmail(const Principal& self, const std::string& email);
  // The signed-in user's stored e-mail address ("" when none).
  Result<std::string> OwnEmail(const Principal& self);

 private:
  Result<Principal> InsertUser(storage::Connection& c, const Principal* actor, const NewUser& u,
                               const std::string& email);
  // The staff account `username`, checked to be manageable by the admin `actor`.
  Result<storage::UserRecord> ManagedUser(storage::Connection& c, const Principal& actor,
                                          const std::string& username);

  storage::Database& db_;
  const Clock& clock_;
  AuthOptions options_;
  LoginThrottle throttle_;
  std::string dummy_hash_;  // verified against for unknown users, so timing reveals nothing
};

}  // namespace motcua::service
