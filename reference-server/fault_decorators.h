// Fault decorators: each `--fault` mode (fixtures/fault-modes.tsv) is a wrapper around one
// reference part, so the reference code reads as the correct behaviour and every deliberate
// bug lives here. The seams:
//   withAuthFaults     Authenticator   no-auth, no-challenge, case-sensitive-scheme,
//                                      single-space-only, query-token
//   withMessageFaults  McpHandler      id-stringified, unknown-method-ok, notification-answered,
//                                      tool-not-found-result, version-downgrade, echo-*
//   withHttpFaults     HttpHandler     no-origin-check, protocol-version-ignored,
//                                      session-survives-delete, parse-error-code,
//                                      legacy-reply-in-post-body
//   eventEncoderFor    EventEncoder    sse-unterminated-events, legacy-no-endpoint-event
//   sessionIdsFor      id generator    predictable-session-id
// Each returns the reference part unchanged when none of its faults is on.
#pragma once

#include "reference-server/auth_gate.h"
#include "reference-server/faults.h"
#include "reference-server/mcp_server.h"
#include "reference-server/server_context.h"

#include <memory>

namespace mcp::server {

std::unique_ptr<Authenticator> withAuthFaults(std::unique_ptr<Authenticator> gate, FaultSet faults);
// Null when no message fault is on (use `server` itself).
std::unique_ptr<McpHandler> withMessageFaults(McpHandler& server, FaultSet faults);
std::unique_ptr<HttpHandler> withHttpFaults(std::unique_ptr<HttpHandler> handler, ServerContext& context);
EventEncoder eventEncoderFor(FaultSet faults);
SessionRegistry::IdGenerator sessionIdsFor(FaultSet faults);

}  // namespace mcp::server
