// The incremental HTTP/1.1 parser: start line, field lines, framing (RFC 9112 §6.3),
// fixed and chunked bodies (§7.1), trailers, and observations.
#include "protocol/http1/message_parser.h"

#include <algorithm>
#include <cstring>
#include <optional>

namespace mcp::http1 {
namespace {

constexpr std::size_t kMaxEmptyLinesBeforeStart = 16;   // RFC 9112 §2.2: ignore at least one
constexpr std::size_t kRequestLineSlack = 64;          // method, spaces and version around the target
constexpr std::size_t kMaxChunkSizeDigits = 15;         // 2^60 octets, far above any limit

bool isFieldValueOctet(unsigned char c) { return c == '\t' || (c >= 0x20 && c != 0x7F); }
bool isHexDigit(char c) { return (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'f'); }
unsigned hexValue(char c) { return c <= '9' ? static_cast<unsigned>(c - '0') : static_cast<unsigned>((c | 0x20) - 'a' + 10); }
bool isStatusReasonOctet(unsigned char c) { return c == '\t' || c == ' ' || (c > 0x20 && c != 0x7F); }

// 1*DIGIT that fits comfortably in 63 bits; nullopt otherwise.
std::optional<std::uint64_t> parseDecimal(std::string_view text) {
    if (text.empty()) return std::nullopt;
    std::uint64_t value = 0;
    std::size_t significant = 0;
    for (char c : text) {
        if (c < '0' || c > '9') return std::nullopt;
        if (value != 0 || c != '0') ++significant;
        if (significant > 18) return std::nullopt;
        value = value * 10 + static_cast<std::uint64_t>(c - '0');
    }
    return value;
}

std::size_t skipOws(std::string_view s, std::size_t i) {
    while (i < s.size() && (s[i] == ' ' || s[i] == '\t')) ++i;
    return i;
}

std::size_t skipToken(std::string_view s, std::size_t i) {
    while (i < s.size() && isTchar(static_cast<unsigned char>(s[i]))) ++i;
    return i;
}

// quoted-string starting at s[i] == '"'; returns the index after it, or npos.
std::size_t skipQuotedString(std::string_view s, std::size_t i) {
    for (++i; i < s.size(); ++i) {
        auto c = static_cast<unsigned char>(s[i]);
        if (c == '"') return i + 1;
        if (c == '\\') {
            if (++i >= s.size()) return std::string_view::npos;
            continue;
        }
        if (!isFieldValueOctet(c)) return std::string_view::npos;
    }
    return std::string_view::npos;
}

// chunk-ext = *( BWS ";" BWS chunk-ext-name [ BWS "=" BWS chunk-ext-val ] )  (RFC 9112 §7.1.1)
bool validChunkExtensions(std::string_view ext) {
    std::size_t i = 0;
    while (true) {
        i = skipOws(ext, i);
        if (i == ext.size()) return true;
        if (ext[i] != ';') return false;
        i = skipOws(ext, i + 1);
        std::size_t nameEnd = skipToken(ext, i);
        if (nameEnd == i) return false;
        i = skipOws(ext, nameEnd);
        if (i < ext.size() && ext[i] == '=') {
            i = skipOws(ext, i + 1);
            if (i < ext.size() && ext[i] == '"') {
                i = skipQuotedString(ext, i);
                if (i == std::string_view::npos) return false;
            } else {
                std::size_t valueEnd = skipToken(ext, i);
                if (valueEnd == i) return false;
                i = valueEnd;
            }
        }
    }
}

bool validHost(std::string_view host) {
    return !host.empty() && std::all_of(host.begin(), host.end(), [](char ch) {
        auto c = static_cast<unsigned char>(ch);
        return c > 0x20 && c < 0x7F && c != '/' && c != '?' && c != '#' && c != '@' && c != '\\';
    });
}

}  // namespace

std::string MessageParser::unframedReason() {
    return "invalid Content-Length: the response body cannot be delimited (RFC 9112 §6.3 item 5)";
}

Limits responseLimits() {
    Limits limits;
    limits.maxHeadBytes = 256 * 1024;
    limits.maxHeaderFields = 1000;
    limits.maxBodyBytes = std::numeric_limits<std::uint64_t>::max();
    return limits;
}

MessageParser::MessageParser(Role role, Mode mode, Limits limits) : role_(role), mode_(mode), limits_(limits) {}

void MessageParser::reset() {
    state_ = State::StartLine;
    head_ = MessageHead{};
    trailers_.clear();
    observations_.clear();
    error_ = ParseError{};
    line_.clear();
    headBytes_ = 0;
    emptyLinesBeforeStart_ = 0;
    messageBytes_ = 0;
    bodyBytes_ = 0;
    remaining_ = 0;
    lineEndedBareLf_ = false;
    lastFieldKept_ = false;
    sawCrAfterChunk_ = false;
    headComplete_ = false;
    interimResponses_ = 0;
}

void MessageParser::fail(int status, std::string reason) {
    if (state_ == State::Failed) return;
    state_ = State::Failed;
    error_.status = role_ == Role::Request ? status : 0;
    error_.reason = std::move(reason);
}

void MessageParser::observe(ObservationKind kind, std::string_view where) {
    bool seen = std::any_of(observations_.begin(), observations_.end(), [&](const Observation& o) { return o.kind == kind; });
    if (!seen) observations_.push_back({kind, printableExcerpt(where)});
    if (mode_ == Mode::Strict && !toleratedByStrict(kind)) fail(requestErrorStatus(kind), std::string(describe(kind)));
}

bool MessageParser::keepAlive() const {
    if (!headComplete_ || head_.framing == BodyFraming::UntilClose) return false;
    bool close = false, keepAliveToken = false;
    for (auto value : head_.headers.getAll("Connection")) {
        close = close || listContains(value, "close");
        keepAliveToken = keepAliveToken || listContains(value, "keep-alive");
    }
    if (close) return false;
    return head_.versionMinor >= 1 || keepAliveToken;
}

bool MessageParser::expectsContinue() const {
    if (role_ != Role::Request || !headComplete_ || head_.versionMinor < 1) return false;
    bool bodyToCome = head_.framing == BodyFraming::Chunked ||
                      (head_.framing == BodyFraming::ContentLength && head_.contentLength > 0);
    auto expect = head_.headers.get("Expect");
    return bodyToCome && expect && equalsIgnoreCase(trimOws(*expect), "100-continue");
}

FeedResult MessageParser::feed(std::string_view in, const BodySink& onBody) {
    std::size_t pos = 0;
    auto done = [&](ParseEvent event) {
        messageBytes_ += pos;
        return FeedResult{pos, event};
    };
    while (true) {
        switch (state_) {
        case State::Complete: return done(ParseEvent::MessageComplete);
        case State::Failed: return done(ParseEvent::Failed);
        case State::FixedBody:
        case State::ChunkData: {
            if (pos == in.size()) return done(ParseEvent::NeedMore);
            auto take = static_cast<std::size_t>(std::min<std::uint64_t>(remaining_, in.size() - pos));
            deliver(in.substr(pos, take), onBody);
            pos += take;
            remaining_ -= take;
            if (remaining_ == 0) state_ = state_ == State::FixedBody ? State::Complete : State::ChunkDataEnd;
            break;
        }
        case State::UnframedBody:
            fail(0, unframedReason());
            break;
        case State::UntilClose:
            if (pos == in.size()) return done(ParseEvent::NeedMore);
            deliver(in.substr(pos), onBody);
            pos = in.size();
            break;
        case State::ChunkDataEnd: {
            if (pos == in.size()) return done(ParseEvent::NeedMore);
            char c = in[pos];
            if (c == '\r' && !sawCrAfterChunk_) {
                sawCrAfterChunk_ = true;
                ++pos;
            } else if (c == '\n') {
                if (!sawCrAfterChunk_) observe(ObservationKind::BareLf, "after chunk data");
                sawCrAfterChunk_ = false;
                ++pos;
                if (state_ != State::Failed) state_ = State::ChunkSize;
            } else {
                observe(ObservationKind::ChunkDataNotFollowedByCrlf, "found " + printableExcerpt(in.substr(pos, 1)) + " after the chunk data");
                fail(400, "chunk data not followed by CRLF");
            }
            break;
        }
        case State::StartLine:
        case State::FieldLine:
        case State::ChunkSize:
        case State::TrailerLine: {
            if (pos == in.size()) return done(ParseEvent::NeedMore);
            std::string_view line;
            if (!takeLine(in, pos, line)) {
                if (state_ == State::Failed) break;
                return done(ParseEvent::NeedMore);
            }
            bool headEnded = processLine(line);
            line_.clear();
            if (headEnded) return done(state_ == State::Failed ? ParseEvent::Failed : ParseEvent::HeadComplete);
            break;
        }
        }
    }
}

FeedResult MessageParser::finish(const BodySink&) {
    switch (state_) {
    case State::Complete: return {0, ParseEvent::MessageComplete};
    case State::Failed: return {0, ParseEvent::Failed};
    case State::UntilClose:
        state_ = State::Complete;
        return {0, ParseEvent::MessageComplete};
    case State::UnframedBody: fail(0, unframedReason()); break;
    case State::StartLine:
        fail(400, messageBytes_ == 0 && line_.empty() ? "connection closed before a message began"
                                                      : "connection closed inside the start line");
        break;
    case State::FieldLine: fail(400, "connection closed inside the message head"); break;
    case State::FixedBody:
        observe(ObservationKind::BodyShorterThanContentLength,
                std::to_string(bodyBytes_) + " of " + std::to_string(head_.contentLength) + " octets");
        fail(400, "connection closed before the body was complete");
        break;
    case State::ChunkSize:
    case State::ChunkData:
    case State::ChunkDataEnd:
    case State::TrailerLine:
        observe(ObservationKind::UnterminatedChunkedBody, std::to_string(bodyBytes_) + " octets decoded");
        fail(400, "connection closed before the end of the chunked body");
        break;
    }
    return {0, ParseEvent::Failed};
}

void MessageParser::deliver(std::string_view bytes, const BodySink& onBody) {
    bodyBytes_ += bytes.size();
    if (onBody && !bytes.empty()) onBody(bytes);
}

std::size_t MessageParser::headBudget() const {
    // What is left of the head (or trailer) budget for one line, less the line's own LF.
    return limits_.maxHeadBytes > headBytes_ + 1 ? limits_.maxHeadBytes - headBytes_ - 1 : 0;
}

std::size_t MessageParser::lineLimit() const {
    switch (state_) {
    case State::ChunkSize: return limits_.maxChunkLineBytes;
    case State::StartLine:
    case State::FieldLine:
    case State::TrailerLine:
        if (state_ == State::StartLine && role_ == Role::Request)
            return std::min(headBudget(), limits_.maxTargetBytes + kRequestLineSlack);
        return headBudget();
    default: return 0;
    }
}

void MessageParser::failLineTooLong() {
    switch (state_) {
    case State::ChunkSize: fail(400, "chunk size line too long"); return;
    case State::TrailerLine: fail(431, "trailer section too large"); return;
    case State::StartLine:
        if (role_ == Role::Request && limits_.maxTargetBytes + kRequestLineSlack < headBudget()) {
            // The request line outgrew the target limit: 414 when a method was seen, else garbage.
            bool methodSeen = line_.substr(0, kRequestLineSlack).find(' ') != std::string::npos;
            if (methodSeen) fail(414, "request target too long");
            else fail(400, "malformed request line");
            return;
        }
        [[fallthrough]];
    default:
        fail(431, role_ == Role::Request ? "request header fields too large"
                                         : "response head larger than " + std::to_string(limits_.maxHeadBytes / 1024) + " KiB");
    }
}

bool MessageParser::takeLine(std::string_view in, std::size_t& pos, std::string_view& line) {
    const char* start = in.data() + pos;
    std::size_t available = in.size() - pos;
    const auto* lf = static_cast<const char*>(std::memchr(start, '\n', available));
    std::size_t length = lf ? static_cast<std::size_t>(lf - start) : available;
    std::size_t limit = lineLimit();
    std::size_t room = limit > line_.size() ? limit - line_.size() : 0;
    bool countsAsHead = state_ != State::ChunkSize;
    if (length > room) {
        line_.append(start, std::min(length, room + 1));
        pos += std::min(length, room + 1);
        failLineTooLong();
        return false;
    }
    if (!lf) {
        line_.append(start, length);
        pos += length;
        return false;
    }
    pos += length + 1;
    if (countsAsHead) headBytes_ += line_.size() + length + 1;
    if (line_.empty()) {
        line = std::string_view(start, length);
    } else {
        line_.append(start, length);
        line = line_;
    }
    lineEndedBareLf_ = line.empty() || line.back() != '\r';
    if (!lineEndedBareLf_) line.remove_suffix(1);
    return true;
}

bool MessageParser::processLine(std::string_view line) {
    if (lineEndedBareLf_) observe(ObservationKind::BareLf, line);   // tolerated: never fails
    switch (state_) {
    case State::StartLine:
        if (line.empty()) {
            if (++emptyLinesBeforeStart_ > kMaxEmptyLinesBeforeStart)
                fail(400, role_ == Role::Request ? "malformed request line" : "no status line");
            else if (role_ == Role::Response) observe(ObservationKind::MalformedStartLine, "empty line before the status line");
            return state_ == State::Failed;
        }
        if (line.find('\r') != std::string_view::npos) observe(ObservationKind::BareCr, line);
        if (state_ == State::Failed) return true;
        if (role_ == Role::Request) parseRequestLine(line);
        else parseStatusLine(line);
        if (state_ == State::Failed) return true;
        state_ = State::FieldLine;
        return false;
    case State::FieldLine:
        if (line.empty()) return endOfHead();
        parseFieldLine(line, head_.headers);
        return state_ == State::Failed;
    case State::ChunkSize:
        parseChunkSizeLine(line);
        return false;
    case State::TrailerLine:
        if (line.empty()) {
            if (state_ != State::Failed) state_ = State::Complete;
            return false;
        }
        parseFieldLine(line, trailers_);
        return false;
    default:
        return false;
    }
}

void MessageParser::parseRequestLine(std::string_view line) {
    // request-line = method SP request-target SP HTTP-version (RFC 9112 §3)
    auto sp1 = line.find(' ');
    auto sp2 = sp1 == std::string_view::npos ? sp1 : line.find(' ', sp1 + 1);
    if (sp2 == std::string_view::npos || line.find(' ', sp2 + 1) != std::string_view::npos) {
        observe(ObservationKind::MalformedStartLine, line);
        fail(400, "malformed request line");
        return;
    }
    std::string_view method = line.substr(0, sp1);
    std::string_view target = line.substr(sp1 + 1, sp2 - sp1 - 1);
    std::string_view version = line.substr(sp2 + 1);
    if (!isToken(method)) {
        observe(ObservationKind::MalformedStartLine, line);
        fail(400, "invalid method");
        return;
    }
    if (target.size() > limits_.maxTargetBytes) {
        fail(414, "request target too long");
        return;
    }
    if (target.empty() || !std::all_of(target.begin(), target.end(), [](char c) {
            auto u = static_cast<unsigned char>(c);
            return u > 0x20 && u < 0x7F;
        })) {
        observe(ObservationKind::MalformedStartLine, line);
        fail(400, "invalid request target");
        return;
    }
    if (version.size() != 8 || version.substr(0, 7) != "HTTP/1." || (version[7] != '0' && version[7] != '1')) {
        if (version.substr(0, 5) == "HTTP/") fail(505, "only HTTP/1.0 and HTTP/1.1 are supported");
        else fail(400, "invalid HTTP version");
        return;
    }
    head_.versionMinor = version[7] - '0';
    head_.method = std::string(method);
    head_.target = std::string(target);
}

void MessageParser::parseStatusLine(std::string_view line) {
    // status-line = HTTP-version SP status-code SP [ reason-phrase ] (RFC 9112 §4)
    if (line.substr(0, 5) != "HTTP/") {
        fail(0, "response does not start with an HTTP status line");
        return;
    }
    auto sp = line.find(' ');
    std::string_view version = line.substr(0, sp);
    bool wellFormed = version.size() == 8 && version[5] >= '0' && version[5] <= '9' && version[6] == '.' &&
                      version[7] >= '0' && version[7] <= '9';
    if (wellFormed) {
        head_.versionMajor = version[5] - '0';
        head_.versionMinor = version[7] - '0';
    }
    if (sp == std::string_view::npos) {
        fail(0, "malformed status line");
        return;
    }
    std::string_view code = line.substr(sp + 1, 3);
    if (code.size() != 3 || !std::all_of(code.begin(), code.end(), [](char c) { return c >= '0' && c <= '9'; }) || code[0] == '0') {
        fail(0, "malformed status code");
        return;
    }
    head_.status = (code[0] - '0') * 100 + (code[1] - '0') * 10 + (code[2] - '0');
    std::string_view rest = line.substr(sp + 4);
    if (!rest.empty() && rest.front() == ' ') rest.remove_prefix(1);
    else wellFormed = false;   // "HTTP/1.1 200" or "HTTP/1.1 200OK": no SP before the reason
    head_.reason = std::string(rest);
    wellFormed = wellFormed && head_.versionMajor == 1 &&
                 std::all_of(rest.begin(), rest.end(), [](char c) { return isStatusReasonOctet(static_cast<unsigned char>(c)); });
    if (!wellFormed) observe(ObservationKind::MalformedStartLine, line);
}

void MessageParser::parseFieldLine(std::string_view line, HeaderFields& into) {
    if (line.front() == ' ' || line.front() == '\t') {
        // obs-fold (RFC 9112 §5.2): a user agent replaces it with SP; a server refuses it.
        observe(ObservationKind::ObsFold, line);
        if (state_ != State::Failed && lastFieldKept_ && !into.empty()) {
            auto continuation = trimOws(line);
            if (!continuation.empty()) {
                auto& value = into.back().value;
                if (!value.empty()) value += ' ';
                value += continuation;
            }
        }
        return;
    }
    lastFieldKept_ = false;
    if (line.find('\r') != std::string_view::npos) observe(ObservationKind::BareCr, line);
    auto colon = line.find(':');
    if (colon == std::string_view::npos || colon == 0) {
        observe(ObservationKind::MalformedFieldLine, line);
        return;
    }
    std::string_view name = line.substr(0, colon);
    if (name.back() == ' ' || name.back() == '\t') {
        observe(ObservationKind::WhitespaceBeforeColon, line);
        while (!name.empty() && (name.back() == ' ' || name.back() == '\t')) name.remove_suffix(1);
    }
    if (!isToken(name)) {
        observe(ObservationKind::MalformedFieldLine, line);
        return;
    }
    std::string_view value = trimOws(line.substr(colon + 1));
    if (!std::all_of(value.begin(), value.end(), [](char c) { return c == '\r' || isFieldValueOctet(static_cast<unsigned char>(c)); }))
        observe(ObservationKind::InvalidFieldValue, line);
    if (state_ == State::Failed) return;
    if (into.size() >= limits_.maxHeaderFields) {
        fail(431, "too many header fields");
        return;
    }
    into.add(std::string(name), std::string(value));
    lastFieldKept_ = true;
}

bool MessageParser::endOfHead() {
    if (role_ == Role::Request) {
        // Host (RFC 9112 §3.2, H-4).
        std::size_t hosts = head_.headers.count("Host");
        if (hosts > 1 || (head_.versionMinor == 1 && hosts == 0)) observe(ObservationKind::InvalidHost, hosts ? "two Host fields" : "no Host field");
        else if (hosts == 1 && !validHost(*head_.headers.get("Host"))) observe(ObservationKind::InvalidHost, *head_.headers.get("Host"));
    }
    if (state_ != State::Failed) chooseFraming();
    if (state_ == State::Failed) return true;
    if (role_ == Role::Response && head_.status < 200 && head_.status != 101) {
        // An interim response (RFC 9110 §15.2): skip it, the final response follows.
        ++interimResponses_;
        head_ = MessageHead{};
        headBytes_ = 0;
        lastFieldKept_ = false;
        state_ = State::StartLine;
        return false;
    }
    headComplete_ = true;
    return true;
}

void MessageParser::chooseFraming() {
    // Content-Length: one decimal value; a list or repetition of one value is tolerated.
    std::optional<std::uint64_t> length;
    bool invalid = false, differing = false;
    std::size_t values = 0;
    auto lengths = head_.headers.getAll("Content-Length");
    for (auto field : lengths) {
        auto elements = splitList(field);
        if (elements.empty()) {
            invalid = true;
            observe(ObservationKind::InvalidContentLength, field);
        }
        for (auto element : elements) {
            ++values;
            auto n = parseDecimal(element);
            if (!n) {
                invalid = true;
                observe(ObservationKind::InvalidContentLength, field);
            } else if (length && *length != *n) {
                differing = true;
                observe(ObservationKind::DifferingContentLengths, field);
            } else {
                length = n;
            }
        }
    }
    if (!invalid && !differing && values > 1)
        observe(ObservationKind::RepeatedContentLength, lengths.size() > 1 ? "repeated field lines" : lengths.front());

    // Transfer-Encoding: the codings in order, over every field line.
    auto codingLines = head_.headers.getAll("Transfer-Encoding");
    bool hasCodings = !codingLines.empty();
    std::size_t chunkedCount = 0;
    bool chunkedLast = false;
    std::optional<std::string_view> unknownCoding;
    for (auto field : codingLines) {
        auto elements = splitList(field);
        if (elements.empty()) unknownCoding = "(empty)";
        for (auto element : elements) {
            auto coding = trimOws(element.substr(0, element.find(';')));
            chunkedLast = equalsIgnoreCase(coding, "chunked");
            if (chunkedLast) ++chunkedCount;
            else if (!unknownCoding) unknownCoding = element;
        }
    }
    if (hasCodings) {
        if (!lengths.empty()) observe(ObservationKind::ContentLengthWithTransferEncoding, "Content-Length: " + std::string(lengths.front()));
        if (role_ == Role::Request && head_.versionMinor == 0) observe(ObservationKind::TransferEncodingInHttp10, codingLines.front());
        if (chunkedCount > 1) observe(ObservationKind::ChunkedAppliedTwice, codingLines.front());
        if (chunkedCount > 0 && !chunkedLast) observe(ObservationKind::ChunkedNotFinal, codingLines.front());
        if (unknownCoding) observe(ObservationKind::UnknownTransferCoding, *unknownCoding);
    }
    if (role_ == Role::Response && (head_.status < 200 || head_.status == 204) && (hasCodings || !lengths.empty()))
        observe(ObservationKind::FramingFieldWithoutBody, std::to_string(head_.status));
    if (state_ == State::Failed) return;

    // Message body length (RFC 9112 §6.3).
    bool bodiless = role_ == Role::Response && (equalsIgnoreCase(requestMethod_, "HEAD") || head_.status < 200 ||
                                                head_.status == 204 || head_.status == 304);
    if (bodiless) {
        head_.framing = BodyFraming::None;
        state_ = State::Complete;
    } else if (hasCodings) {
        if (chunkedLast) {
            head_.framing = BodyFraming::Chunked;
            state_ = State::ChunkSize;
        } else if (role_ == Role::Response) {
            head_.framing = BodyFraming::UntilClose;   // item 4: read until the server closes
            state_ = State::UntilClose;
        } else {
            fail(chunkedCount ? 400 : 501, "the body length of this request cannot be determined");
        }
    } else if (invalid || differing) {
        if (role_ == Role::Request) fail(400, "invalid or conflicting Content-Length");
        else state_ = State::UnframedBody;
    } else if (length) {
        if (*length > limits_.maxBodyBytes) {
            fail(413, role_ == Role::Request ? "request body too large" : "response body larger than the limit");
            return;
        }
        head_.framing = BodyFraming::ContentLength;
        head_.contentLength = *length;
        remaining_ = *length;
        state_ = *length == 0 ? State::Complete : State::FixedBody;
    } else if (role_ == Role::Response) {
        head_.framing = BodyFraming::UntilClose;
        state_ = State::UntilClose;
    } else {
        head_.framing = BodyFraming::None;
        state_ = State::Complete;
    }
    headBytes_ = 0;   // from here on it counts the trailer section
}

void MessageParser::parseChunkSizeLine(std::string_view line) {
    // chunk = chunk-size [ chunk-ext ] CRLF chunk-data CRLF; last-chunk = 1*("0") [ chunk-ext ] CRLF
    std::size_t digits = 0;
    while (digits < line.size() && isHexDigit(line[digits])) ++digits;
    std::size_t firstSignificant = 0;
    while (firstSignificant + 1 < digits && line[firstSignificant] == '0') ++firstSignificant;
    if (digits == 0 || digits - firstSignificant > kMaxChunkSizeDigits) {
        observe(ObservationKind::InvalidChunkSize, line);
        fail(400, "invalid chunk size");
        return;
    }
    std::uint64_t size = 0;
    for (std::size_t i = firstSignificant; i < digits; ++i) size = size * 16 + hexValue(line[i]);
    if (!validChunkExtensions(line.substr(digits))) observe(ObservationKind::InvalidChunkExtension, line);
    if (state_ == State::Failed) return;
    if (size == 0) {
        state_ = State::TrailerLine;
        return;
    }
    if (size > limits_.maxBodyBytes - std::min(limits_.maxBodyBytes, bodyBytes_)) {
        fail(413, role_ == Role::Request ? "request body too large" : "response body larger than the limit");
        return;
    }
    remaining_ = size;
    state_ = State::ChunkData;
}

}  // namespace mcp::http1
