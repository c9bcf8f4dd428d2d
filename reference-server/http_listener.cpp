// HttpListener: accept, the connection limit, idle order, state gauges and refusal logs.
#include "reference-server/http_listener.h"

#include "reference-server/inbound_connection.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace mcp::server {
namespace {

constexpr int kAcceptsPerEvent = 256;

bool isLoopback(const sockaddr_storage& address) {
    if (address.ss_family == AF_INET) {
        const auto& v4 = reinterpret_cast<const sockaddr_in&>(address);
        return (ntohl(v4.sin_addr.s_addr) >> 24) == 127;
    }
    if (address.ss_family == AF_INET6) {
        const auto& v6 = reinterpret_cast<const sockaddr_in6&>(address).sin6_addr;
        if (IN6_IS_ADDR_LOOPBACK(&v6)) return true;
        return IN6_IS_ADDR_V4MAPPED(&v6) && v6.s6_addr[12] == 127;
    }
    return address.ss_family == AF_UNIX;
}

bool makeNonBlocking(int fd) {
    int flags = ::fcntl(fd, F_GETFL);
    return flags >= 0 && ::fcntl(fd, F_SETFL, flags | O_NONBLOCK) == 0;
}

}  // namespace

// The listening socket's handler.
class HttpListener::Acceptor : public LoopHandler {
public:
    Acceptor(HttpListener& owner, int fd) : owner_(owner), fd_(fd) {}
    ~Acceptor() override { ::close(fd_); }
    void onEvents(std::uint32_t) override { owner_.acceptReady(); }
    void onTimer() override {}
    int fd() const { return fd_; }

private:
    HttpListener& owner_;
    int fd_;
};

HttpListener::HttpListener(ConnectionLoop& loop, ConnectionSettings settings, RequestDispatcher dispatcher,
                           ServerMetrics& metrics, Poco::Logger& logger, const TlsServerContext* tls,
                           ListenerGroup* group)
    : loop_(loop),
      settings_(std::move(settings)),
      dispatcher_(std::move(dispatcher)),
      metrics_(metrics),
      logger_(logger),
      tls_(tls),
      ownGroup_(group ? nullptr : std::make_unique<ListenerGroup>(metrics, logger, loop.clock())),
      group_(group ? group : ownGroup_.get()) {
    group_->members_.push_back(this);
    reserveFd_ = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
}

HttpListener::~HttpListener() {
    // Connections and posted evictions refer to the listener: none may outlive it.
    loop_.shutdown();
    std::erase(group_->members_, this);
    if (reserveFd_ >= 0) ::close(reserveFd_);
}

bool HttpListener::listen(int listeningFd) {
    if (!makeNonBlocking(listeningFd)) {
        logger_.error("cannot make the listening socket non-blocking: %s", std::string(std::strerror(errno)));
        ::close(listeningFd);
        return false;
    }
    acceptorKey_ = loop_.add(listeningFd, std::make_unique<Acceptor>(*this, listeningFd), EPOLLIN);
    return acceptorKey_.valid();
}

void HttpListener::stopAccepting() {
    loop_.remove(acceptorKey_);
    acceptorKey_ = {};
}

void HttpListener::acceptReady() {
    auto* acceptor = static_cast<Acceptor*>(loop_.find(acceptorKey_));
    if (!acceptor) return;
    for (int i = 0; i < kAcceptsPerEvent; ++i) {
        sockaddr_storage address{};
        socklen_t length = sizeof address;
        int fd = ::accept4(acceptor->fd(), reinterpret_cast<sockaddr*>(&address), &length, SOCK_NONBLOCK | SOCK_CLOEXEC);
        if (fd < 0) {
            if (errno == EINTR || errno == ECONNABORTED || errno == EPROTO || errno == EPERM) continue;
            if (errno == EAGAIN || errno == EWOULDBLOCK) return;
            if ((errno == EMFILE || errno == ENFILE) && reserveFd_ >= 0) {
                // Out of descriptors: free one idle connection for later, and take the waiting
                // connection off the backlog with the reserve descriptor so it is refused, not left
                // to make epoll report the listening socket forever.
                makeRoom();
                ::close(reserveFd_);
                int refused = ::accept4(acceptor->fd(), nullptr, nullptr, SOCK_CLOEXEC);
                if (refused >= 0) ::close(refused);
                reserveFd_ = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
                refuse(Refusal::DescriptorLimit, "out of file descriptors");
                continue;
            }
            logger_.error("accept failed: %s", std::string(std::strerror(errno)));
            return;
        }
        adopt(fd, PeerInfo{isLoopback(address)});
    }
}

