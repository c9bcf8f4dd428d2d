// HttpExchanger: the seam between conformance cases and the network. A case asks it to
// send one HTTP/1.1 request and gets back a stream: the response head, then body bytes
// read piece by piece, each read with its own deadline. Cases never touch sockets, so
// their verdict logic can be unit-tested with a mocked exchanger (see mock_exchanger.h).
//
//   auto opened = exchanger.open(request, 2s);
//   if (!opened.stream) fail(opened.error);
//   std::string body;
//   while (opened.stream->read(body, 500ms) == ReadStatus::Data) {}
//
// Every byte from the server is hostile: reads are bounded in time here and in size by
// the callers (fetchAll, SseReader).
#pragma once

#include "protocol/http1/header_fields.h"
#include "protocol/http1/message_parser.h"
#include "protocol/http1/observation.h"

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mcp::conformance {

using Clock = std::chrono::steady_clock;
using Deadline = Clock::time_point;
using std::chrono::milliseconds;

inline milliseconds remaining(Deadline deadline) {
    auto left = std::chrono::duration_cast<milliseconds>(deadline - Clock::now());
    return left.count() > 0 ? left : milliseconds(0);
}

// Header fields and their helpers are the protocol library's (protocol/http1/header_fields.h).
using HttpHeader = mcp::http1::HeaderField;
using HttpHeaders = mcp::http1::HeaderFields;
using mcp::http1::equalsIgnoreCase;
using mcp::http1::mediaType;
using mcp::http1::toLowerAscii;

struct OutgoingRequest {
    std::string method = "GET";
    std::string target = "/";     // origin-form: path and query
    HttpHeaders headers;          // sent in this order, verbatim (duplicates allowed)
    std::string body;
    bool addHost = true;          // add "Host: host:port" unless headers already have one
    bool addContentLength = true; // add Content-Length when there is a body or method is POST
    // When set, these bytes replace the request line and all header lines (for H-* cases
    // that need exact, even invalid, framing). They must end with the blank line.
    std::optional<std::string> rawHead;
};

struct HttpResponseHead {
    int status = 0;
    std::string reason;
    HttpHeaders headers;
    mcp::http1::BodyFraming framing = mcp::http1::BodyFraming::None;   // how the decoder delimits the body
};

enum class ReadStatus { Data, End, Timeout, Error };

class HttpStream {
public:
    virtual ~HttpStream() = default;
    virtual const HttpResponseHead& head() const = 0;
    // Appends the next de-framed body bytes to `out`. Data: at least one byte appended.
    // End: the body is complete. Timeout: nothing within `timeout`. Error: see error().
    virtual ReadStatus read(std::string& out, milliseconds timeout) = 0;
    virtual std::string error() const = 0;
    // The framing and syntax deviations the decoder observed so far (RFC 9112; see
    // protocol/http1/observation.h). A wrapping stream passes its inner stream's on.
    virtual std::vector<mcp::http1::Observation> framing() const = 0;
};

struct OpenResult {
    std::unique_ptr<HttpStream> stream;   // null on failure
    std::string error;                    // why it failed
    bool connectFailed = false;           // the target could not be reached at all
    bool timedOut = false;
    std::vector<mcp::http1::Observation> framing;   // observed in a response head that failed
};

class HttpExchanger {
public:
    virtual ~HttpExchanger() = default;
    // Sends the request and waits (at most `timeout`) for the response head.
    virtual OpenResult open(const OutgoingRequest& request, milliseconds timeout) = 0;
};

// A whole response read with bounds: the body is cut at maxBytes, reading stops at the deadline.
struct HttpResult {
    bool ok = false;              // a response head arrived
    std::string error;            // transport trouble (also set with ok when the body broke)
    bool connectFailed = false;
    HttpResponseHead head;
    std::string body;
    bool complete = false;        // the body ended normally
    bool truncated = false;       // stopped at maxBytes
    bool timedOut = false;        // stopped at the deadline
    int status() const { return ok ? head.status : 0; }
    std::optional<std::string> header(std::string_view name) const {
        auto value = head.headers.get(name);
        return value ? std::optional<std::string>(*value) : std::nullopt;
    }
};

HttpResult fetchAll(HttpExchanger& exchanger, const OutgoingRequest& request, milliseconds timeout,
                    std::size_t maxBytes = 1 << 20);

}  // namespace mcp::conformance
