#include "service/auth_service.h"

#include <fmt/format.h>

#include <stdexcept>

#include "common/crypto.h"
#include "domain/agency.h"
#include "domain/email_address.h"
#include "service/audit.h"
#include "storage/agency_store.h"
#include "storage/user_store.h"

namespace motcua::service {
namespace {

Principal ToPrincipal(const storage::UserRecord& u) {
  Principal p;
  p.user_id = u.id;
  p.username = u.username;
  p.full_name = u.full_name;
  p.role = domain::ParseRole(u.role).value_or(domain::Role::kCitizen);
  p.agency_id = u.agency_id;
  p.agency_code = u.agency_code;
  p.agency_path = u.agency_path;
  return p;
}

Status ValidateUsername(const std::string& u) {
  if (u.size() < 3 || u.size() > 64) return Status::Validation("invalid_username", "username");
  for (char c : u) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
    if (!ok) return Status::Validation("invalid_username", "username");
  }
  return Status::Ok();
}

// "" stays "" (no address); anything else must be a valid address, unused by another account.
Result<std::string> CheckEmail(storage::Connection& c, const std::string& raw,
                               int64_t own_user_id) {
  bool blank = raw.find_first_not_of(" \t") == std::string::npos;
  if (blank) return std::string();
  auto email = domain::NormaliseEmail(raw);
  if (!email) return Status::Validation("invalid_email", "email");
  MOTCUA_ASSIGN_OR_RETURN(auto holder, storage::FindUserByEmail(c, *email));
  if (holder && holder->id != own_user_id) return Status::Conflict("email_taken", "email");
  return *email;
}

}  // namespace

AuthService::AuthService(storage::Database& db, const Clock& clock, AuthOptions options)
    : db_(db), clock_(clock), options_(options), throttle_(clock, options.throttle) {
  auto h = HashPassword(RandomToken(16));
  if (!h.ok()) throw std::runtime_error("cannot hash the dummy password");
  dummy_hash_ = *h;
}

Result<LoginResult> AuthService::Login(const std::string& username, const std::string& password,
                                       const std::string& client_address,
                                       int64_t* retry_after_seconds) {
  if (int64_t wait = throttle_.RetryAfter(username, client_address); wait > 0) {
    if (retry_after_seconds) *retry_after_seconds = wait;
    return Status(Code::kTooManyRequests, "too_many_login_attempts");
  }
  std::optional<storage::UserRecord> user;
  MOTCUA_RETURN_IF_ERROR(db_.Read([&](storage::Connection& c) -> Status {
    MOTCUA_ASSIGN_OR_RETURN(user, storage::FindUserByUsername(c, username));
    return Status::Ok();
  }));
  bool good = user ? VerifyPassword(password, user->password_hash)
                   : (VerifyPassword(password, dummy_hash_), false);
  if (!good || !user->active) {
    throttle_.RecordFailure(username, client_address);
    // Audit the failure against the account if it exists; an unknown name is not stored.
    MOTCUA_RETURN_IF_ERROR(db_.Write([&](storage::Connection& c) {
      if (!user) return Audit(c, clock_, nullptr, "login_failed", "user", "(unknown)");
      Principal p = ToPrincipal(*user);
      return Audit(c, clock_, &p, "login_failed", "user", std::to_string(user->id));
    }));
    return Status(Code::kUnauthenticated, "invalid_credentials");
  }
  throttle_.RecordSuccess(username, client_address);
  LoginResult result;
  result.token = RandomToken(32);
  result.csrf_token = RandomToken(24);
  result.principal = ToPrincipal(*user);
  result.expires_at = clock_.NowSeconds() + options_.session_lifetime_seconds;
  MOTCUA_RETURN_IF_ERROR(db_.Write([&](storage::Connection& c) -> Status {
    int64_t now = clock_.NowSeconds();
    MOTCUA_RETURN_IF_ERROR(storage::DeleteExpiredSessions(c, now).status());
    MOTCUA_RETURN_IF_ERROR(storage::InsertSession(
        c, {Sha256Hex(result.token), user->id, result.csrf_token, now, result.expires_at}));
    return Audit(c, clock_, &result.principal, "login", "user", std::to_string(user->id));
  }));
  return result;
}

Result<AuthenticatedSession> AuthService::Authenticate(const std::string& token) {
  if (token.empty() || token.size() > 256) return Status::Unauthenticated();
  AuthenticatedSession out;
  // One statement on every request: no transaction block around it.
  MOTCUA_RETURN_IF_ERROR(db_.ReadOne([&](storage::Connection& c) -> Status {
    MOTCUA_ASSIGN_OR_RETURN(auto found, storage::FindSessionWithUser(c, Sha256Hex(token)));
    if (!found) return Status::Unauthenticated();
    if (found->session.expires_at <= clock_.NowSeconds())
      return Status::Unauthenticated("session_expired");
    if (!found->user.active) return Status::Unauthenticated();
    out.principal = ToPrincipal(found->user);
    out.csrf_token = found->session.csrf_token;
    return Status::Ok();
  }));
  return out;
}

