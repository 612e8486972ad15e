#include "common/status.h"

#include <fmt/format.h>

#include "common/messages.h"

namespace motcua {

int HttpStatusOf(Code code) {
  switch (code) {
    case Code::kOk:
      return 200;
    case Code::kInvalidArgument:
      return 400;
    case Code::kUnauthenticated:
      return 401;
    case Code::kPermissionDenied:
      return 403;
    case Code::kNotFound:
      return 404;
    case Code::kMethodNotAllowed:
      return 405;
    case Code::kConflict:
      return 409;
    case Code::kPayloadTooLarge:
      return 413;
    case Code::kUnsupportedMediaType:
      return 415;
    case Code::kValidation:
      return 422;
    case Code::kTooManyRequests:
      return 429;
    case Code::kInternal:
      return 500;
    case Code::kUnavailable:
      return 503;
  }
  return 500;
}

Status::Status(Code code, std::string reason, std::string field, std::string message_vi,
               std::string message_en)
    : code_(code),
      reason_(std::move(reason)),
      field_(std::move(field)),
      message_vi_(std::move(message_vi)),
      message_en_(std::move(message_en)) {}

std::string Status::Message(std::string_view locale) const {
  if (ok()) return "OK";
  // Internal details are for the log, never for the user.
  if (code_ == Code::kInternal) return LookupMessage("internal", locale);
  if (locale == "en" && !message_en_.empty()) return message_en_;
  if (locale != "en" && !message_vi_.empty()) return message_vi_;
  return LookupMessage(reason_, locale);
}

std::string Status::ToString() const {
  if (ok()) return "OK";
  std::string s = fmt::format("{} ({})", reason_, HttpStatusOf(code_));
  if (!field_.empty()) s += " field=" + field_;
  if (!message_en_.empty())
    s += ": " + message_en_;
  else if (!message_vi_.empty())
    s += ": " + message_vi_;
  return s;
}

}  // namespace motcua
