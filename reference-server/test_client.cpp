// Raw HTTP/1.1 client and SSE reader for tests (see test_client.h).
#include "reference-server/test_client.h"

#include <Poco/Net/SocketAddress.h>

namespace mcp::server::testing {
namespace {

using Deadline = std::chrono::steady_clock::time_point;

Poco::Net::StreamSocket connect(int port) {
    Poco::Net::StreamSocket socket;
    socket.connect(Poco::Net::SocketAddress("127.0.0.1", static_cast<Poco::UInt16>(port)), Poco::Timespan(5, 0));
    return socket;
}

enum class Pumped { Progress, Complete, Ended, Timeout };

// Reads once (before the deadline) and feeds the decoder; body bytes go to `onBody`.
// Complete: the response ended as framed. Ended: the connection closed, or the framing broke.
Pumped pump(Poco::Net::StreamSocket& socket, http1::ResponseDecoder& decoder, const http1::BodySink& onBody,
            Deadline deadline) {
    auto left = std::chrono::duration_cast<std::chrono::microseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) return Pumped::Timeout;
    char chunk[16384];
    int n = 0;
    try {
        socket.setReceiveTimeout(Poco::Timespan(left.count()));
        n = socket.receiveBytes(chunk, sizeof chunk);
    } catch (const Poco::TimeoutException&) {
        return Pumped::Timeout;
    } catch (const Poco::Exception&) {
        return Pumped::Ended;
    }
    if (n <= 0) return decoder.finish(onBody).event == http1::ParseEvent::MessageComplete ? Pumped::Complete : Pumped::Ended;
    std::string_view in(chunk, static_cast<std::size_t>(n));
    while (true) {
        auto step = decoder.feed(in, onBody);
        in.remove_prefix(step.consumed);
        if (step.event == http1::ParseEvent::HeadComplete) continue;   // on into the body
        if (step.event == http1::ParseEvent::MessageComplete) return Pumped::Complete;
        if (step.event == http1::ParseEvent::Failed) return Pumped::Ended;
        return Pumped::Progress;
    }
}

std::string_view methodOf(const std::string& raw) { return std::string_view(raw).substr(0, raw.find(' ')); }

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
    http1::ResponseDecoder decoder(methodOf(raw));
    auto appendBody = [&](std::string_view bytes) { out.body.append(bytes); };
    try {
        auto socket = connect(port);
        socket.sendBytes(raw.data(), static_cast<int>(raw.size()));
        while (true) {
            auto pumped = pump(socket, decoder, appendBody, deadline);
            // An event stream never ends by itself: its head is the answer.
            bool stream = decoder.headComplete() && decoder.head().framing == http1::BodyFraming::UntilClose;
            if (pumped != Pumped::Progress || stream) break;
        }
    } catch (const Poco::Exception&) {
    }
    if (!decoder.headComplete()) return ClientResponse{};
    out.status = decoder.head().status;
    out.headers = decoder.head().headers;
    return out;
}

ClientResponse send(int port, const std::string& method, const std::string& target, const Headers& headers,
                    const std::string& body) {
    return sendRaw(port, buildRequest(method, target, headers, body));
}

EventStream::EventStream(int port, const std::string& raw) : decoder_(methodOf(raw)) {
    auto deadline = std::chrono::steady_clock::now() + 5s;
    try {
        socket_ = connect(port);
        socket_.sendBytes(raw.data(), static_cast<int>(raw.size()));
        while (!decoder_.headComplete() && !eof_)
            if (!readMore(deadline)) eof_ = true;
    } catch (const Poco::Exception&) {
        eof_ = true;
    }
    if (decoder_.headComplete()) {
        head_.status = decoder_.head().status;
        head_.headers = decoder_.head().headers;
    }
}

bool EventStream::readMore(Deadline deadline) {
    if (eof_) return false;
    auto toParser = [this](std::string_view bytes) {
        for (auto& e : parser_.feed(bytes)) pending_.push_back(std::move(e));
    };
    switch (pump(socket_, decoder_, toParser, deadline)) {
    case Pumped::Progress: return true;
    case Pumped::Complete: eof_ = true; return true;
    case Pumped::Ended: eof_ = true; return false;
    case Pumped::Timeout: return false;
    }
    return false;
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
