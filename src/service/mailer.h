// Outbound e-mail (thư điện tử) over SMTP with libcurl, for forgotten-password links.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <mutex>
#include <string>
#include <thread>

#include "common/clock.h"
#include "common/status.h"

namespace motcua::service {

struct MailerOptions {
  // smtp://host:port (plain), smtps://host:port (TLS from the start) or
  // smtp+starttls://host:port (plain, then STARTTLS required). Empty: mail is disabled.
  std::string url;
  std::string from;  // the sender address, e.g. "motcua@example.gov.vn"
  std::string from_name = "Hệ thống một cửa điện tử";
  std::string username;  // SMTP AUTH, optional
  std::string password;
  int64_t timeout_seconds = 30;
};

struct MailMessage {
  std::string to;       // one plain address (domain::NormaliseEmail)
  std::string subject;  // UTF-8
  std::string body;     // UTF-8 plain text
};

// The full RFC 5322 message (headers and base64 body), UTF-8 subject and sender name encoded as
// RFC 2047 words. `at_seconds` is the Date header's instant.
std::string FormatMail(const MailerOptions& options, const MailMessage& message, int64_t at_seconds,
                       const std::string& message_id);

class Mailer {
 public:
  Mailer(const Clock& clock, MailerOptions options);
  virtual ~Mailer();
  Mailer(const Mailer&) = delete;
  Mailer& operator=(const Mailer&) = delete;

  bool enabled() const { return !options_.url.empty(); }

  // Sends now; unavailable (503) when the server cannot be reached or refuses the mail.
  Status Send(const MailMessage& message);
  // Queues the message for a background thread, so that the caller neither waits for a slow
  // server nor reveals by its timing whether a mail was sent. Failures are logged (without the
  // address) and dropped; so are messages beyond a bounded backlog.
  virtual void Post(MailMessage message);  // virtual: tests catch the mail instead

 private:
  void Run(std::stop_token stop);

  const Clock& clock_;
  const MailerOptions options_;
  std::mutex mu_;
  std::condition_variable_any cv_;
  std::deque<MailMessage> queue_;
  std::jthread worker_;  // last: started once the members above exist
};

}  // namespace motcua::service
