// The server's admission step for every request (see http::AdmissionHandler): what runs with the
// request head, before any of its body is read.
#pragma once

#include "api/services.h"
#include "http/router.h"

namespace motcua::api {

// For a page (any path outside /api/ and the probes): resolves the session cookie once (the page
// reuses it, see AdmittedSession) and applies the per-address / per-citizen request rate, 429
// too_many_requests with Retry-After. API routes do both in their own admission step (ApiRouter).
// Then the route's own step (Router::Admit): 404/405, access rules, body kind.
http::Admission AdmitRequest(const http::Router& router, ApiServices& services,
                             http::Request& request);

}  // namespace motcua::api
