// One HTTP request to a provider (SMS gateway, Zalo, postal carrier) through libcurl, so the
// adapters agree on timeouts, protocols and how much of an answer is kept.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "common/result.h"

namespace motcua::service {

struct OutboundRequest {
  std::string method = "POST";       // "POST" sends `body`; "GET" sends nothing
  std::string url;                   // http or https only: no file://, no smtp://
  std::vector<std::string> headers;  // "Name: value"
  std::string body;
  int64_t connect_timeout_seconds = 10;
  int64_t timeout_seconds = 15;
  // A provider's answer is small; a longer one fails the request rather than filling memory.
  size_t max_answer_bytes = 1u << 20;
};

struct OutboundAnswer {
  long status = 0;  // the HTTP status
  std::string body;
};

// Performs the request on the calling thread. kUnavailable (with libcurl's cause, never the
// request's content) when no HTTP answer came back; any HTTP status is an answer.
Result<OutboundAnswer> SendOutbound(const OutboundRequest& request);

}  // namespace motcua::service
