// Forgotten passwords (quên mật khẩu): a one-time link by e-mail to set a new password.
#pragma once

#include <cstdint>
#include <mutex>
#include <string>

#include "common/clock.h"
#include "common/result.h"
#include "service/lookup_limiter.h"
#include "service/mailer.h"
#include "storage/database.h"

namespace motcua::service {

struct PasswordResetOptions {
  std::string public_url;                   // the link is <public_url>/dat-lai-mat-khau?ma=<token>
  int64_t link_lifetime_seconds = 30 * 60;  // thirty minutes
  int requests_per_minute = 5;              // per client address; <= 0 disables the limit
  // At most this many mails per account per link lifetime, whatever the client addresses, so
  // that nobody can flood someone's mailbox; later requests answer the same and send nothing.
  int mails_per_account = 3;
};

class PasswordResetService {
 public:
  PasswordResetService(storage::Database& db, const Clock& clock, Mailer& mailer,
                       PasswordResetOptions options);

  // Looks the account up by username or e-mail address and, when it exists, is active and has an
  // address, stores a new link and queues the mail. The answer is the same whether or not
  // anything was sent (and the mail leaves on another thread, so neither does its timing), so
  // accounts cannot be enumerated. too_many_requests (retry_after_seconds set) per address.
  Status RequestReset(const std::string& username_or_email, const std::string& client_address,
                      int64_t* retry_after_seconds);
  // invalid_reset_link (400) unless `token` is a stored, unused, unexpired link.
  Status CheckLink(const std::string& token);
  // Sets the new password (weak_password as at registration), marks the link used and ends every
  // session of the account, in one transaction. invalid_reset_link as CheckLink.
  Status CompleteReset(const std::string& token, const std::string& new_password);

  // The server may learn its own port only once bound (--port 0).
  void SetPublicUrl(std::string url);

 private:
  std::string Link(const std::string& token);

  storage::Database& db_;
  const Clock& clock_;
  Mailer& mailer_;
  PasswordResetOptions options_;
  LookupLimiter limiter_;
  std::mutex url_mu_;
};

}  // namespace motcua::service
