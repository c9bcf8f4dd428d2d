// MessageParser: the project's one incremental HTTP/1.1 message parser (RFC 9112), with
// two faces over one core:
//   - RequestParser (Role::Request, Mode::Strict): what the reference server reads requests
//     with. Refuses what RFC 9112 wants refused (H-1..H-11 of the requirements digest) with
//     the status to answer (400, 413, 414, 431, 501, 505) and enforces the limits.
//   - ResponseDecoder (Role::Response, Mode::Lenient): what the conformance suite and bench
//     read servers with. Decodes whatever framing is still knowable and records every
//     deviation as an Observation (observation.h), so a broken server keeps being graded
//     and its framing is graded too.
//
// Incremental: feed() takes the bytes that arrived, in any split, and resumes where it
// stopped; each byte is looked at a bounded number of times (total work is linear in the
// input) and body bytes go to the sink without being copied. feed() reports how many bytes
// it consumed (all of them, unless it stopped at an event) and stops at two points:
//   HeadComplete     the head is parsed and checked (head() is valid; the body is next):
//                    answer "100 Continue", or refuse early (401) before reading the body.
//   MessageComplete  the body ended; bytes after it belong to the next message: call
//                    reset() and feed them again.
//   Failed           error() says why (and, for requests, which status to answer with);
//                    the framing can't be trusted any more: answer and close. A response
//                    whose body length is unknowable (invalid Content-Length) still reports
//                    HeadComplete first, so its status and fields can be graded.
// A head without a body still stops at HeadComplete first; the next feed (with any bytes,
// or none) returns MessageComplete. Limits bound memory: a head is copied once into the
// head fields (never more than maxHeadBytes), the body is never buffered here.
//
//   mcp::http1::RequestParser parser(limits);
//   std::string body;
//   auto sink = [&](std::string_view bytes) { body.append(bytes); };
//   while (auto n = read(socket, buffer)) {                 // any split of the byte stream
//       std::string_view in(buffer, n);
//       while (true) {
//           auto step = parser.feed(in, sink);
//           in.remove_prefix(step.consumed);
//           if (step.event == ParseEvent::NeedMore) break;   // read more
//           if (step.event == ParseEvent::Failed) return refuse(parser.error().status, parser.error().reason);
//           if (step.event == ParseEvent::HeadComplete) {
//               if (parser.expectsContinue()) send("HTTP/1.1 100 Continue\r\n\r\n");
//               continue;                                   // read the body
//           }
//           handle(parser.head(), std::move(body));          // MessageComplete
//           body.clear();
//           parser.reset();                                  // `in` may hold the next request
//       }
//   }
//
//   mcp::http1::ResponseDecoder decoder("GET");
//   decoder.feed(bytes, sink); ... decoder.finish(sink);    // finish(): the server closed
//   for (auto& o : decoder.observations()) report(name(o.kind), o.detail);
#pragma once

#include "protocol/http1/header_fields.h"
#include "protocol/http1/observation.h"

#include <cstddef>
#include <cstdint>
#include <functional>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

namespace mcp::http1 {

enum class Role { Request, Response };
enum class Mode { Strict, Lenient };

struct Limits {
    std::size_t maxHeadBytes = 32 * 1024;          // start line and field section (431); trailers likewise
    std::size_t maxTargetBytes = 16 * 1024;        // request-target (414)
    std::size_t maxHeaderFields = 100;             // field lines in the head or the trailers (431)
    std::uint64_t maxBodyBytes = 4 * 1024 * 1024;  // decoded body (413)
    std::size_t maxChunkLineBytes = 4096;          // chunk-size line with its extensions (400)
};

// Limits for reading responses: a larger head, and no body bound (callers bound what they keep).
Limits responseLimits();

enum class BodyFraming { None, ContentLength, Chunked, UntilClose };

struct MessageHead {
    std::string method;     // request line
    std::string target;
    int status = 0;         // status line
    std::string reason;
    int versionMajor = 1;
    int versionMinor = 1;
    HeaderFields headers;
    BodyFraming framing = BodyFraming::None;   // known from HeadComplete on
    std::uint64_t contentLength = 0;           // when framing is ContentLength
};

enum class ParseEvent { NeedMore, HeadComplete, MessageComplete, Failed };

struct FeedResult {
    std::size_t consumed = 0;
    ParseEvent event = ParseEvent::NeedMore;
};

struct ParseError {
    int status = 0;        // requests: the status to answer with; responses: 0
    std::string reason;    // short, printable, never the offending bytes in full
};

using BodySink = std::function<void(std::string_view)>;

class MessageParser {
public:
    MessageParser(Role role, Mode mode, Limits limits);

