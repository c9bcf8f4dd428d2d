// FramingLedger: counting responses per framing row and keeping examples per observation.
#include "conformance/framing_ledger.h"

namespace mcp::conformance {

FramedResponse describeFraming(std::string exchange, const HttpResponseHead& head) {
    FramedResponse out;
    out.exchange = std::move(exchange);
    out.status = head.status;
    out.transferEncoding = head.headers.has("Transfer-Encoding");
    out.contentLength = head.headers.has("Content-Length");
    out.chunkedBody = head.framing == mcp::http1::BodyFraming::Chunked;
    out.lengthBody = head.framing == mcp::http1::BodyFraming::ContentLength;
    return out;
}

void FramingLedger::record(const FramedResponse& response) {
    std::lock_guard lock(mutex_);
    if (response.status != 0) {
        ++seen_.responses;
        if (response.transferEncoding) ++seen_.withTransferEncoding;
        if (response.contentLength) ++seen_.withContentLength;
        if (response.status == 204) ++seen_.noContent;
        if (response.chunkedBody) ++seen_.chunkedBodies;
        if ((response.chunkedBody || response.lengthBody) && response.readToTheEnd) ++seen_.framedBodiesReadToTheEnd;
    }
    for (const auto& o : response.observations) {
        auto& entry = seen_.kinds[o.kind];
        ++entry.count;
        if (entry.examples.size() < kExamplesPerKind)
            entry.examples.push_back(response.exchange + (o.detail.empty() ? "" : " (" + o.detail + ")"));
    }
}

FramingLedger::Snapshot FramingLedger::snapshot() const {
    std::lock_guard lock(mutex_);
    return seen_;
}

}  // namespace mcp::conformance
