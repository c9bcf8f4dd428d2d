// Strict HTTP/1.1 request parser (RFC 9112) for the reference server.
//
// POCO 1.11's HTTPServer caps every header value at 8192 bytes (so an 8 KiB bearer
// token cannot be echoed) and is lenient where RFC 9112 asks for a 400 (whitespace
// before the colon, obs-fold, NUL in values, conflicting Content-Length). This parser
// implements the H-1..H-11 rows of the requirements digest and is the first thing
// untrusted bytes meet, so it is small, allocation-bounded and fuzzed.
//
//   auto r = mcp::server::parseHttpRequest(buffer, limits);
//   if (r.status == ParseStatus::Complete) { handle(r.request); buffer.erase(0, r.consumed); }
#pragma once

#include "reference-server/http_message.h"

#include <cstddef>
#include <string>
#include <string_view>

namespace mcp::server {

struct HttpLimits {
    std::size_t maxHeadBytes = 32 * 1024;     // request line + all header lines
    std::size_t maxTargetBytes = 16 * 1024;   // longer -> 414
    std::size_t maxHeaderFields = 100;
    std::size_t maxBodyBytes = 4 * 1024 * 1024;  // longer -> 413
};

enum class ParseStatus { NeedMore, Complete, Error };

struct ParseResult {
    ParseStatus status = ParseStatus::NeedMore;
    std::size_t consumed = 0;        // bytes of the complete request (head + framed body)
    int errorStatus = 0;             // HTTP status to answer with on Error
    std::string errorReason;         // short reason for the body and the log
    HttpRequest request;             // valid when Complete
};

// Parses the request at the start of `buffer`. NeedMore asks for more bytes; after an
// Error the connection must answer errorStatus and close (framing can't be trusted).
ParseResult parseHttpRequest(std::string_view buffer, const HttpLimits& limits);

}  // namespace mcp::server