Status AuthService::Logout(const std::string& token) {
  return db_.Write(
      [&](storage::Connection& c) { return storage::DeleteSession(c, Sha256Hex(token)); });
}

Result<Principal> AuthService::InsertUser(storage::Connection& c, const Principal* actor,
                                          const NewUser& u, const std::string& email) {
  MOTCUA_RETURN_IF_ERROR(ValidateUsername(u.username));
  if (u.password.size() < 8) return Status::Validation("weak_password", "password");
  if (u.full_name.empty()) return Status::Validation("missing_field", "full_name");
  auto role = domain::ParseRole(u.role);
  if (!role) return Status::Validation("invalid_role", "role");
  storage::UserRecord rec;
  if (domain::IsStaff(*role)) {
    if (u.agency_code.empty()) return Status::Validation("missing_field", "agency_code");
    MOTCUA_ASSIGN_OR_RETURN(auto agency, storage::FindAgencyByCode(c, u.agency_code));
    if (!agency) return Status::Validation("unknown_agency", "agency_code");
    if (actor && !actor->CoversAgencyPath(agency->path)) {
      return Status::PermissionDenied("agency_scope");
    }
    rec.agency_id = agency->id;
    rec.agency_code = agency->code;
    rec.agency_path = agency->path;
  } else if (!u.agency_code.empty()) {
    return Status::Validation("invalid_field", "agency_code",
                              "Tài khoản công dân không thuộc cơ quan.",
                              "Citizen accounts belong to no agency.");
  }
  MOTCUA_ASSIGN_OR_RETURN(rec.email, CheckEmail(c, email, 0));
  MOTCUA_ASSIGN_OR_RETURN(rec.password_hash, HashPassword(u.password));
  rec.username = u.username;
  rec.full_name = u.full_name;
  rec.role = u.role;
  rec.created_at = clock_.NowSeconds();
  auto inserted = storage::InsertUser(c, rec);
  if (!inserted.ok()) {
    if (inserted.status().reason() == "already_exists")
      return Status::Conflict("already_exists", "username");
    return inserted.status();
  }
  rec.id = inserted->id;
  Principal created = ToPrincipal(rec);
  boost::json::object detail{{"username", rec.username}, {"role", rec.role}};
  if (!rec.agency_code.empty()) detail["agency"] = rec.agency_code;
  if (!rec.email.empty()) detail["email_set"] = true;  // the address itself is personal data
  MOTCUA_RETURN_IF_ERROR(
      Audit(c, clock_, actor, "user.create", "user", std::to_string(rec.id), detail));
  return created;
}

Result<Principal> AuthService::CreateUser(const Principal* actor, const NewUser& u,
                                          const std::string& email) {
  if (actor && actor->role != domain::Role::kAdmin) return Status::PermissionDenied();
  std::optional<Principal> out;
  MOTCUA_RETURN_IF_ERROR(db_.Write([&](storage::Connection& c) -> Status {
    MOTCUA_ASSIGN_OR_RETURN(out, InsertUser(c, actor, u, email));
    return Status::Ok();
  }));
  return *out;
}

Result<storage::UserRecord> AuthService::ManagedUser(storage::Connection& c, const Principal& actor,
                                                     const std::string& username) {
  if (actor.role != domain::Role::kAdmin) return Status::PermissionDenied();
  MOTCUA_ASSIGN_OR_RETURN(auto user, storage::FindUserByUsername(c, username));
  if (!user) return Status::NotFound("unknown_user", "username");
  // Citizens and accounts of other subtrees are not this admin's to manage.
  if (!actor.CoversAgencyPath(user->agency_path)) return Status::PermissionDenied("agency_scope");
  return *user;
}

