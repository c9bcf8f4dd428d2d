// HttpResponseReader: an incremental HTTP/1.1 response parser for mcp-bench's event-driven
// client. Bytes arrive in any split; the head is parsed once complete, then the body is
// de-framed (Content-Length, chunked, or until the connection closes) and handed to a sink
// piece by piece, so an endless SSE body streams through in constant memory.
//
//   mcp::bench::HttpResponseReader reader;
//   std::size_t used = reader.feed(bytes, [](std::string_view body) { sse.feed(body, ...); });
//   if (reader.headComplete() && reader.status() == 401) ...
//   if (reader.complete()) { reader.reset(); /* next response on a keep-alive connection */ }
//
// Hostile input is bounded: a head over kMaxHeadBytes or a malformed chunk size fails the
// reader (failed() and error()), and no further input is consumed.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace mcp::bench {

class HttpResponseReader {
public:
    static constexpr std::size_t kMaxHeadBytes = 64 * 1024;
    using BodySink = std::function<void(std::string_view)>;

    // Consumes bytes up to the end of the current response; returns how many were used
    // (the rest belongs to the next response on the connection).
    std::size_t feed(std::string_view bytes, const BodySink& onBody);
    // The peer closed the connection: completes an until-close body, fails anything else.
    void onEndOfStream();
    // Ready for the next response on the same connection.
    void reset();

    bool headComplete() const { return state_ != State::Head; }
    bool complete() const { return state_ == State::Complete; }
    bool failed() const { return state_ == State::Failed; }
    const std::string& error() const { return error_; }

    int status() const { return status_; }
    // Value of the first header with this name (case-insensitive), empty if absent.
    std::string_view header(std::string_view name) const;
    // False when the server said "Connection: close" or the body runs until close.
    bool keepAlive() const { return keepAlive_; }

private:
    enum class State { Head, FixedBody, ChunkSize, ChunkData, ChunkDataEnd, Trailers, UntilClose,
                       Complete, Failed };

    bool parseHead();
    void fail(std::string reason);

    State state_ = State::Head;
    std::string head_;      // bytes of the head (or of a chunk-size / trailer line) so far
    std::string error_;
    int status_ = 0;
    std::vector<std::pair<std::string, std::string>> headers_;
    std::uint64_t remaining_ = 0;  // body or chunk bytes still expected
    bool keepAlive_ = true;
};

}  // namespace mcp::bench