    // Parses what it can of `bytes`; see the header comment for the events.
    FeedResult feed(std::string_view bytes, const BodySink& onBody);
    // The peer closed the connection: completes a close-delimited body (MessageComplete);
    // anything else unfinished fails (with an observation when the body was cut short).
    FeedResult finish(const BodySink& onBody);
    // Ready for the next message on the same connection (observations are cleared too).
    void reset();
    // Responses: the method of the request being answered (a HEAD response has no body).
    void setRequestMethod(std::string_view method) { requestMethod_ = std::string(method); }

    const MessageHead& head() const { return head_; }
    const HeaderFields& trailers() const { return trailers_; }
    const std::vector<Observation>& observations() const { return observations_; }
    const ParseError& error() const { return error_; }
    Role role() const { return role_; }
    Mode mode() const { return mode_; }

    bool idle() const { return messageBytes_ == 0; }   // no byte of this message seen yet
    bool headComplete() const { return headComplete_; }
    bool complete() const { return state_ == State::Complete; }
    bool failed() const { return state_ == State::Failed; }
    std::uint64_t bodyBytes() const { return bodyBytes_; }
    std::size_t interimResponses() const { return interimResponses_; }   // 1xx heads skipped
    // After HeadComplete: may the connection carry another message after this one?
    bool keepAlive() const;
    // After HeadComplete: a request with "Expect: 100-continue" and a body to come.
    bool expectsContinue() const;

private:
    // UnframedBody: a response head was read but its body length is unknowable (invalid
    // Content-Length); the head is reported, reading the body fails.
    enum class State { StartLine, FieldLine, FixedBody, ChunkSize, ChunkData, ChunkDataEnd, TrailerLine, UntilClose,
                       UnframedBody, Complete, Failed };

    bool takeLine(std::string_view in, std::size_t& pos, std::string_view& line);
    std::size_t headBudget() const;
    std::size_t lineLimit() const;
    void failLineTooLong();
    bool processLine(std::string_view line);   // true when the head ended (report an event)
    void parseRequestLine(std::string_view line);
    void parseStatusLine(std::string_view line);
    void parseFieldLine(std::string_view line, HeaderFields& into);
    bool endOfHead();                          // true: report HeadComplete or Failed
    void chooseFraming();
    void parseChunkSizeLine(std::string_view line);
    void deliver(std::string_view bytes, const BodySink& onBody);
    void observe(ObservationKind kind, std::string_view where);
    void fail(int status, std::string reason);
    static std::string unframedReason();

    Role role_;
    Mode mode_;
    Limits limits_;
    std::string requestMethod_ = "GET";

    State state_ = State::StartLine;
    MessageHead head_;
    HeaderFields trailers_;
    std::vector<Observation> observations_;
    ParseError error_;
    std::string line_;                 // the unfinished line, when a line spans feeds
    std::size_t headBytes_ = 0;        // head (or trailer section) bytes so far
    std::size_t emptyLinesBeforeStart_ = 0;
    std::uint64_t messageBytes_ = 0;
    std::uint64_t bodyBytes_ = 0;
    std::uint64_t remaining_ = 0;      // octets left in the fixed body or the current chunk
    bool lineEndedBareLf_ = false;
    bool lastFieldKept_ = false;       // obs-fold continues the previous field only if it was kept
    bool sawCrAfterChunk_ = false;
    bool headComplete_ = false;
    std::size_t interimResponses_ = 0;
};

// The server's request parser: strict, with the server's limits.
class RequestParser : public MessageParser {
public:
    explicit RequestParser(Limits limits = {}, Mode mode = Mode::Strict) : MessageParser(Role::Request, mode, limits) {}
};

// The clients' response decoder: lenient and observant, with response limits.
class ResponseDecoder : public MessageParser {
public:
    explicit ResponseDecoder(std::string_view requestMethod = "GET", Mode mode = Mode::Lenient,
                             Limits limits = responseLimits())
        : MessageParser(Role::Response, mode, limits) {
        setRequestMethod(requestMethod);
    }
};

}  // namespace mcp::http1
