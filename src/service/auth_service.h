// Identity: log-in, sessions, users (người dùng).
#pragma once

#include <optional>
#include <string>

#include "common/clock.h"
#include "common/result.h"
#include "service/login_throttle.h"
#include "service/principal.h"
#include "storage/database.h"

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
  Result<Principal> CreateUser(const Principal* actor, const NewUser& user);
  // Public self-registration of a citizen account.
  Result<Principal> RegisterCitizen(const std::string& username, const std::string& password,
                                    const std::string& full_name);

 private:
  Result<Principal> InsertUser(storage::Connection& c, const Principal* actor, const NewUser& u);

  storage::Database& db_;
  const Clock& clock_;
  AuthOptions options_;
  LoginThrottle throttle_;
  std::string dummy_hash_;  // verified against for unknown users, so timing reveals nothing
};

}  // namespace motcua::service
