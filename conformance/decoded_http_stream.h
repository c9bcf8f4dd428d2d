// DecodedHttpStream: an HttpStream whose bytes come from a ByteSource (a socket, or a script
// in the fuzzer) and are decoded by the protocol library's mcp::http1::ResponseDecoder, so
// every byte a server sends meets the same lenient, observant decoder: interim 1xx heads
// skipped, Content-Length, chunked and close-delimited bodies, and a framing observation
// for each deviation (framing()).
//
//   auto stream = std::make_unique<DecodedHttpStream>(std::move(source), request.method);
//   if (!stream->readHead(deadline, error, timedOut)) fail(error);
//   while (stream->read(body, 500ms) == ReadStatus::Data) {}
//   for (const auto& o : stream->framing()) ...   // e.g. content-length-with-transfer-encoding
#pragma once

#include "conformance/http_exchanger.h"
#include "protocol/http1/message_parser.h"

#include <memory>
#include <string>

namespace mcp::conformance {

// Where response bytes come from. receive() appends what arrives before the deadline:
// Data (appended at least one byte), End (the peer closed), Timeout, or Error (error()).
class ByteSource {
public:
    virtual ~ByteSource() = default;
    virtual ReadStatus receive(std::string& into, Deadline deadline) = 0;
    virtual std::string error() const = 0;
};

// A response held in memory, handed out `piece` bytes per receive, then the peer closes
// (tests and the fuzzer's scripted server; never waits).
class StringSource : public ByteSource {
public:
    StringSource(std::string bytes, std::size_t piece) : bytes_(std::move(bytes)), piece_(piece ? piece : 1) {}
    ReadStatus receive(std::string& into, Deadline deadline) override;
    std::string error() const override { return {}; }

private:
    std::string bytes_;
    std::size_t piece_;
    std::size_t pos_ = 0;
};

class DecodedHttpStream : public HttpStream {
public:
    DecodedHttpStream(std::unique_ptr<ByteSource> source, std::string_view requestMethod);

    // Reads up to the final response head within the deadline; false with a reason otherwise.
    bool readHead(Deadline deadline, std::string& error, bool& timedOut);

    const HttpResponseHead& head() const override { return head_; }
    ReadStatus read(std::string& out, milliseconds timeout) override;
    std::string error() const override { return error_; }
    std::vector<mcp::http1::Observation> framing() const override { return decoder_.observations(); }

private:
    // Feeds what is buffered to the decoder; body bytes go to `out`.
    mcp::http1::ParseEvent decode(std::string* out);

    std::unique_ptr<ByteSource> source_;
    mcp::http1::ResponseDecoder decoder_;
    std::string raw_;        // received, not yet decoded
    HttpResponseHead head_;
    bool eof_ = false;
    std::string error_;
};

}  // namespace mcp::conformance
