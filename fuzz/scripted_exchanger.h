// ScriptedExchanger: a conformance-suite HttpExchanger (conformance/http_exchanger.h) that
// plays a hostile server from fuzz bytes instead of a socket. Each open() takes the next raw
// response (status line, header lines, blank line, body), parses the head with the suite's
// own parseResponseHead, decodes the body framing the way SocketHttpExchanger does (1xx
// skipped, chunked, Content-Length, until-close), and hands the body out in pieces of a
// fuzz-chosen size. When the script runs out, or after kMaxOpens, the "server" refuses
// connections. No sockets, no clocks: reads never wait.
//
//   ScriptedExchanger http({"HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n\r\n..."}, 3);
//   auto opened = http.open(request, 100ms);
//
// The suite's chunked/Content-Length decoder still lives inside its socket stream, so the
// body framing here is a copy of its rules; see fuzz/README.md ("What is not covered").
#pragma once

#include "conformance/http_exchanger.h"
#include "conformance/socket_http_exchanger.h"

#include <algorithm>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace mcp::fuzz {

// A decoded response body handed out `chunk` bytes per read, then End.
class ScriptedStream : public mcpc::HttpStream {
public:
    ScriptedStream(mcpc::HttpResponseHead head, std::string body, std::size_t chunk, std::string error)
        : head_(std::move(head)), body_(std::move(body)), chunk_(std::max<std::size_t>(chunk, 1)), error_(std::move(error)) {}
    const mcpc::HttpResponseHead& head() const override { return head_; }
    mcpc::ReadStatus read(std::string& out, mcpc::milliseconds) override {
        if (pos_ < body_.size()) {
            auto n = std::min(chunk_, body_.size() - pos_);
            out.append(body_, pos_, n);
            pos_ += n;
            return mcpc::ReadStatus::Data;
        }
        return error_.empty() ? mcpc::ReadStatus::End : mcpc::ReadStatus::Error;
    }
    std::string error() const override { return error_; }

private:
    mcpc::HttpResponseHead head_;
    std::string body_;
    std::size_t chunk_;
    std::string error_;   // set when the framing broke: reported after the good bytes
    std::size_t pos_ = 0;
};

class ScriptedExchanger : public mcpc::HttpExchanger {
public:
    static constexpr std::size_t kMaxOpens = 64;

    ScriptedExchanger(std::vector<std::string> responses, std::size_t chunk)
        : responses_(std::move(responses)), chunk_(chunk) {}

    mcpc::OpenResult open(const mcpc::HttpRequest& request, mcpc::milliseconds) override {
        requests_.push_back(request);
        mcpc::OpenResult result;
        if (next_ >= responses_.size() || opens_++ >= kMaxOpens) {
            result.connectFailed = true;
            result.error = "connection refused (script exhausted)";
            return result;
        }
        std::string_view raw = responses_[next_++];
        mcpc::HttpResponseHead head;
        while (true) {   // bounded: every pass consumes a head from `raw`
            auto [headEnd, separator] = findHeadEnd(raw);
            if (headEnd == std::string_view::npos) {
                result.error = raw.empty() ? "connection closed without a response" : "connection closed inside the response head";
                return result;
            }
            if (!mcpc::parseResponseHead(raw.substr(0, headEnd), head, result.error)) return result;
            raw.remove_prefix(headEnd + separator);
            if (head.status < 100 || head.status >= 200 || head.status == 101) break;
        }
        std::string body, error;
        decodeBody(request, head, raw, body, error);
        result.stream = std::make_unique<ScriptedStream>(std::move(head), std::move(body), chunk_, std::move(error));
        return result;
    }

    const std::vector<mcpc::HttpRequest>& requests() const { return requests_; }

private:
    static std::pair<std::size_t, std::size_t> findHeadEnd(std::string_view raw) {
        auto crlf = raw.find("\r\n\r\n");
        auto lf = raw.find("\n\n");
        if (lf != std::string_view::npos && (crlf == std::string_view::npos || lf < crlf)) return {lf, 2};
        return {crlf, 4};
    }

    static bool isDigit(char c) { return c >= '0' && c <= '9'; }
    static bool isHexDigit(char c) { return isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }

    static std::string trim(std::string_view s) {
        while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
        while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
        return std::string(s);
    }

    static void decodeBody(const mcpc::HttpRequest& request, const mcpc::HttpResponseHead& head, std::string_view raw,
                           std::string& body, std::string& error) {
        if (request.method == "HEAD" || head.status == 204 || head.status == 304) return;
        auto te = mcpc::findHeader(head.headers, "Transfer-Encoding");
        auto cl = mcpc::findHeader(head.headers, "Content-Length");
        if (te && mcpc::toLower(*te).find("chunked") != std::string::npos) {
            decodeChunked(raw, body, error);
        } else if (cl && !cl->empty() && cl->size() <= 18 && std::all_of(cl->begin(), cl->end(), isDigit)) {
            auto length = std::stoull(*cl);
            body.assign(raw.substr(0, std::min<std::uint64_t>(length, raw.size())));
            if (length > raw.size()) error = "connection closed before the body was complete";
        } else {
            body.assign(raw);
        }
    }

    static void decodeChunked(std::string_view raw, std::string& body, std::string& error) {
        while (true) {   // bounded: every pass consumes at least one line of `raw`
            auto nl = raw.find('\n');
            if (nl == std::string_view::npos) {
                error = "connection closed before the body was complete";
                return;
            }
            std::string line = trim(raw.substr(0, nl));
            raw.remove_prefix(nl + 1);
            auto hex = line.substr(0, line.find(';'));
            if (hex.empty() || hex.size() > 12 || !std::all_of(hex.begin(), hex.end(), isHexDigit)) {
                error = "invalid chunk size line";
                return;
            }
            auto size = std::stoull(hex, nullptr, 16);
            if (size == 0) return;
            if (size > raw.size()) {
                body.append(raw);
                error = "connection closed before the body was complete";
                return;
            }
            body.append(raw.substr(0, size));
            raw.remove_prefix(size);
            if (raw.substr(0, 2) == "\r\n") raw.remove_prefix(2);
            else if (raw.substr(0, 1) == "\n") raw.remove_prefix(1);
            else {
                error = "chunk data not followed by CRLF";
                return;
            }
        }
    }

    std::vector<std::string> responses_;
    std::size_t chunk_;
    std::size_t next_ = 0;
    std::size_t opens_ = 0;
    std::vector<mcpc::HttpRequest> requests_;
};

}  // namespace mcp::fuzz
