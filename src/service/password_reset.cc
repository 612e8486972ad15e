#include "service/password_reset.h"

#include <fmt/format.h>

#include "common/crypto.h"
#include "domain/email_address.h"
#include "service/audit.h"
#include "storage/user_store.h"

namespace motcua::service {
namespace {

Status InvalidLink() { return Status::InvalidArgument("invalid_reset_link", "token"); }

// Links expired this long ago are deleted when a new one is made; until then a late click still
// gets "expired" rather than "forged", which reads the same to the user anyway.
constexpr int64_t kKeepExpiredSeconds = 24 * 3600;

}  // namespace

PasswordResetService::PasswordResetService(storage::Database& db, const Clock& clock,
                                           Mailer& mailer, PasswordResetOptions options)
    : db_(db),
      clock_(clock),
      mailer_(mailer),
      options_(std::move(options)),
      limiter_(clock, options_.requests_per_minute) {}

void PasswordResetService::SetPublicUrl(std::string url) {
  std::lock_guard lock(url_mu_);
  options_.public_url = std::move(url);
}

std::string PasswordResetService::Link(const std::string& token) {
  std::lock_guard lock(url_mu_);
  std::string base = options_.public_url;
  while (!base.empty() && base.back() == '/') base.pop_back();
  return base + "/dat-lai-mat-khau?ma=" + token;
}

Status PasswordResetService::RequestReset(const std::string& username_or_email,
                                          const std::string& client_address,
                                          int64_t* retry_after_seconds) {
  if (int64_t wait = limiter_.Acquire(client_address); wait > 0) {
    if (retry_after_seconds) *retry_after_seconds = wait;
    return Status(Code::kTooManyRequests, "too_many_requests");
  }
  std::string key = username_or_email;
  key.erase(0, key.find_first_not_of(" \t"));
  key.erase(key.find_last_not_of(" \t") + 1);
  if (key.empty()) return Status::Validation("missing_field", "username");

  std::string token = RandomToken(32);
  std::optional<MailMessage> mail;
  MOTCUA_RETURN_IF_ERROR(db_.Write([&](storage::Connection& c) -> Status {
    mail.reset();  // a re-run (decision 0020) that ends early must not send the first run's mail
    std::optional<storage::UserRecord> user;
    if (key.find('@') != std::string::npos) {
      if (auto email = domain::NormaliseEmail(key)) {
        MOTCUA_ASSIGN_OR_RETURN(user, storage::FindUserByEmail(c, *email));
      }
    } else {
      MOTCUA_ASSIGN_OR_RETURN(user, storage::FindUserByUsername(c, key));
    }
    if (!user || !user->active || user->email.empty()) return Status::Ok();
    int64_t now = clock_.NowSeconds();
    MOTCUA_ASSIGN_OR_RETURN(
        int64_t recent,
        storage::CountPasswordResetsSince(c, user->id, now - options_.link_lifetime_seconds + 1));
    if (recent >= options_.mails_per_account) return Status::Ok();
    MOTCUA_RETURN_IF_ERROR(
        storage::DeleteExpiredPasswordResets(c, now - kKeepExpiredSeconds).status());
    MOTCUA_RETURN_IF_ERROR(storage::InsertPasswordReset(
        c, {Sha256Hex(token), user->id, now, now + options_.link_lifetime_seconds, std::nullopt}));
    MOTCUA_RETURN_IF_ERROR(Audit(c, clock_, nullptr, "user.password_reset_requested", "user",
                                 std::to_string(user->id)));
    int64_t minutes = options_.link_lifetime_seconds / 60;
    mail = MailMessage{
        user->email, "Đặt lại mật khẩu — Hệ thống một cửa điện tử",
        fmt::format(
            "Xin chào {},\n\n"
            "Chúng tôi nhận được yêu cầu đặt lại mật khẩu cho tài khoản \"{}\" trên Hệ thống một "
            "cửa điện tử. Để đặt mật khẩu mới, mời bạn mở liên kết sau (dùng được một lần, trong "
            "vòng {} phút):\n\n{}\n\n"
            "Nếu bạn không yêu cầu, hãy bỏ qua thư này: mật khẩu hiện tại vẫn giữ nguyên.\n\n"
            "---\n"
            "A password reset was requested for the account \"{}\". Open the link above within "
            "{} minutes to choose a new password; if you did not ask for it, ignore this e-mail.\n",
            user->full_name, user->username, minutes, Link(token), user->username, minutes)};
    return Status::Ok();
  }));
  if (mail) mailer_.Post(std::move(*mail));
  return Status::Ok();
}

Status PasswordResetService::CheckLink(const std::string& token) {
  if (token.empty() || token.size() > 256) return InvalidLink();
  return db_.Read([&](storage::Connection& c) -> Status {
    MOTCUA_ASSIGN_OR_RETURN(auto reset, storage::FindPasswordReset(c, Sha256Hex(token)));
    if (!reset || reset->used_at || reset->expires_at <= clock_.NowSeconds()) return InvalidLink();
    return Status::Ok();
  });
}

Status PasswordResetService::CompleteReset(const std::string& token,
                                           const std::string& new_password) {
  MOTCUA_RETURN_IF_ERROR(CheckLink(token));
  if (new_password.size() < 8) return Status::Validation("weak_password", "password");
  MOTCUA_ASSIGN_OR_RETURN(std::string hash, HashPassword(new_password));
  return db_.Write([&](storage::Connection& c) -> Status {
    std::string token_hash = Sha256Hex(token);
    int64_t now = clock_.NowSeconds();
    // Checked again inside the transaction: the link may have been used meanwhile.
    MOTCUA_ASSIGN_OR_RETURN(auto reset, storage::FindPasswordReset(c, token_hash));
    if (!reset || reset->used_at || reset->expires_at <= now) return InvalidLink();
    MOTCUA_ASSIGN_OR_RETURN(bool marked, storage::MarkPasswordResetUsed(c, token_hash, now));
    if (!marked) return InvalidLink();
    MOTCUA_ASSIGN_OR_RETURN(auto user, storage::FindUserById(c, reset->user_id));
    if (!user || !user->active) return InvalidLink();
    user->password_hash = hash;
    MOTCUA_RETURN_IF_ERROR(storage::UpdateUser(c, *user));
    MOTCUA_RETURN_IF_ERROR(storage::DeleteUserSessions(c, user->id));
    return Audit(c, clock_, nullptr, "user.password_reset", "user", std::to_string(user->id));
  });
}

}  // namespace motcua::service
