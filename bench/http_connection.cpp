// HttpConnection: non-blocking connect / write / read on one socket.
#include "bench/http_connection.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <array>
#include <atomic>
#include <cerrno>

namespace mcp::bench {
namespace {
// Shared by all connections of a thread: reads are consumed before the next read.
thread_local std::array<char, 256 * 1024> readBuffer;
}  // namespace

HttpConnection::HttpConnection(EventLoop& loop, const sockaddr_in& target, HttpConnectionListener& listener)
    : loop_(loop), target_(target), listener_(listener) {}

HttpConnection::~HttpConnection() { close(); }

void HttpConnection::close() {
    if (fd_ < 0) return;
    loop_.unwatch(fd_);
    ::close(fd_);
    fd_ = -1;
    connected_ = false;
}

namespace {
// Thousands of connections from 127.0.0.1 to one address and port make every connect() search
// the local ports the earlier ones took (the kernel's __inet_hash_connect: 60 % of mcp-bench's
// CPU when it opened 15,000 sessions). To a loopback target, sockets take turns among the
// source addresses 127.0.0.1 .. 127.0.0.64 (all loopback), the port still chosen at connect()
// for the whole address pair (IP_BIND_ADDRESS_NO_PORT), so each search is short again.
void spreadLoopbackSource(int fd, const sockaddr_in& target) {
    constexpr std::uint32_t kSources = 64;
    static std::atomic<std::uint32_t> next{0};
    if ((ntohl(target.sin_addr.s_addr) >> 24) != 127) return;
    const int one = 1;
    if (setsockopt(fd, IPPROTO_IP, IP_BIND_ADDRESS_NO_PORT, &one, sizeof one) != 0) return;
    sockaddr_in source{};
    source.sin_family = AF_INET;
    source.sin_addr.s_addr = htonl(0x7f000001u + next++ % kSources);
    ::bind(fd, reinterpret_cast<const sockaddr*>(&source), sizeof source);  // on failure the kernel picks, as before
}
}  // namespace

bool HttpConnection::connectSocket() {
    fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd_ < 0) return false;
    const int one = 1;
    setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    spreadLoopbackSource(fd_, target_);
    const int rc = ::connect(fd_, reinterpret_cast<const sockaddr*>(&target_), sizeof target_);
    if ((rc != 0 && errno != EINPROGRESS) || !loop_.watch(fd_, this)) {
        ::close(fd_);
        fd_ = -1;
        return false;
    }
    connected_ = rc == 0;
    return true;
}

bool HttpConnection::send(std::string request) {
    if (busy_) return false;
    if (fd_ < 0 && !connectSocket()) return false;
    busy_ = true;
    headAnnounced_ = false;
    decoder_.reset();
    decoder_.setRequestMethod(std::string_view(request).substr(0, request.find(' ')));
    outbox_ = std::move(request);
    outboxSent_ = 0;
    requestStartedAt_ = Clock::now();
    if (connected_) flush();
    return true;
}

void HttpConnection::flush() {
    while (outboxSent_ < outbox_.size()) {
        const ssize_t n = ::send(fd_, outbox_.data() + outboxSent_, outbox_.size() - outboxSent_, MSG_NOSIGNAL);
        if (n > 0) {
            outboxSent_ += static_cast<std::size_t>(n);
            continue;
        }
        if (n < 0 && errno == EINTR) continue;
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return;  // EPOLLOUT resumes
        failWith("send failed");
        return;
    }
}

void HttpConnection::failWith(std::string_view reason) {
    close();
    if (!busy_) return;  // an idle keep-alive connection closing is not a failure
    busy_ = false;
    listener_.onConnectionFailed(*this, reason);
}

void HttpConnection::onIoReady(std::uint32_t epollEvents) {
    if (fd_ < 0) return;
    if (!connected_) {
        int error = 0;
        socklen_t length = sizeof error;
        getsockopt(fd_, SOL_SOCKET, SO_ERROR, &error, &length);
        if (error != 0 || (epollEvents & EPOLLERR)) {
            failWith("connect failed");
            return;
        }
        if (!(epollEvents & (EPOLLOUT | EPOLLIN))) return;
        connected_ = true;
    }
    if (epollEvents & EPOLLOUT) flush();
    if (fd_ >= 0 && (epollEvents & (EPOLLIN | EPOLLRDHUP | EPOLLHUP | EPOLLERR))) readAvailable();
}

void HttpConnection::onDeferredRead() {
    if (fd_ >= 0 && connected_) readAvailable();
}

void HttpConnection::announceHead() {
    if (headAnnounced_ || !decoder_.headComplete()) return;
    headAnnounced_ = true;
    listener_.onResponseHead(*this);
}

void HttpConnection::complete() {
    busy_ = false;
    if (!decoder_.keepAlive()) close();
    listener_.onResponseComplete(*this);
}

// Feeds received bytes to the response decoder and reports head, body and completion.
void HttpConnection::deliver(std::string_view bytes) {
    auto onBody = [this](std::string_view body) {
        if (busy_ && fd_ >= 0) listener_.onResponseBody(*this, body);
    };
    while (busy_ && fd_ >= 0) {
        const auto step = decoder_.feed(bytes, onBody);
        bytes.remove_prefix(step.consumed);
        if (!busy_ || fd_ < 0) return;  // the listener closed us
        switch (step.event) {
        case http1::ParseEvent::HeadComplete:
            announceHead();
            break;  // and on into the body (a bodiless answer completes on the next feed)
        case http1::ParseEvent::MessageComplete:
            complete();
            return;  // pipelining is not used: anything left over is stray
        case http1::ParseEvent::Failed:
            failWith(decoder_.error().reason);
            return;
        case http1::ParseEvent::NeedMore:
            return;
        }
    }
}

// The server closed: a close-delimited body ends here, anything else was cut short.
void HttpConnection::endOfStream(std::string_view reason) {
    if (busy_ && decoder_.finish({}).event == http1::ParseEvent::MessageComplete) {
        announceHead();
        busy_ = false;
        close();
        listener_.onResponseComplete(*this);
        return;
    }
    failWith(reason);
}

void HttpConnection::readAvailable() {
    // At most kReadsPerTurn reads, then the rest waits for the next turn of the loop,
    // so one fast stream cannot starve the other connections of this thread.
    constexpr int kReadsPerTurn = 16;
    for (int round = 0; round < kReadsPerTurn; ++round) {
        if (fd_ < 0) return;
        const ssize_t n = ::recv(fd_, readBuffer.data(), readBuffer.size(), 0);
        if (n < 0) {
            if (errno == EINTR) continue;
            if (errno == EAGAIN || errno == EWOULDBLOCK) return;
            failWith("receive failed");
            return;
        }
        if (n == 0) {
            endOfStream("connection closed by server");
            return;
        }
        if (busy_) deliver(std::string_view(readBuffer.data(), static_cast<std::size_t>(n)));
    }
    if (fd_ >= 0) loop_.defer(this);
}

}  // namespace mcp::bench
