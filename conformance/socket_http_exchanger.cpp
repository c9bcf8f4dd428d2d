// Raw-socket HTTP/1.1 client: exact request bytes out, bounded and deadline-driven parsing in.
#include "conformance/socket_http_exchanger.h"

#include <Poco/Exception.h>
#include <Poco/Net/Context.h>
#include <Poco/Net/NetException.h>
#include <Poco/Net/SecureStreamSocket.h>
#include <Poco/Net/SocketAddress.h>
#include <Poco/Net/StreamSocket.h>

#include <algorithm>
#include <cstring>

namespace mcpc {
namespace {

constexpr std::size_t kMaxHeadBytes = 256 * 1024;
constexpr std::size_t kMaxChunkLine = 4096;

std::string trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
    return std::string(s);
}

}  // namespace

bool parseResponseHead(std::string_view text, HttpResponseHead& head, std::string& error) {
    std::vector<std::string_view> lines;
    std::size_t pos = 0;
    while (pos < text.size()) {
        auto nl = text.find('\n', pos);
        if (nl == std::string_view::npos) nl = text.size();
        auto line = text.substr(pos, nl - pos);
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        lines.push_back(line);
        pos = nl + 1;
    }
    if (lines.empty() || lines[0].substr(0, 5) != "HTTP/") {
        error = "response does not start with an HTTP status line";
        return false;
    }
    auto statusLine = lines[0];
    auto sp1 = statusLine.find(' ');
    if (sp1 == std::string_view::npos || statusLine.size() < sp1 + 4) {
        error = "malformed status line";
        return false;
    }
    auto code = statusLine.substr(sp1 + 1, 3);
    if (!std::all_of(code.begin(), code.end(), [](char c) { return c >= '0' && c <= '9'; })) {
        error = "malformed status code";
        return false;
    }
    head.status = std::stoi(std::string(code));
    head.reason = statusLine.size() > sp1 + 5 ? std::string(statusLine.substr(sp1 + 5)) : "";
    head.headers.clear();
    for (std::size_t i = 1; i < lines.size(); ++i) {
        auto line = lines[i];
        if (line.empty()) continue;
        if ((line[0] == ' ' || line[0] == '\t') && !head.headers.empty()) {
            head.headers.back().value += " " + trim(line);
            continue;
        }
        auto colon = line.find(':');
        if (colon == std::string_view::npos) continue;  // tolerate junk lines
        head.headers.push_back({trim(line.substr(0, colon)), trim(line.substr(colon + 1))});
    }
    return true;
}

namespace {

class SocketStream : public HttpStream {
public:
    SocketStream(std::unique_ptr<Poco::Net::StreamSocket> socket, bool isHeadRequest)
        : socket_(std::move(socket)), isHeadRequest_(isHeadRequest) {}

    ~SocketStream() override {
        try {
            socket_->close();
        } catch (...) {
        }
    }

    // Reads the response head (skipping 1xx interim responses) within the deadline.
    bool readHead(Deadline deadline, std::string& error, bool& timedOut) {
        while (true) {
            auto end = findHeadEnd();
            if (end != std::string::npos) {
                std::string_view text(raw_.data(), end.first);
                HttpResponseHead head;
                if (!parseResponseHead(text, head, error)) return false;
                raw_.erase(0, end.first + end.second);
                if (head.status >= 100 && head.status < 200 && head.status != 101) continue;
                head_ = std::move(head);
                chooseFraming();
                return true;
            }
            if (raw_.size() > kMaxHeadBytes) {
                error = "response head larger than 256 KiB";
                return false;
            }
            auto got = receive(deadline);
            if (got == ReadStatus::Timeout) {
                timedOut = true;
                error = "no response head before the deadline";
                return false;
            }
            if (got == ReadStatus::Error) {
                error = error_;
                return false;
            }
            if (got == ReadStatus::End) {
                error = raw_.empty() ? "connection closed without a response"
                                     : "connection closed inside the response head";
                return false;
            }
        }
    }

    const HttpResponseHead& head() const override { return head_; }
    std::string error() const override { return error_; }

    ReadStatus read(std::string& out, milliseconds timeout) override {
        auto deadline = Clock::now() + timeout;
        while (true) {
            if (!error_.empty()) return ReadStatus::Error;
            auto before = out.size();
            decode(out);
            if (!error_.empty()) return ReadStatus::Error;
            if (out.size() > before) return ReadStatus::Data;
            if (done_) return ReadStatus::End;
            if (eof_) {
                if (mode_ == Mode::UntilClose) {
                    done_ = true;
                    return ReadStatus::End;
                }
                error_ = "connection closed before the body was complete";
                return ReadStatus::Error;
            }
            auto got = receive(deadline);
            if (got == ReadStatus::Timeout || got == ReadStatus::Error) return got;
        }
    }

private:
    enum class Mode { None, Length, Chunked, UntilClose };
    enum class Chunk { Size, Data, DataEnd, Trailer };