LoopKey HttpListener::adopt(int fd, PeerInfo peer) {
    // Counted before it is admitted, so that loops admitting at the same time never pass the
    // limit together; an eviction (makeRoom) gives its count back.
    std::atomic<std::size_t>& open = group_->open_;
    auto release = [&open] { open.fetch_sub(1, std::memory_order_relaxed); };
    if (open.fetch_add(1, std::memory_order_relaxed) >= settings_.maxConnections && !makeRoom() &&
        !askAnotherLoopToMakeRoom()) {
        release();
        ::close(fd);
        refuse(Refusal::ConnectionLimit, std::to_string(settings_.maxConnections) + " connections open, none idle");
        return {};
    }
    metrics_.connectionAccepted();
    if (!makeNonBlocking(fd)) {
        release();
        logger_.error("cannot make a connection non-blocking: %s", std::string(std::strerror(errno)));
        ::close(fd);
        return {};
    }
    // Responses and stream chunks are written whole: no need for Nagle's delay.
    int one = 1;
    (void)::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);  // fails harmlessly on socketpairs
    std::unique_ptr<SocketTransport> transport = tls_ ? tls_->wrap(fd) : plainTransport(fd);
    if (!transport) {
        release();
        refuse(Refusal::TlsHandshake, "cannot allocate a TLS session");
        return {};
    }
    auto connection = std::make_unique<InboundConnection>(*this, std::move(transport), peer, tls_ != nullptr);
    InboundConnection* raw = connection.get();
    LoopKey key = loop_.add(fd, std::move(connection), EPOLLIN | EPOLLRDHUP);
    if (!key.valid()) {
        release();
        return {};
    }
    ++connections_;
    raw->registered_ = true;
    raw->start(key);
    return key;
}

bool HttpListener::makeRoom() {
    if (idle_.empty()) return false;
    idle_.front()->evict();
    return true;
}

bool HttpListener::askAnotherLoopToMakeRoom() {
    HttpListener* chosen = nullptr;
    std::size_t most = 0;
    for (HttpListener* other : group_->members_) {
        if (other == this) continue;
        std::size_t idle = other->idleCount_.load(std::memory_order_relaxed);
        std::size_t owed = other->evictionsOwed_.load(std::memory_order_relaxed);
        if (idle > owed && idle - owed > most) {
            most = idle - owed;
            chosen = other;
        }
    }
    if (!chosen) return false;
    chosen->evictionsOwed_.fetch_add(1, std::memory_order_relaxed);
    // The listener outlives every task of its loop (its destructor drops them first).
    bool posted = chosen->loop_.post([chosen] {
        chosen->evictionsOwed_.fetch_sub(1, std::memory_order_relaxed);
        chosen->makeRoom();
    });
    if (!posted) chosen->evictionsOwed_.fetch_sub(1, std::memory_order_relaxed);
    return posted;
}

std::optional<HttpResponse> HttpListener::dispatch(HttpRequest request, const PeerInfo& peer, Responder respond) {
    return dispatcher_(std::move(request), peer, std::move(respond));
}

void HttpListener::changeState(InboundConnection& connection, ConnectionState from, ConnectionState to) {
    if (from != ConnectionState::Count_) metrics_.stateLeft(from);
    metrics_.stateEntered(to);
    if (connection.inIdleList_) {
        idle_.erase(connection.idleEntry_);
        connection.inIdleList_ = false;
    }
    if (to == ConnectionState::Idle) {
        connection.idleEntry_ = idle_.insert(idle_.end(), &connection);
        connection.inIdleList_ = true;
    }
    idleCount_.store(idle_.size(), std::memory_order_relaxed);
}

void HttpListener::connectionGone(InboundConnection& connection) {
    if (!connection.registered_) return;
    connection.registered_ = false;
    if (connection.inIdleList_) {
        idle_.erase(connection.idleEntry_);
        connection.inIdleList_ = false;
    }
    idleCount_.store(idle_.size(), std::memory_order_relaxed);
    metrics_.stateLeft(connection.state_);
    --connections_;
    group_->open_.fetch_sub(1, std::memory_order_relaxed);
}

bool ListenerGroup::rateLimitedLog(std::size_t bucket) {
    std::lock_guard lock(logMutex_);
    LogBucket& b = logBuckets_[bucket];
    LoopTime now = clock_.now();
    if (now - b.windowStart >= std::chrono::seconds(1)) {
        if (b.suppressed > 0)
            logger_.notice("%s more refusals of this kind were not logged in the last second",
                           std::to_string(b.suppressed));
        b.windowStart = now;
        b.printed = 0;
        b.suppressed = 0;
    }
    if (b.printed < kLogsPerSecond) {
        ++b.printed;
        return true;
    }
    ++b.suppressed;
    return false;
}

void ListenerGroup::refuse(Refusal refusal, const std::string& detail) {
    metrics_.refused(refusal);
    if (rateLimitedLog(static_cast<std::size_t>(refusal)))
        logger_.notice("refused (%s): %s", std::string(toString(refusal)), detail);
}

void ListenerGroup::logErrorAnswer(int status, const std::string& method, const std::string& path) {
    // The path only: a query string may hold a credential.
    if (rateLimitedLog(static_cast<std::size_t>(Refusal::Count_)))
        logger_.notice("request error: %d %s %s", status, method, path.substr(0, 200));
}

}  // namespace mcp::server
