// The request parser the reference server used before protocol/http1 (reference-server/
// http_parser.cpp at commit aad463f), kept unchanged but for its types, only as the
// baseline of http1_request_benchmark.cpp. It re-parses from byte 0 on every call.
#include "bench/micro/legacy_request_parser.h"

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <optional>

namespace mcp::bench::legacy {
namespace {

using http1::equalsIgnoreCase;

bool isTchar(unsigned char c) {
    if (c >= '0' && c <= '9') return true;
    if ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') return true;
    return std::string_view("!#$%&'*+-.^_`|~").find(static_cast<char>(c)) != std::string_view::npos;
}

bool isFieldValueChar(unsigned char c) { return c == '\t' || (c >= 0x20 && c != 0x7F); }

ParseResult fail(int status, std::string reason) {
    ParseResult r;
    r.status = ParseStatus::Error;
    r.errorStatus = status;
    r.errorReason = std::move(reason);
    return r;
}

// Splits the head into lines; accepts CRLF and bare LF, refuses a bare CR.
struct LineReader {
    std::string_view text;
    std::size_t pos = 0;
    bool badLineEnd = false;

    std::optional<std::string_view> next() {
        auto lf = text.find('\n', pos);
        if (lf == std::string_view::npos) return std::nullopt;
        std::string_view line = text.substr(pos, lf - pos);
        pos = lf + 1;
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        if (line.find('\r') != std::string_view::npos) badLineEnd = true;
        return line;
    }
};

std::string_view trimOws(std::string_view v) {
    while (!v.empty() && (v.front() == ' ' || v.front() == '\t')) v.remove_prefix(1);
    while (!v.empty() && (v.back() == ' ' || v.back() == '\t')) v.remove_suffix(1);
    return v;
}

std::optional<std::uint64_t> parseDecimal(std::string_view v) {
    if (v.empty() || v.size() > 18) return std::nullopt;
    std::uint64_t n = 0;
    auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
    if (ec != std::errc() || p != v.data() + v.size()) return std::nullopt;
    return n;
}

// Content-Length may be a list of identical values ("5, 5") or repeated lines (H-9).
std::optional<std::uint64_t> contentLength(const http1::HeaderFields& headers, bool& invalid) {
    std::optional<std::uint64_t> length;
    for (const auto& [name, value] : headers.fields()) {
        if (!equalsIgnoreCase(name, "Content-Length")) continue;
        std::string_view rest = value;
        while (true) {
            auto comma = rest.find(',');
            auto n = parseDecimal(trimOws(rest.substr(0, comma)));
            if (!n || (length && *length != *n)) {
                invalid = true;
                return std::nullopt;
            }
            length = n;
            if (comma == std::string_view::npos) break;
            rest.remove_prefix(comma + 1);
        }
    }
    return length;
}

bool validHost(std::string_view host) {
    if (host.empty()) return false;
    return std::all_of(host.begin(), host.end(), [](char ch) {
        auto c = static_cast<unsigned char>(ch);
        return c > 0x20 && c < 0x7F && c != '/' && c != '?' && c != '#' && c != '@' && c != '\\';
    });
}

// Decodes a chunked body starting at `pos`; sets `end` past the trailers.
ParseResult decodeChunked(std::string_view buf, std::size_t pos, const HttpLimits& limits, std::string& body,
                          std::size_t& end) {
    while (true) {
        auto lf = buf.find('\n', pos);
        if (lf == std::string_view::npos) {
            if (buf.size() - pos > 1024) return fail(400, "chunk size line too long");
            return {};
        }
        std::string_view line = buf.substr(pos, lf - pos);
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        std::string_view sizeText = line.substr(0, line.find(';'));
        sizeText = trimOws(sizeText);
        std::uint64_t size = 0;
        auto [p, ec] = std::from_chars(sizeText.data(), sizeText.data() + sizeText.size(), size, 16);
        if (sizeText.empty() || sizeText.size() > 15 || ec != std::errc() || p != sizeText.data() + sizeText.size())
            return fail(400, "invalid chunk size");
        pos = lf + 1;
        if (size == 0) {
            // Trailer fields until an empty line; they are read and dropped.
            while (true) {
                auto tlf = buf.find('\n', pos);
                if (tlf == std::string_view::npos) {
                    if (buf.size() - pos > limits.maxHeadBytes) return fail(431, "trailers too large");
                    return {};
                }
                std::string_view t = buf.substr(pos, tlf - pos);
                pos = tlf + 1;
                if (t.empty() || t == "\r") {
                    end = pos;
                    ParseResult done;
                    done.status = ParseStatus::Complete;
                    return done;
                }
            }
        }
        if (body.size() + size > limits.maxBodyBytes) return fail(413, "request body too large");
        if (buf.size() < pos + size + 1) return {};
        body.append(buf.substr(pos, size));
        pos += size;
        if (buf[pos] == '\r') {
            if (buf.size() < pos + 2) return {};
            if (buf[pos + 1] != '\n') return fail(400, "chunk not followed by CRLF");
            pos += 2;
        } else if (buf[pos] == '\n') {
            pos += 1;
        } else {
            return fail(400, "chunk not followed by CRLF");
        }
    }
}

}  // namespace

ParseResult parseHttpRequest(std::string_view buffer, const HttpLimits& limits) {
    // RFC 9112 §2.2: ignore empty lines before the request line.
    std::size_t start = 0;
    while (start < buffer.size() && (buffer[start] == '\r' || buffer[start] == '\n') && start < 64) ++start;
    std::string_view rest = buffer.substr(start);

    std::size_t headEnd = std::string_view::npos;
    for (std::size_t i = rest.find('\n'); i != std::string_view::npos; i = rest.find('\n', i + 1)) {
        std::size_t next = i + 1;
        if (next < rest.size() && rest[next] == '\n') { headEnd = next + 1; break; }
        if (next + 1 < rest.size() && rest[next] == '\r' && rest[next + 1] == '\n') { headEnd = next + 2; break; }
    }
    if (headEnd == std::string_view::npos) {
        if (rest.size() > limits.maxHeadBytes) {
            auto firstLine = rest.find('\n');
            if (firstLine == std::string_view::npos && rest.size() > limits.maxTargetBytes) return fail(414, "request target too long");
            return fail(431, "request header fields too large");
        }
        return {};
    }
    if (headEnd > limits.maxHeadBytes) return fail(431, "request header fields too large");

    ParseResult result;
    ParsedRequest& req = result.request;
    LineReader lines{rest.substr(0, headEnd)};

    // Request line: method SP request-target SP HTTP-version.
    std::string_view requestLine = *lines.next();
    auto sp1 = requestLine.find(' ');
    auto sp2 = sp1 == std::string_view::npos ? sp1 : requestLine.find(' ', sp1 + 1);
    if (sp2 == std::string_view::npos || requestLine.find(' ', sp2 + 1) != std::string_view::npos)
        return fail(400, "malformed request line");
    std::string_view method = requestLine.substr(0, sp1);
    std::string_view target = requestLine.substr(sp1 + 1, sp2 - sp1 - 1);
    std::string_view version = requestLine.substr(sp2 + 1);
    if (method.empty() || !std::all_of(method.begin(), method.end(), [](char c) { return isTchar(static_cast<unsigned char>(c)); }))
        return fail(400, "invalid method");
    if (target.size() > limits.maxTargetBytes) return fail(414, "request target too long");
    if (target.empty() || !std::all_of(target.begin(), target.end(), [](char c) {
            auto u = static_cast<unsigned char>(c);
            return u > 0x20 && u < 0x7F;
        }))
        return fail(400, "invalid request target");
    if (version.size() != 8 || version.substr(0, 7) != "HTTP/1.") {
        if (version.substr(0, 5) == "HTTP/") return fail(505, "only HTTP/1.x is supported");
        return fail(400, "invalid HTTP version");
    }
    if (version[7] != '0' && version[7] != '1') return fail(505, "only HTTP/1.0 and HTTP/1.1 are supported");
    req.versionMinor = version[7] - '0';
    req.method = std::string(method);
    req.target = std::string(target);
    auto q = target.find('?');
    req.path = std::string(target.substr(0, q));
    if (q != std::string_view::npos) req.query = std::string(target.substr(q + 1));

    // Header fields (H-1, H-2, H-7, H-11).
    while (auto line = lines.next()) {
        if (line->empty()) break;
        if (line->front() == ' ' || line->front() == '\t') return fail(400, "obsolete line folding is not accepted");
        auto colon = line->find(':');
        if (colon == std::string_view::npos || colon == 0) return fail(400, "malformed header field");
        std::string_view name = line->substr(0, colon);
        if (!std::all_of(name.begin(), name.end(), [](char c) { return isTchar(static_cast<unsigned char>(c)); }))
            return fail(400, "invalid header field name");
        std::string_view value = trimOws(line->substr(colon + 1));
        if (!std::all_of(value.begin(), value.end(), [](char c) { return isFieldValueChar(static_cast<unsigned char>(c)); }))
            return fail(400, "invalid character in header field value");
        if (req.headers.fields().size() >= limits.maxHeaderFields) return fail(431, "too many header fields");
        req.headers.add(std::string(name), std::string(value));
    }
    if (lines.badLineEnd) return fail(400, "bare CR in request head");

    // Host (H-4).
    std::size_t hosts = req.headers.count("Host");
    if (hosts > 1 || (req.versionMinor == 1 && hosts == 0)) return fail(400, "exactly one Host header is required");
    if (hosts == 1 && !validHost(*req.headers.get("Host"))) return fail(400, "invalid Host header");

    // Framing (H-9, H-10).
    bool invalidLength = false;
    auto length = contentLength(req.headers, invalidLength);
    if (invalidLength) return fail(400, "invalid or conflicting Content-Length");
    std::size_t bodyStart = start + headEnd;
    if (auto te = req.headers.get("Transfer-Encoding")) {
        if (length) return fail(400, "both Transfer-Encoding and Content-Length");
        if (req.headers.count("Transfer-Encoding") > 1 || !equalsIgnoreCase(trimOws(*te), "chunked"))
            return fail(501, "unsupported transfer coding");
        if (req.versionMinor == 0) return fail(400, "Transfer-Encoding in an HTTP/1.0 request");
        std::size_t end = 0;
        ParseResult chunked = decodeChunked(buffer, bodyStart, limits, req.body, end);
        if (chunked.status != ParseStatus::Complete) return chunked;
        result.consumed = end;
    } else {
        std::uint64_t n = length.value_or(0);
        if (n > limits.maxBodyBytes) return fail(413, "request body too large");
        if (buffer.size() < bodyStart + n) return {};
        req.body = std::string(buffer.substr(bodyStart, n));
        result.consumed = bodyStart + n;
    }
    result.status = ParseStatus::Complete;
    return result;
}

}  // namespace mcp::bench::legacy
