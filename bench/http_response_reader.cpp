// HttpResponseReader: head parsing and body de-framing (RFC 9112 §6, §7.1).
#include "bench/http_response_reader.h"

#include <algorithm>
#include <charconv>

namespace mcp::bench {
namespace {

bool equalsIgnoreCase(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
        return (x | 0x20) == (y | 0x20);
    });
}

bool containsTokenIgnoreCase(std::string_view list, std::string_view token) {
    for (std::size_t i = 0; i + token.size() <= list.size(); ++i)
        if (equalsIgnoreCase(list.substr(i, token.size()), token)) return true;
    return false;
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
    return s;
}

constexpr std::size_t kMaxLineBytes = 4096;  // chunk-size and trailer lines

}  // namespace

void HttpResponseReader::reset() {
    state_ = State::Head;
    head_.clear();
    error_.clear();
    status_ = 0;
    headers_.clear();
    remaining_ = 0;
    keepAlive_ = true;
}

void HttpResponseReader::fail(std::string reason) {
    state_ = State::Failed;
    error_ = std::move(reason);
}

std::string_view HttpResponseReader::header(std::string_view name) const {
    for (const auto& [key, value] : headers_)
        if (equalsIgnoreCase(key, name)) return value;
    return {};
}

bool HttpResponseReader::parseHead() {
    std::string_view head = head_;
    std::size_t lineEnd = head.find("\r\n");
    const std::string_view statusLine = head.substr(0, lineEnd);
    // "HTTP/1.1 200 OK"
    if (statusLine.size() < 12 || statusLine.substr(0, 5) != "HTTP/") {
        fail("malformed status line");
        return false;
    }
    const std::string_view code = statusLine.substr(9, 3);
    if (std::from_chars(code.data(), code.data() + 3, status_).ec != std::errc() || status_ < 100) {
        fail("malformed status code");
        return false;
    }
    if (statusLine.substr(5, 3) == "1.0") keepAlive_ = false;
    std::size_t pos = lineEnd + 2;
    while (pos < head.size()) {
        const std::size_t end = head.find("\r\n", pos);
        const std::string_view line = head.substr(pos, end - pos);
        pos = end == std::string_view::npos ? head.size() : end + 2;
        if (line.empty()) break;
        const std::size_t colon = line.find(':');
        if (colon == std::string_view::npos || colon == 0) {
            fail("malformed header line");
            return false;
        }
        headers_.emplace_back(std::string(line.substr(0, colon)), std::string(trim(line.substr(colon + 1))));
    }
    const std::string_view connection = header("Connection");
    if (containsTokenIgnoreCase(connection, "close")) keepAlive_ = false;
    if (containsTokenIgnoreCase(connection, "keep-alive")) keepAlive_ = true;

    if (status_ < 200) {  // interim response: skip it and read the real one
        head_.clear();
        headers_.clear();
        return true;
    }
    const bool noBody = status_ == 204 || status_ == 304;
    const std::string_view transferEncoding = header("Transfer-Encoding");
    const std::string_view contentLength = header("Content-Length");
    if (noBody) {
        state_ = State::Complete;
    } else if (containsTokenIgnoreCase(transferEncoding, "chunked")) {
        state_ = State::ChunkSize;
    } else if (!contentLength.empty()) {
        std::uint64_t length = 0;
        auto [ptr, ec] = std::from_chars(contentLength.data(), contentLength.data() + contentLength.size(), length);
        if (ec != std::errc() || ptr != contentLength.data() + contentLength.size()) {
            fail("malformed Content-Length");
            return false;
        }
        remaining_ = length;
        state_ = length == 0 ? State::Complete : State::FixedBody;
    } else {
        state_ = State::UntilClose;
        keepAlive_ = false;
    }
    head_.clear();
    return true;
}

std::size_t HttpResponseReader::feed(std::string_view bytes, const BodySink& onBody) {
    std::size_t used = 0;
    while (used < bytes.size() && state_ != State::Complete && state_ != State::Failed) {
        const std::string_view rest = bytes.substr(used);
        switch (state_) {
        case State::Head: {
            // Append at most what the head limit allows; search for its end only around new bytes.
            const std::size_t oldSize = head_.size();
            const std::size_t room = kMaxHeadBytes + 4 - std::min(oldSize, kMaxHeadBytes + 4);
            const std::size_t appended = std::min(rest.size(), room);
            head_.append(rest.data(), appended);
            const std::size_t end = head_.find("\r\n\r\n", oldSize >= 3 ? oldSize - 3 : 0);
            if (end == std::string::npos) {
                used += appended;
                if (head_.size() > kMaxHeadBytes) fail("response head too large");
                break;
            }
            used += end + 4 - oldSize;  // the rest of what was appended belongs to the body
            head_.resize(end + 4);
            parseHead();
            break;
        }
        case State::FixedBody: {
            const auto take = static_cast<std::size_t>(std::min<std::uint64_t>(remaining_, rest.size()));
            onBody(rest.substr(0, take));
            used += take;
            remaining_ -= take;
            if (remaining_ == 0) state_ = State::Complete;
            break;
        }
        case State::UntilClose:
            onBody(rest);
            used += rest.size();
            break;
        case State::ChunkSize:
        case State::ChunkDataEnd:
        case State::Trailers: {
            const std::size_t lf = rest.find('\n');
            const std::size_t take = lf == std::string_view::npos ? rest.size() : lf + 1;
            head_.append(rest.data(), take);
            used += take;
            if (head_.size() > kMaxLineBytes) {
                fail("chunk framing line too long");
                break;
            }
            if (lf == std::string_view::npos) break;
            const std::string_view line = trim(std::string_view(head_).substr(0, head_.size() - 1));
            if (state_ == State::ChunkDataEnd) {
                if (!line.empty()) fail("missing CRLF after chunk data");
                else state_ = State::ChunkSize;
            } else if (state_ == State::Trailers) {
                if (line.empty()) state_ = State::Complete;
            } else {
                const std::string_view digits = line.substr(0, line.find(';'));
                std::uint64_t size = 0;
                auto [ptr, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), size, 16);
                if (ec != std::errc() || digits.empty() || ptr != digits.data() + digits.size()) fail("malformed chunk size");
                else if (size == 0) state_ = State::Trailers;
                else {
                    remaining_ = size;
                    state_ = State::ChunkData;
                }
            }
            head_.clear();
            break;
        }
        case State::ChunkData: {
            const auto take = static_cast<std::size_t>(std::min<std::uint64_t>(remaining_, rest.size()));
            onBody(rest.substr(0, take));
            used += take;
            remaining_ -= take;
            if (remaining_ == 0) state_ = State::ChunkDataEnd;
            break;
        }
        case State::Complete:
        case State::Failed:
            break;
        }
    }
    return used;
}

void HttpResponseReader::onEndOfStream() {
    if (state_ == State::UntilClose) state_ = State::Complete;
    else if (state_ != State::Complete && state_ != State::Failed) fail("connection closed mid-response");
}

}  // namespace mcp::bench