    struct HeadEnd {
        std::size_t first = 0, second = 0;
        bool operator!=(std::size_t npos) const { return first != npos; }
    };

    HeadEnd findHeadEnd() const {
        auto crlf = raw_.find("\r\n\r\n");
        auto lf = raw_.find("\n\n");
        if (crlf == std::string::npos && lf == std::string::npos) return {std::string::npos, 0};
        if (lf != std::string::npos && (crlf == std::string::npos || lf < crlf)) return {lf, 2};
        return {crlf, 4};
    }

    void chooseFraming() {
        auto te = findHeader(head_.headers, "Transfer-Encoding");
        auto cl = findHeader(head_.headers, "Content-Length");
        if (isHeadRequest_ || head_.status == 204 || head_.status == 304) {
            mode_ = Mode::None;
            done_ = true;
        } else if (te && toLower(*te).find("chunked") != std::string::npos) {
            mode_ = Mode::Chunked;
        } else if (cl) {
            mode_ = Mode::Length;
            try {
                left_ = std::stoull(*cl);
            } catch (...) {
                mode_ = Mode::UntilClose;
            }
            if (mode_ == Mode::Length && left_ == 0) done_ = true;
        } else {
            mode_ = Mode::UntilClose;
        }
    }

    void decode(std::string& out) {
        switch (mode_) {
        case Mode::None:
            done_ = true;
            return;
        case Mode::UntilClose:
            out += raw_;
            raw_.clear();
            return;
        case Mode::Length: {
            auto take = static_cast<std::size_t>(std::min<std::uint64_t>(left_, raw_.size()));
            out.append(raw_, 0, take);
            raw_.erase(0, take);
            left_ -= take;
            if (left_ == 0) done_ = true;
            return;
        }
        case Mode::Chunked:
            decodeChunked(out);
            return;
        }
    }

    void decodeChunked(std::string& out) {
        while (!done_) {
            if (chunk_ == Chunk::Data) {
                if (raw_.empty()) return;
                auto take = static_cast<std::size_t>(std::min<std::uint64_t>(left_, raw_.size()));
                out.append(raw_, 0, take);
                raw_.erase(0, take);
                left_ -= take;
                if (left_ == 0) chunk_ = Chunk::DataEnd;
                continue;
            }
            auto nl = raw_.find('\n');
            if (nl == std::string::npos) {
                if (raw_.size() > kMaxChunkLine) error_ = "chunk framing line too long";
                return;
            }
            std::string line = trim(std::string_view(raw_).substr(0, nl));
            raw_.erase(0, nl + 1);
            if (chunk_ == Chunk::DataEnd) {
                if (!line.empty()) {
                    error_ = "chunk data not followed by CRLF";
                    return;
                }
                chunk_ = Chunk::Size;
            } else if (chunk_ == Chunk::Size) {
                auto hex = line.substr(0, line.find(';'));
                if (hex.empty() || hex.size() > 12 ||
                    !std::all_of(hex.begin(), hex.end(), [](char c) { return std::isxdigit(static_cast<unsigned char>(c)); })) {
                    error_ = "invalid chunk size line";
                    return;
                }
                left_ = std::stoull(hex, nullptr, 16);
                chunk_ = left_ == 0 ? Chunk::Trailer : Chunk::Data;
            } else {  // trailer lines until an empty one
                if (line.empty()) done_ = true;
            }
        }
    }

    ReadStatus receive(Deadline deadline) {
        try {
            if (socket_->available() <= 0) {
                auto left = remaining(deadline);
                if (left.count() <= 0) return ReadStatus::Timeout;
                if (!socket_->poll(Poco::Timespan(left.count() * 1000), Poco::Net::Socket::SELECT_READ | Poco::Net::Socket::SELECT_ERROR))
                    return ReadStatus::Timeout;
            }
            // poll() said readable, but a TLS record may be incomplete: bound the read itself too.
            socket_->setReceiveTimeout(Poco::Timespan(std::max<long long>(1, remaining(deadline).count()) * 1000));
            char buffer[16384];
            int n = socket_->receiveBytes(buffer, sizeof buffer);
            if (n <= 0) {
                eof_ = true;
                return ReadStatus::End;
            }
            raw_.append(buffer, static_cast<std::size_t>(n));
            return ReadStatus::Data;
        } catch (const Poco::TimeoutException&) {
            return ReadStatus::Timeout;
        } catch (const Poco::Net::ConnectionResetException&) {
            eof_ = true;
            error_ = "connection reset by the server";
            return ReadStatus::Error;
        } catch (const Poco::Exception& e) {
            error_ = e.displayText();
            return ReadStatus::Error;
        } catch (const std::exception& e) {
            error_ = e.what();
            return ReadStatus::Error;
        }
    }

