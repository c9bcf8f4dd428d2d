// Raw HTTP/1.1 client and SSE reader for tests (see test_client.h).
#include "reference-server/test_client.h"

#include <Poco/Net/SocketAddress.h>

#include <charconv>

namespace mcp::server::testing {
namespace {

Poco::Net::StreamSocket connect(int port) {
    Poco::Net::StreamSocket socket;
    socket.connect(Poco::Net::SocketAddress("127.0.0.1", static_cast<Poco::UInt16>(port)), Poco::Timespan(5, 0));
    return socket;
}

// Reads until `buffer` holds a complete head; parses it into `out`. Returns head length.
std::size_t readHead(Poco::Net::StreamSocket& socket, std::string& buffer, ClientResponse& out,
                     std::chrono::steady_clock::time_point deadline) {
    char chunk[8192];
    while (buffer.find("\r\n\r\n") == std::string::npos) {
        auto left = std::chrono::duration_cast<std::chrono::microseconds>(deadline - std::chrono::steady_clock::now());
        if (left.count() <= 0) return 0;
        socket.setReceiveTimeout(Poco::Timespan(left.count()));
        int n = 0;
        try {
            n = socket.receiveBytes(chunk, sizeof chunk);
        } catch (const Poco::Exception&) {
            return 0;
        }
        if (n <= 0) return 0;
        buffer.append(chunk, static_cast<std::size_t>(n));
    }
    std::size_t end = buffer.find("\r\n\r\n") + 4;
    std::string_view head(buffer.data(), end);
    std::size_t lineEnd = head.find("\r\n");
    std::string_view statusLine = head.substr(0, lineEnd);
    if (statusLine.size() < 12) return 0;
    std::from_chars(statusLine.data() + 9, statusLine.data() + 12, out.status);
    std::size_t pos = lineEnd + 2;
    while (pos < end - 2) {
        std::size_t next = head.find("\r\n", pos);
        std::string_view line = head.substr(pos, next - pos);
        auto colon = line.find(':');
        std::string_view value = line.substr(colon + 1);
        while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
        out.headers.add(std::string(line.substr(0, colon)), std::string(value));
        pos = next + 2;
    }
    return end;
}

}  // namespace

std::string buildRequest(const std::string& method, const std::string& target, const Headers& headers,
                         const std::string& body) {
    std::string raw = method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n";
    for (const auto& [name, value] : headers) raw += name + ": " + value + "\r\n";
    if (!body.empty() || method == "POST") raw += "Content-Length: " + std::to_string(body.size()) + "\r\n";
    raw += "\r\n" + body;
    return raw;
}

ClientResponse sendRaw(int port, const std::string& raw, std::chrono::milliseconds timeout) {
    auto deadline = std::chrono::steady_clock::now() + timeout;
    ClientResponse out;
    try {
        auto socket = connect(port);
        socket.sendBytes(raw.data(), static_cast<int>(raw.size()));
        std::string buffer;
        std::size_t headEnd = readHead(socket, buffer, out, deadline);
        if (headEnd == 0) return ClientResponse{};
        std::size_t length = 0;
        if (auto cl = out.headers.get("Content-Length")) std::from_chars(cl->data(), cl->data() + cl->size(), length);
        char chunk[16384];
        while (buffer.size() < headEnd + length && std::chrono::steady_clock::now() < deadline) {
            int n = socket.receiveBytes(chunk, sizeof chunk);
            if (n <= 0) break;
            buffer.append(chunk, static_cast<std::size_t>(n));
        }
        out.body = buffer.substr(headEnd, length);
    } catch (const Poco::Exception&) {
        if (out.status == 0) return ClientResponse{};
    }
    return out;
}

ClientResponse send(int port, const std::string& method, const std::string& target, const Headers& headers,
                    const std::string& body) {
    return sendRaw(port, buildRequest(method, target, headers, body));
}

EventStream::EventStream(int port, const std::string& raw) {
    try {
        socket_ = connect(port);
        socket_.sendBytes(raw.data(), static_cast<int>(raw.size()));
        std::string buffer;
        std::size_t headEnd = readHead(socket_, buffer, head_, std::chrono::steady_clock::now() + 5s);
        if (headEnd == 0) {
            eof_ = true;
            return;
        }
        std::string_view body = std::string_view(buffer).substr(headEnd);
        if (auto cl = head_.headers.get("Content-Length")) {
            std::size_t length = 0;
            std::from_chars(cl->data(), cl->data() + cl->size(), length);
            bodyLeft_ = length >= body.size() ? length - body.size() : 0;
            eof_ = *bodyLeft_ == 0;
        }
        pending_ = parser_.feed(body);
    } catch (const Poco::Exception&) {
        eof_ = true;
    }
}

bool EventStream::readMore(std::chrono::steady_clock::time_point deadline) {
    if (eof_) return false;
    auto left = std::chrono::duration_cast<std::chrono::microseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) return false;
    char chunk[16384];
    try {
        socket_.setReceiveTimeout(Poco::Timespan(left.count()));
        int n = socket_.receiveBytes(chunk, sizeof chunk);
        if (n <= 0) {
            eof_ = true;
            return false;
        }
        for (auto& e : parser_.feed(std::string_view(chunk, static_cast<std::size_t>(n)))) pending_.push_back(std::move(e));
        if (bodyLeft_) {
            *bodyLeft_ -= std::min(*bodyLeft_, static_cast<std::size_t>(n));
            eof_ = *bodyLeft_ == 0;
        }
        return true;
    } catch (const Poco::TimeoutException&) {
        return false;
    } catch (const Poco::Exception&) {
        eof_ = true;
        return false;
    }
}

std::optional<SseEvent> EventStream::next(std::chrono::milliseconds timeout) {
    auto deadline = std::chrono::steady_clock::now() + timeout;
    while (pending_.empty())
        if (!readMore(deadline)) return std::nullopt;
    SseEvent e = std::move(pending_.front());
    pending_.erase(pending_.begin());
    return e;
}

bool EventStream::waitForEnd(std::chrono::milliseconds timeout) {
    auto deadline = std::chrono::steady_clock::now() + timeout;
    while (!eof_)
        if (!readMore(deadline) && !eof_) return false;
    return true;
}

}  // namespace mcp::server::testing
