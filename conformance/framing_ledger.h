// FramingLedger: the run-wide record of how every response the suite read was framed. The
// recording layer (RecordingExchanger) reports each response once, when the case is done
// with it: which framing rows it was evidence for, and every observation the protocol's
// ResponseDecoder made on it (protocol/http1/observation.h). The HF-* cases
// (cases_http_framing.cpp) run after all other cases and grade from a snapshot, naming the
// exchanges that showed each deviation.
//
//   FramingLedger ledger;
//   RecordingExchanger recording(http, log, &ledger, "T-SH-3");   // labels "T-SH-3 #1: POST /mcp -> 200"
//   ... cases run ...
//   auto seen = ledger.snapshot();
//   seen.kinds[ObservationKind::ContentLengthWithTransferEncoding].count
#pragma once

#include "conformance/http_exchanger.h"

#include <map>
#include <mutex>
#include <string>
#include <vector>

namespace mcp::conformance {

// What one response was, as far as framing rules go.
struct FramedResponse {
    std::string exchange;          // "T-SH-3 #2: POST /mcp -> 200"
    int status = 0;                // 0: no head (the open failed)
    bool transferEncoding = false; // a Transfer-Encoding field
    bool contentLength = false;    // a Content-Length field
    bool chunkedBody = false;      // a body framed by the chunked coding
    bool lengthBody = false;       // a body framed by Content-Length
    bool readToTheEnd = false;     // the case read until the body ended or broke
    std::vector<mcp::http1::Observation> observations;
};

// The framing facts of a response head as the decoder delimited it.
FramedResponse describeFraming(std::string exchange, const HttpResponseHead& head);

class FramingLedger {
public:
    static constexpr std::size_t kExamplesPerKind = 3;

    struct Examples {
        std::size_t count = 0;                 // responses that showed this observation
        std::vector<std::string> examples;     // "exchange (detail)", the first few
    };
    struct Snapshot {
        std::size_t responses = 0;             // heads read
        std::size_t withTransferEncoding = 0;
        std::size_t withContentLength = 0;
        std::size_t noContent = 0;             // 204 answers
        std::size_t chunkedBodies = 0;
        std::size_t framedBodiesReadToTheEnd = 0;
        std::map<mcp::http1::ObservationKind, Examples> kinds;
    };

    void record(const FramedResponse& response);
    Snapshot snapshot() const;

private:
    mutable std::mutex mutex_;
    Snapshot seen_;
};

}  // namespace mcp::conformance
