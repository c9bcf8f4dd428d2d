// Raw-socket HTTP/1.1 client: exact request bytes out, deadline-driven reads decoded by DecodedHttpStream.
#include "conformance/socket_http_exchanger.h"

#include "conformance/decoded_http_stream.h"

#include <Poco/Exception.h>
#include <Poco/Net/Context.h>
#include <Poco/Net/NetException.h>
#include <Poco/Net/SecureStreamSocket.h>
#include <Poco/Net/SocketAddress.h>
#include <Poco/Net/StreamSocket.h>

#include <algorithm>

namespace mcp::conformance {
namespace {

// The socket side of a DecodedHttpStream: every read bounded by the deadline.
class SocketSource : public ByteSource {
public:
    explicit SocketSource(std::unique_ptr<Poco::Net::StreamSocket> socket) : socket_(std::move(socket)) {}

    ~SocketSource() override {
        try {
            socket_->close();
        } catch (...) {
        }
    }

    std::string error() const override { return error_; }

    ReadStatus receive(std::string& into, Deadline deadline) override {
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
            if (n <= 0) return ReadStatus::End;
            into.append(buffer, static_cast<std::size_t>(n));
            return ReadStatus::Data;
        } catch (const Poco::TimeoutException&) {
            return ReadStatus::Timeout;
        } catch (const Poco::Net::ConnectionResetException&) {
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

private:
    std::unique_ptr<Poco::Net::StreamSocket> socket_;
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

std::string SocketHttpExchanger::serialize(const OutgoingRequest& request) const {
    std::string out;
    if (request.rawHead) {
        out = *request.rawHead;
    } else {
        out = request.method + " " + request.target + " HTTP/1.1\r\n";
        if (request.addHost && !request.headers.get("Host")) out += "Host: " + origin_.hostHeader() + "\r\n";
        for (const auto& h : request.headers) out += h.name + ": " + h.value + "\r\n";
        if (request.addContentLength && !request.headers.get("Content-Length") &&
            (!request.body.empty() || request.method == "POST" || request.method == "PUT" || request.method == "PATCH"))
            out += "Content-Length: " + std::to_string(request.body.size()) + "\r\n";
        out += "\r\n";
    }
    out += request.body;
    return out;
}

OpenResult SocketHttpExchanger::open(const OutgoingRequest& request, milliseconds timeout) {
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
    auto stream = std::make_unique<DecodedHttpStream>(std::make_unique<SocketSource>(std::move(socket)), request.method);
    bool timedOut = false;
    if (!stream->readHead(deadline, result.error, timedOut)) {
        result.timedOut = timedOut;
        result.framing = stream->framing();
        return result;
    }
    result.stream = std::move(stream);
    return result;
}

}  // namespace mcp::conformance
