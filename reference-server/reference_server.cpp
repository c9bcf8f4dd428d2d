// Server assembly: listening socket, event loop thread, workers, housekeeping, shutdown.
#include "reference-server/reference_server.h"

#include "reference-server/fault_decorators.h"

#include <malloc.h>
#include <netdb.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/timerfd.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <future>
#include <stdexcept>

namespace mcp::server {
namespace {

constexpr std::size_t kDescriptorReserve = 64;          // log, workers, TLS files, the housekeeping timer
constexpr std::size_t kDescriptorsPerLoop = 4;          // epoll, its eventfd, the listening socket, a reserve
constexpr std::size_t kTrimAboveFreeBytes = 8 << 20;    // glibc free memory worth returning

std::runtime_error systemError(const std::string& what) { return std::runtime_error(what + ": " + std::strerror(errno)); }

// A listening, non-blocking socket bound to `address`; -1 with `failure` set when refused.
// With `reusePort`, other sockets may bind the same port (SO_REUSEPORT): the kernel spreads
// new connections over them.
int listenOn(const sockaddr* address, socklen_t length, int backlog, bool reusePort, std::string& failure) {
    int fd = ::socket(address->sa_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        failure = std::string("socket: ") + std::strerror(errno);
        return -1;
    }
    int one = 1;
    if (::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) != 0 ||
        (reusePort && ::setsockopt(fd, SOL_SOCKET, SO_REUSEPORT, &one, sizeof one) != 0) ||
        ::bind(fd, address, length) != 0 || ::listen(fd, backlog) != 0) {
        failure = std::string("bind/listen: ") + std::strerror(errno);
        ::close(fd);
        return -1;
    }
    return fd;
}

// `count` listening sockets on the same host:port, one per event loop (SO_REUSEPORT when more
// than one); the port actually bound in `bound`.
std::vector<int> openListeningSockets(const std::string& host, int port, int backlog, std::size_t count, int& bound) {
    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
    addrinfo* found = nullptr;
    std::string service = std::to_string(port);
    if (int rc = ::getaddrinfo(host.empty() ? nullptr : host.c_str(), service.c_str(), &hints, &found); rc != 0)
        throw std::runtime_error("cannot resolve " + host + ": " + ::gai_strerror(rc));
    std::string failure = "no address for " + host;
    std::vector<int> sockets;
    sockaddr_storage address{};
    socklen_t length = 0;
    for (addrinfo* a = found; a && sockets.empty(); a = a->ai_next) {
        int fd = listenOn(a->ai_addr, a->ai_addrlen, backlog, count > 1, failure);
        if (fd < 0) continue;
        length = sizeof address;
        if (::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
            failure = std::string("getsockname: ") + std::strerror(errno);
            ::close(fd);
            continue;
        }
        sockets.push_back(fd);
    }
    ::freeaddrinfo(found);
    // The others bind the address and port the first one got (port 0 picks a free one).
    while (!sockets.empty() && sockets.size() < count) {
        int fd = listenOn(reinterpret_cast<sockaddr*>(&address), length, backlog, true, failure);
        if (fd < 0) {
            for (int open : sockets) ::close(open);
            sockets.clear();
            break;
        }
        sockets.push_back(fd);
    }
    if (sockets.empty()) throw std::runtime_error(failure);
    bound = address.ss_family == AF_INET6 ? ntohs(reinterpret_cast<sockaddr_in6&>(address).sin6_port)
                                          : ntohs(reinterpret_cast<sockaddr_in&>(address).sin_port);
    return sockets;
}

// Raises the soft descriptor limit to the hard one; returns the soft limit now in force.
std::size_t raiseDescriptorLimit() {
    rlimit limit{};
    if (::getrlimit(RLIMIT_NOFILE, &limit) != 0) return 1024;
    if (limit.rlim_cur < limit.rlim_max) {
        rlimit raised = limit;
        raised.rlim_cur = limit.rlim_max;
        if (::setrlimit(RLIMIT_NOFILE, &raised) == 0) limit = raised;
    }
    return static_cast<std::size_t>(limit.rlim_cur);
}

}  // namespace

// A one-second timerfd on the loop that runs ReferenceServer::housekeep().
class ReferenceServer::Housekeeping : public LoopHandler {
public:
    Housekeeping(ReferenceServer& server, int fd) : server_(server), fd_(fd) {}
    ~Housekeeping() override { ::close(fd_); }
    void onEvents(std::uint32_t) override {
        std::uint64_t expirations = 0;
        if (::read(fd_, &expirations, sizeof expirations) != sizeof expirations) {
            if (errno != EAGAIN) server_.context_->logger.error("housekeeping timer: %s", std::string(std::strerror(errno)));
            return;
        }
        server_.housekeep();
    }
    void onTimer() override {}

private:
    ReferenceServer& server_;
    int fd_;
};

ReferenceServer::ReferenceServer(ServerConfig config, const LoopClock& clock)
    : config_(std::move(config)), clock_(clock) {}

ReferenceServer::~ReferenceServer() { stop(); }

std::size_t ReferenceServer::defaultEventLoops() {
    return std::max(1u, std::thread::hardware_concurrency() / 2);
}