Result<Principal> AuthService::UpdateUser(const Principal& actor, const std::string& username,
                                          const UserPatch& patch) {
  std::optional<Principal> out;
  MOTCUA_RETURN_IF_ERROR(db_.Write([&](storage::Connection& c) -> Status {
    MOTCUA_ASSIGN_OR_RETURN(auto user, ManagedUser(c, actor, username));
    const storage::UserRecord before = user;
    boost::json::object detail{{"username", user.username}};
    if (patch.full_name) {
      std::string name = *patch.full_name;
      name.erase(0, name.find_first_not_of(" \t"));
      name.erase(name.find_last_not_of(" \t") + 1);
      if (name.empty()) return Status::Validation("missing_field", "full_name");
      user.full_name = name;
    }
    if (patch.role) {
      auto role = domain::ParseRole(*patch.role);
      if (!role) return Status::Validation("invalid_role", "role");
      if (!domain::IsStaff(*role))
        return Status::Validation("invalid_role", "role",
                                  "Tài khoản cán bộ phải có vai trò cán bộ.",
                                  "A staff account needs a staff role.");
      if (user.id == actor.user_id && *role != domain::Role::kAdmin)
        return Status::Validation("invalid_field", "role",
                                  "Không thể tự bỏ vai trò quản trị của chính mình.",
                                  "You cannot remove your own administrator role.");
      user.role = std::string(domain::RoleName(*role));
      if (user.role != before.role) detail["role"] = user.role;
    }
    if (patch.agency_code) {
      MOTCUA_ASSIGN_OR_RETURN(auto agency, storage::FindAgencyByCode(c, *patch.agency_code));
      if (!agency) return Status::Validation("unknown_agency", "agency_code");
      if (agency->abolished_at) return Status::Validation("agency_abolished", "agency_code");
      if (!actor.CoversAgencyPath(agency->path)) return Status::PermissionDenied("agency_scope");
      user.agency_id = agency->id;
      user.agency_code = agency->code;
      user.agency_path = agency->path;
      if (user.agency_id != before.agency_id) detail["agency"] = agency->code;
    }
    if (patch.active) {
      if (user.id == actor.user_id && !*patch.active)
        return Status::Validation("invalid_field", "active",
                                  "Không thể tự khoá tài khoản của chính mình.",
                                  "You cannot disable your own account.");
      user.active = *patch.active;
      if (user.active != before.active) detail["active"] = user.active;
    }
    MOTCUA_RETURN_IF_ERROR(storage::UpdateUser(c, user));
    if (!user.active || user.role != before.role || user.agency_id != before.agency_id)
      MOTCUA_RETURN_IF_ERROR(storage::DeleteUserSessions(c, user.id));
    MOTCUA_RETURN_IF_ERROR(
        Audit(c, clock_, &actor, "user.update", "user", std::to_string(user.id), detail));
    out = ToPrincipal(user);
    return Status::Ok();
  }));
  return *out;
}

Status AuthService::ResetPassword(const Principal& actor, const std::string& username,
                                  const std::string& new_password) {
  if (new_password.size() < 8) return Status::Validation("weak_password", "password");
  MOTCUA_ASSIGN_OR_RETURN(std::string hash, HashPassword(new_password));
  return db_.Write([&](storage::Connection& c) -> Status {
    MOTCUA_ASSIGN_OR_RETURN(auto user, ManagedUser(c, actor, username));
    user.password_hash = hash;
    MOTCUA_RETURN_IF_ERROR(storage::UpdateUser(c, user));
    MOTCUA_RETURN_IF_ERROR(storage::DeleteUserSessions(c, user.id));
    return Audit(c, clock_, &actor, "user.reset_password", "user", std::to_string(user.id),
                 boost::json::object{{"username", user.username}});
  });
}

Result<Principal> AuthService::RegisterCitizen(const std::string& username,
                                               const std::string& password,
                                               const std::string& full_name,
                                               const std::string& email) {
  std::optional<Principal> out;
  MOTCUA_RETURN_IF_ERROR(db_.Write([&](storage::Connection& c) -> Status {
    MOTCUA_ASSIGN_OR_RETURN(
        out, InsertUser(c, nullptr, {username, password, full_name, "citizen", ""}, email));
    return Status::Ok();
  }));
  return *out;
}

Status AuthService::SetOwnEmail(const Principal& self, const std::string& email) {
  return db_.Write([&](storage::Connection& c) -> Status {
    MOTCUA_ASSIGN_OR_RETURN(auto user, storage::FindUserById(c, self.user_id));
    if (!user) return Status::Unauthenticated();
    MOTCUA_ASSIGN_OR_RETURN(user->email, CheckEmail(c, email, user->id));
    MOTCUA_RETURN_IF_ERROR(storage::UpdateUser(c, *user));
    return Audit(c, clock_, &self, "user.email", "user", std::to_string(user->id),
                 boost::json::object{{"email_set", !user->email.empty()}});
  });
}

Result<std::string> AuthService::OwnEmail(const Principal& self) {
  std::string email;
  MOTCUA_RETURN_IF_ERROR(db_.Read([&](storage::Connection& c) -> Status {
    MOTCUA_ASSIGN_OR_RETURN(auto user, storage::FindUserById(c, self.user_id));
    if (!user) return Status::Unauthenticated();
    email = user->email;
    return Status::Ok();
  }));
  return email;
}

}  // namespace motcua::service
