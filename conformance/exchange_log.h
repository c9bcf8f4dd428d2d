// ExchangeLog: the wire evidence of one case. RecordingExchanger wraps the real exchanger and
// records every request, response head and the body bytes the case read (capped), so a
// report can show exactly what happened and print a curl command that reproduces it.
// Secrets are redacted before anything is cut: recordings keep enough extra bytes for the
// longest form of a secret, snapshot() redacts and only then truncates. Rendering goes through
// the Redactor again (idempotent): no token reaches an output, whatever its length.
// RecordingExchanger also reports every response's framing to the run's FramingLedger.
#pragma once

#include "conformance/framing_ledger.h"
#include "conformance/http_exchanger.h"
#include "conformance/target.h"

#include <atomic>

#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace mcp::conformance {

struct Exchange {
    OutgoingRequest request;             // redacted; body capped at kMaxRecordedBody
    std::size_t requestBodyBytes = 0;
    std::size_t requestHeadBytes = 0;   // size of a raw head that was cut (0: whole)
    std::optional<HttpResponseHead> response;
    std::string responseBody;        // the first kMaxRecordedBody bytes the case read, redacted
    std::size_t responseBodyBytes = 0;
    std::string error;               // transport trouble, if any
    double startedMs = 0;            // since the case started
    double durationMs = 0;           // until the response head
};

class ExchangeLog {
public:
    static constexpr std::size_t kMaxRecordedBody = 8192;
    static constexpr std::size_t kMaxExchanges = 200;

    // `slack`: extra bytes kept past kMaxRecordedBody so a secret that straddles the cut is
    // still whole when snapshot() redacts it.
    std::shared_ptr<Exchange> add(const OutgoingRequest& request, std::size_t slack = 0);
    // The exchanges, redacted, then truncated to kMaxRecordedBody.
    std::vector<Exchange> snapshot(const Redactor& redactor) const;
    Clock::time_point started() const { return started_; }

private:
    mutable std::mutex mutex_;
    std::vector<std::shared_ptr<Exchange>> exchanges_;
    std::size_t dropped_ = 0;
    Clock::time_point started_ = Clock::now();
};

class RecordingExchanger : public HttpExchanger {
public:
    // With a FramingLedger, each response is reported there once the case is done with it,
    // as "<label> #<n>: METHOD path -> status".
    RecordingExchanger(HttpExchanger& inner, ExchangeLog& log, const Redactor& redactor, FramingLedger* framing = nullptr,
                       std::string label = {})
        : inner_(inner), log_(log), redactor_(redactor), framing_(framing), label_(std::move(label)) {}
    OpenResult open(const OutgoingRequest& request, milliseconds timeout) override;

private:
    HttpExchanger& inner_;
    ExchangeLog& log_;
    const Redactor& redactor_;
    FramingLedger* framing_;
    std::string label_;
    std::atomic<std::size_t> opened_{0};
};

// Human-readable renderings, redacted.
std::string renderRequest(const Exchange& exchange, const Redactor& redactor);
std::string renderResponse(const Exchange& exchange, const Redactor& redactor);
// A shell command that replays the request: curl, or printf|nc for raw framing. Secrets that
// the Redactor knows become "$MCP_TOKEN"-style variables or redaction markers; the command is
// valid UTF-8 whatever bytes the exchange held.
std::string curlCommand(const Exchange& exchange, const Target& target, const Redactor& redactor);

}  // namespace mcp::conformance
