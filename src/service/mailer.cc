#include "service/mailer.h"

#include <curl/curl.h>
#include <fmt/format.h>
#include <sodium.h>
#include <spdlog/spdlog.h>

#include <cstring>
#include <ctime>

#include "common/crypto.h"

namespace motcua::service {
namespace {

constexpr size_t kMaxBacklog = 200;

std::string Base64(std::string_view data) {
  std::string out(sodium_base64_ENCODED_LEN(data.size(), sodium_base64_VARIANT_ORIGINAL), '\0');
  sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(data.data()),
                    data.size(), sodium_base64_VARIANT_ORIGINAL);
  out.resize(std::strlen(out.c_str()));
  return out;
}

bool IsAscii(std::string_view s) {
  for (unsigned char c : s) {
    if (c >= 0x80 || c < 0x20) return false;
  }
  return true;
}

// RFC 2047 encoded words, each at most 75 characters, split between UTF-8 sequences (never
// inside one) and joined by folding white space.
std::string EncodeWords(std::string_view text) {
  if (IsAscii(text)) return std::string(text);
  std::string out;
  size_t i = 0;
  while (i < text.size()) {
    // 45 bytes of UTF-8 make 60 base64 characters, plus the 12 of "=?UTF-8?B??=".
    size_t end = std::min(text.size(), i + 45);
    while (end < text.size() && end > i && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80)
      --end;
    if (!out.empty()) out += "\r\n ";
    out += "=?UTF-8?B?" + Base64(text.substr(i, end - i)) + "?=";
    i = end;
  }
  return out;
}

std::string DateHeader(int64_t at) {
  std::time_t t = static_cast<std::time_t>(at);
  std::tm tm{};
  gmtime_r(&t, &tm);
  static const char* kDays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                  "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  return fmt::format("{}, {:02d} {} {} {:02d}:{:02d}:{:02d} +0000", kDays[tm.tm_wday], tm.tm_mday,
                     kMonths[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

struct Upload {
  const std::string* data;
  size_t offset = 0;
};

size_t ReadPayload(char* buffer, size_t size, size_t nitems, void* user) {
  auto* u = static_cast<Upload*>(user);
  size_t n = std::min(size * nitems, u->data->size() - u->offset);
  std::memcpy(buffer, u->data->data() + u->offset, n);
  u->offset += n;
  return n;
}

}  // namespace

std::string FormatMail(const MailerOptions& options, const MailMessage& m, int64_t at_seconds,
                       const std::string& message_id) {
  std::string domain = options.from.substr(options.from.find('@') + 1);
  std::string out;
  out += "Date: " + DateHeader(at_seconds) + "\r\n";
  out += "From: " + EncodeWords(options.from_name) + " <" + options.from + ">\r\n";
  out += "To: <" + m.to + ">\r\n";
  out += "Message-ID: <" + message_id + "@" + domain + ">\r\n";
  out += "Subject: " + EncodeWords(m.subject) + "\r\n";
  out += "MIME-Version: 1.0\r\n";
  out += "Content-Type: text/plain; charset=UTF-8\r\n";
  out += "Content-Transfer-Encoding: base64\r\n\r\n";
  std::string body = Base64(m.body);
  for (size_t i = 0; i < body.size(); i += 76) out += body.substr(i, 76) + "\r\n";
  return out;
}

Mailer::Mailer(const Clock& clock, MailerOptions options)
    : clock_(clock), options_(std::move(options)) {
  curl_global_init(CURL_GLOBAL_DEFAULT);
  if (enabled()) worker_ = std::jthread([this](std::stop_token stop) { Run(stop); });
}

Mailer::~Mailer() {
  if (worker_.joinable()) {
    worker_.request_stop();
    cv_.notify_all();
    worker_.join();
  }
}

Status Mailer::Send(const MailMessage& message) {
  if (!enabled()) return Status(Code::kUnavailable, "mail_disabled");
  std::string url = options_.url;
  bool starttls = url.rfind("smtp+starttls://", 0) == 0;
  if (starttls) url = "smtp://" + url.substr(std::strlen("smtp+starttls://"));
  std::string payload = FormatMail(options_, message, clock_.NowSeconds(), RandomHex(16));
  Upload upload{&payload};

  CURL* curl = curl_easy_init();
  if (!curl) return Status(Code::kUnavailable, "mail_failed");
  curl_slist* rcpt = curl_slist_append(nullptr, ("<" + message.to + ">").c_str());
  std::string from = "<" + options_.from + ">";
  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl, CURLOPT_MAIL_FROM, from.c_str());
  curl_easy_setopt(curl, CURLOPT_MAIL_RCPT, rcpt);
  curl_easy_setopt(curl, CURLOPT_READFUNCTION, ReadPayload);
  curl_easy_setopt(curl, CURLOPT_READDATA, &upload);
  curl_easy_setopt(curl, CURLOPT_UPLOAD, 1L);
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT, 10L);
  curl_easy_setopt(curl, CURLOPT_TIMEOUT, static_cast<long>(options_.timeout_seconds));
  if (starttls) curl_easy_setopt(curl, CURLOPT_USE_SSL, static_cast<long>(CURLUSESSL_ALL));
  if (!options_.username.empty()) {
    curl_easy_setopt(curl, CURLOPT_USERNAME, options_.username.c_str());
    curl_easy_setopt(curl, CURLOPT_PASSWORD, options_.password.c_str());
  }
  CURLcode rc = curl_easy_perform(curl);
  curl_slist_free_all(rcpt);
  curl_easy_cleanup(curl);
  if (rc != CURLE_OK) {
    // The recipient is personal data: only the cause is logged.
    spdlog::warn("mail not sent: {}", curl_easy_strerror(rc));
    return Status(Code::kUnavailable, "mail_failed");
  }
  return Status::Ok();
}

void Mailer::Post(MailMessage message) {
  if (!enabled()) {
    spdlog::warn("mail not sent: no SMTP server configured (--smtp-url)");
    return;
  }
  {
    std::lock_guard lock(mu_);
    if (queue_.size() >= kMaxBacklog) {
      spdlog::warn("mail not sent: backlog of {} messages is full", kMaxBacklog);
      return;
    }
    queue_.push_back(std::move(message));
  }
  cv_.notify_one();
}

void Mailer::Run(std::stop_token stop) {
  while (true) {
    MailMessage next;
    {
      std::unique_lock lock(mu_);
      if (!cv_.wait(lock, stop, [this] { return !queue_.empty(); })) return;
      next = std::move(queue_.front());
      queue_.pop_front();
    }
    (void)Send(next);
  }
}

}  // namespace motcua::service