    std::unique_ptr<Poco::Net::StreamSocket> socket_;
    bool isHeadRequest_;
    std::string raw_;
    HttpResponseHead head_;
    Mode mode_ = Mode::UntilClose;
    Chunk chunk_ = Chunk::Size;
    std::uint64_t left_ = 0;
    bool done_ = false;
    bool eof_ = false;
    std::string error_;
};

}  // namespace

std::string Origin::hostHeader() const {
    bool ipv6 = host.find(':') != std::string::npos;
    return (ipv6 ? "[" + host + "]" : host) + ":" + std::to_string(port);
}

std::string Origin::toString() const { return scheme + "://" + hostHeader(); }

SocketHttpExchanger::SocketHttpExchanger(Origin origin, TlsOptions tls)
    : origin_(std::move(origin)), tls_(std::move(tls)) {}

std::string SocketHttpExchanger::serialize(const HttpRequest& request) const {
    std::string out;
    if (request.rawHead) {
        out = *request.rawHead;
    } else {
        out = request.method + " " + request.target + " HTTP/1.1\r\n";
        if (request.addHost && !findHeader(request.headers, "Host")) out += "Host: " + origin_.hostHeader() + "\r\n";
        for (const auto& h : request.headers) out += h.name + ": " + h.value + "\r\n";
        if (request.addContentLength && !findHeader(request.headers, "Content-Length") &&
            (!request.body.empty() || request.method == "POST" || request.method == "PUT" || request.method == "PATCH"))
            out += "Content-Length: " + std::to_string(request.body.size()) + "\r\n";
        out += "\r\n";
    }
    out += request.body;
    return out;
}

OpenResult SocketHttpExchanger::open(const HttpRequest& request, milliseconds timeout) {
    OpenResult result;
    auto deadline = Clock::now() + timeout;
    std::unique_ptr<Poco::Net::StreamSocket> socket;
    try {
        Poco::Net::SocketAddress address(origin_.host, origin_.port);
        auto connectTimeout = Poco::Timespan(std::max<long long>(1, remaining(deadline).count()) * 1000);
        if (origin_.scheme == "https") {
            Poco::Net::Context::Params params;
            params.verificationMode = tls_.insecure ? Poco::Net::Context::VERIFY_NONE : Poco::Net::Context::VERIFY_RELAXED;
            params.caLocation = tls_.caFile;
            params.loadDefaultCAs = tls_.caFile.empty();
            auto context = new Poco::Net::Context(Poco::Net::Context::TLS_CLIENT_USE, params);
            auto secure = std::make_unique<Poco::Net::SecureStreamSocket>(context);
            secure->setPeerHostName(origin_.host);
            secure->connect(address, connectTimeout);
            // The handshake reads from the server too: bound it like every other read.
            auto left = Poco::Timespan(std::max<long long>(1, remaining(deadline).count()) * 1000);
            secure->setReceiveTimeout(left);
            secure->setSendTimeout(left);
            secure->completeHandshake();
            socket = std::move(secure);
        } else {
            socket = std::make_unique<Poco::Net::StreamSocket>();
            socket->connect(address, connectTimeout);
        }
        socket->setNoDelay(true);
    } catch (const Poco::Exception& e) {
        result.connectFailed = true;
        result.error = "cannot connect to " + origin_.toString() + ": " + e.displayText();
        return result;
    }
    try {
        auto bytes = serialize(request);
        socket->setSendTimeout(Poco::Timespan(std::max<long long>(1, remaining(deadline).count()) * 1000));
        std::size_t sent = 0;
        while (sent < bytes.size()) {
            int n = socket->sendBytes(bytes.data() + sent, static_cast<int>(std::min<std::size_t>(bytes.size() - sent, 65536)));
            if (n <= 0) break;
            sent += static_cast<std::size_t>(n);
        }
    } catch (const Poco::Exception&) {
        // The server may answer (e.g. 413, 431) and close before it read everything; try to read that answer.
    }
    auto stream = std::make_unique<SocketStream>(std::move(socket), request.method == "HEAD");
    bool timedOut = false;
    if (!stream->readHead(deadline, result.error, timedOut)) {
        result.timedOut = timedOut;
        return result;
    }
    result.stream = std::move(stream);
    return result;
}

}  // namespace mcpc
