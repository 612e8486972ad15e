// Status: the outcome of an operation that can fail in an expected way (bad input, not found,
// conflict...). Exceptions are reserved for bugs and start-up failures.
#pragma once

#include <string>
#include <string_view>
#include <utility>

namespace motcua {

// Category of failure; each maps to one HTTP status (see HttpStatusOf).
enum class Code {
  kOk = 0,
  kInvalidArgument,       // 400: malformed request (bad JSON, bad query parameter)
  kUnauthenticated,       // 401
  kPermissionDenied,      // 403
  kNotFound,              // 404
  kMethodNotAllowed,      // 405
  kConflict,              // 409: stale version, duplicate key
  kPayloadTooLarge,       // 413
  kUnsupportedMediaType,  // 415
  kValidation,            // 422: well-formed but semantically wrong (bad id number, bad code)
  kTooManyRequests,       // 429
  kInternal,              // 500
  kUnavailable,           // 503
};

int HttpStatusOf(Code code);

// A failed Status carries a machine-readable reason ("invalid_json"), the offending field if any,
// and a human message. When no message is given, the Vietnamese and English texts are looked up
// from the message catalogue by reason (see messages.h).
class [[nodiscard]] Status {
 public:
  Status() = default;  // OK
  Status(Code code, std::string reason, std::string field = {}, std::string message_vi = {},
         std::string message_en = {});

  static Status Ok() { return Status(); }
  static Status InvalidArgument(std::string reason, std::string field = {},
                                std::string message_vi = {}, std::string message_en = {}) {
    return Status(Code::kInvalidArgument, std::move(reason), std::move(field),
                  std::move(message_vi), std::move(message_en));
  }
  static Status Validation(std::string reason, std::string field = {}, std::string message_vi = {},
                           std::string message_en = {}) {
    return Status(Code::kValidation, std::move(reason), std::move(field), std::move(message_vi),
                  std::move(message_en));
  }
  static Status NotFound(std::string reason = "not_found", std::string field = {}) {
    return Status(Code::kNotFound, std::move(reason), std::move(field));
  }
  static Status Conflict(std::string reason = "conflict", std::string field = {}) {
    return Status(Code::kConflict, std::move(reason), std::move(field));
  }
  static Status PermissionDenied(std::string reason = "forbidden") {
    return Status(Code::kPermissionDenied, std::move(reason));
  }
  static Status Unauthenticated(std::string reason = "unauthenticated") {
    return Status(Code::kUnauthenticated, std::move(reason));
  }
  // For failures of the machine (I/O, database), not of the request. `detail` goes to the log only.
  static Status Internal(std::string detail) {
    return Status(Code::kInternal, "internal", {}, {}, std::move(detail));
  }

  bool ok() const { return code_ == Code::kOk; }
  Code code() const { return code_; }
  const std::string& reason() const { return reason_; }
  const std::string& field() const { return field_; }
  // Message in the given locale ("vi" or "en"), from the catalogue unless overridden.
  std::string Message(std::string_view locale = "vi") const;
  int http_status() const { return HttpStatusOf(code_); }
  std::string ToString() const;

 private:
  Code code_ = Code::kOk;
  std::string reason_;
  std::string field_;
  std::string message_vi_;
  std::string message_en_;
};

}  // namespace motcua

// Propagates a failed Status (or the Status of a failed Result) to the caller.
#define MOTCUA_RETURN_IF_ERROR(expr)                 \
  do {                                               \
    ::motcua::Status motcua_status_ = (expr);        \
    if (!motcua_status_.ok()) return motcua_status_; \
  } while (0)

#define MOTCUA_CONCAT_INNER(a, b) a##b
#define MOTCUA_CONCAT(a, b) MOTCUA_CONCAT_INNER(a, b)
// Declares `lhs` from a Result<T>, returning its Status from the enclosing function on failure.
#define MOTCUA_ASSIGN_OR_RETURN(lhs, expr)                   \
  auto MOTCUA_CONCAT(motcua_result_, __LINE__) = (expr);     \
  if (!MOTCUA_CONCAT(motcua_result_, __LINE__).ok())         \
    return MOTCUA_CONCAT(motcua_result_, __LINE__).status(); \
  lhs = std::move(MOTCUA_CONCAT(motcua_result_, __LINE__)).value()
