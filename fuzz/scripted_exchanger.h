// ScriptedExchanger: a conformance-suite HttpExchanger (conformance/http_exchanger.h) that
// plays a hostile server from fuzz bytes instead of a socket. Each open() takes the next raw
// response (status line, header lines, blank line, body) and reads it through the suite's own
// DecodedHttpStream, the same http1::ResponseDecoder that reads real servers, handing the
// bytes out in pieces of a fuzz-chosen size and then closing. When the script runs out, or
// after kMaxOpens, the "server" refuses connections. No sockets, no clocks: reads never wait.
//
//   ScriptedExchanger http({"HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n\r\n..."}, 3);
//   auto opened = http.open(request, 100ms);
#pragma once

#include "conformance/decoded_http_stream.h"
#include "conformance/http_exchanger.h"

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace mcp::fuzz {

class ScriptedExchanger : public mcp::conformance::HttpExchanger {
public:
    static constexpr std::size_t kMaxOpens = 64;

    ScriptedExchanger(std::vector<std::string> responses, std::size_t piece)
        : responses_(std::move(responses)), piece_(piece) {}

    mcp::conformance::OpenResult open(const mcp::conformance::OutgoingRequest& request, mcp::conformance::milliseconds) override {
        requests_.push_back(request);
        mcp::conformance::OpenResult result;
        if (next_ >= responses_.size() || opens_++ >= kMaxOpens) {
            result.connectFailed = true;
            result.error = "connection refused (script exhausted)";
            return result;
        }
        auto stream = std::make_unique<mcp::conformance::DecodedHttpStream>(
            std::make_unique<mcp::conformance::StringSource>(responses_[next_++], piece_), request.method);
        bool timedOut = false;
        if (!stream->readHead(mcp::conformance::Clock::now(), result.error, timedOut)) {
            result.timedOut = timedOut;
            result.framing = stream->framing();
            return result;
        }
        result.stream = std::move(stream);
        return result;
    }

    const std::vector<mcp::conformance::OutgoingRequest>& requests() const { return requests_; }

private:
    std::vector<std::string> responses_;
    std::size_t piece_;
    std::size_t next_ = 0;
    std::size_t opens_ = 0;
    std::vector<mcp::conformance::OutgoingRequest> requests_;
};

}  // namespace mcp::fuzz