void ReferenceServer::start() {
    if (running_) return;
    // A peer that resets while OpenSSL writes would otherwise kill the process.
    std::signal(SIGPIPE, SIG_IGN);
    std::size_t descriptors = raiseDescriptorLimit();
    std::size_t loopCount = config_.eventLoops > 0 ? static_cast<std::size_t>(config_.eventLoops) : defaultEventLoops();
    if (config_.maxConnections == 0) {
        std::size_t reserve = kDescriptorReserve + kDescriptorsPerLoop * loopCount;
        config_.maxConnections = descriptors > 2 * reserve ? descriptors - reserve : reserve;
    }
    if (config_.tls()) {
        std::string error;
        tls_ = TlsServerContext::load(config_.tlsCertificateFile, config_.tlsKeyFile, error);
        if (!tls_) throw std::runtime_error(error);
    }
    std::vector<int> listening = openListeningSockets(config_.host, config_.port, config_.listenBacklog, loopCount, port_);
    context_ = std::make_unique<ServerContext>(config_, config_.baseUrl(port_), clock_);
    handler_ = withHttpFaults(std::make_unique<McpHttpHandler>(*context_), *context_);
    std::size_t threads = config_.workerThreads > 0 ? static_cast<std::size_t>(config_.workerThreads)
                                                    : std::max(2u, std::thread::hardware_concurrency());
    workers_ = std::make_unique<WorkerPool>(threads, config_.maxQueuedRequests, context_->logger);
    listeners_ = std::make_unique<ListenerGroup>(context_->metrics, context_->logger, clock_);
    for (std::size_t i = 0; i < listening.size(); ++i) {
        auto served = std::make_unique<EventLoop>();
        served->loop = std::make_unique<ConnectionLoop>(context_->logger, clock_);
        served->listener = std::make_unique<HttpListener>(
            *served->loop, config_.connectionSettings(),
            [this](HttpRequest request, const PeerInfo& peer, Responder respond) {
                return dispatch(std::move(request), peer, std::move(respond));
            },
            context_->metrics, context_->logger, tls_.get(), listeners_.get());
        bool watched = served->listener->listen(listening[i]);
        loops_.push_back(std::move(served));
        if (!watched) {
            for (std::size_t k = i + 1; k < listening.size(); ++k) ::close(listening[k]);
            loops_.clear();
            throw std::runtime_error("cannot watch the listening socket");
        }
    }

    int timer = ::timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
    if (timer < 0) throw systemError("timerfd_create");
    itimerspec every{{1, 0}, {1, 0}};
    if (::timerfd_settime(timer, 0, &every, nullptr) != 0) {
        auto error = systemError("timerfd_settime");
        ::close(timer);
        throw error;
    }
    if (!loops_.front()->loop->add(timer, std::make_unique<Housekeeping>(*this, timer), EPOLLIN).valid())
        throw std::runtime_error("cannot watch the housekeeping timer");
    running_ = true;
    for (auto& served : loops_) {
        ConnectionLoop* loop = served->loop.get();
        served->thread = std::thread([this, loop] {
            if (!loop->run()) context_->logger.critical("an event loop stopped: its connections are no longer served");
        });
    }
}

std::optional<HttpResponse> ReferenceServer::dispatch(HttpRequest request, const PeerInfo& peer, Responder respond) {
    request.peerLoopback = peer.loopback;
    if (request.body.size() <= kInlineBodyLimit)
        if (auto answer = handler_->handleWithoutWaiting(request)) return answer;
    bool queued = workers_->submit([this, request = std::move(request), respond = std::move(respond)] {
        respond(handler_->handle(request));
    });
    if (queued) return std::nullopt;
    listeners_->refuse(Refusal::Overloaded, "all workers busy and " + std::to_string(config_.maxQueuedRequests) + " requests queued");
    HttpResponse busy = jsonRpcErrorResponse(503, -32000, "Server busy: try again");
    busy.headers.add("Retry-After", "1");
    return busy;
}

bool ReferenceServer::runOn(ConnectionLoop& loop, std::function<void()> task) {
    auto done = std::make_shared<std::promise<void>>();
    std::future<void> ran = done->get_future();
    if (!loop.post([task = std::move(task), done] {
            task();
            done->set_value();
        }))
        return false;
    if (ran.wait_for(std::chrono::seconds(10)) != std::future_status::ready) return false;
    try {
        ran.get();  // throws when the loop dropped the task
        return true;
    } catch (...) {
        return false;
    }
}

bool ReferenceServer::onLoop(std::function<void()> task) {
    if (!running_) return false;
    for (std::size_t i = 1; i < loops_.size(); ++i)
        if (!runOn(*loops_[i]->loop, [] {})) return false;
    return runOn(*loops_.front()->loop, std::move(task));
}

std::vector<std::size_t> ReferenceServer::connectionsPerLoop() {
    std::vector<std::size_t> counts;
    if (!running_) return counts;
    for (auto& served : loops_) {
        std::size_t count = 0;
        if (!runOn(*served->loop, [&count, listener = served->listener.get()] { count = listener->connectionCount(); }))
            return {};
        counts.push_back(count);
    }
    return counts;
}

void ReferenceServer::housekeep() {
    for (auto& expired : context_->sessions.expireIdle(config_.sessionIdleTimeout)) {
        endSession(expired, OutboundQueue::CloseReason::Expired);  // never waits: the lock is held
        context_->logger.information("session expired: id=%s", expired.session->id.substr(0, 8));
    }
    // glibc keeps freed memory in its arenas; give it back once sessions and streams are gone.
    struct mallinfo2 info = ::mallinfo2();
    if (info.fordblks > kTrimAboveFreeBytes) ::malloc_trim(0);
}

void ReferenceServer::stop() {
    if (!running_) return;
    running_ = false;
    for (auto& served : loops_) served->loop->stop();
    for (auto& served : loops_) served->thread.join();
    context_->timers.stop();  // no more deferred tool work
    workers_->stop();
    // The loop threads have ended: this thread may now touch what they owned.
    for (auto& served : loops_) served->listener->stopAccepting();
    for (auto& session : context_->sessions.removeAll()) endSession(*session, OutboundQueue::CloseReason::ServerStopping);
    for (auto& served : loops_) served->loop->shutdown();  // closes every connection
}

}  // namespace mcp::server
