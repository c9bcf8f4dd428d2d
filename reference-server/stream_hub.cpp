// OutboundStream queueing and the StreamHub epoll loop (see stream_hub.h).
#include "reference-server/stream_hub.h"

#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <vector>

namespace mcp::server {
namespace {
constexpr std::size_t kProducerChunk = 64 * 1024;
constexpr std::string_view kKeepAlive = ": keepalive\n\n";
}  // namespace

OutboundStream::OutboundStream(std::size_t maxQueuedBytes) : maxQueued_(maxQueuedBytes) {}

OutboundStream::~OutboundStream() = default;

bool OutboundStream::push(std::string_view bytes) {
    CloseHandler closed;
    {
        std::lock_guard lock(mutex_);
        if (closed_) return false;
        if (queue_.size() - queueOffset_ + bytes.size() > maxQueued_) {
            closed = std::move(onClose_);
            markClosedLocked();
        } else {
            queue_.append(bytes);
            if (fd_ >= 0 && !wantWrite_ && flushLocked()) {
                wantWrite_ = true;
                hub_->requestWrite(*this, true);
            }
            if (!closed_) return true;
            closed = std::move(onClose_);
        }
    }
    if (closed) closed();
    return false;
}

bool OutboundStream::setProducer(Producer producer) {
    std::lock_guard lock(mutex_);
    if (closed_) return false;
    producer_ = std::move(producer);
    if (fd_ >= 0 && !wantWrite_ && flushLocked()) {
        wantWrite_ = true;
        hub_->requestWrite(*this, true);
    }
    return true;
}

void OutboundStream::close(bool flush) {
    CloseHandler closed;
    {
        std::lock_guard lock(mutex_);
        if (closed_) return;
        if (flush && (queue_.size() > queueOffset_ || producer_)) {
            closeAfterFlush_ = true;
            return;
        }
        closed = std::move(onClose_);
        markClosedLocked();
    }
    if (closed) closed();
}

bool OutboundStream::closed() const {
    std::lock_guard lock(mutex_);
    return closed_;
}

void OutboundStream::onClose(CloseHandler handler) {
    std::unique_lock lock(mutex_);
    if (!closed_) {
        onClose_ = std::move(handler);
        return;
    }
    lock.unlock();
    handler();
}

std::size_t OutboundStream::queuedBytes() const {
    std::lock_guard lock(mutex_);
    return queue_.size() - queueOffset_;
}

std::chrono::steady_clock::time_point OutboundStream::lastWrite() const {
    std::lock_guard lock(mutex_);
    return lastWrite_;
}

void OutboundStream::markClosedLocked() {
    closed_ = true;
    producer_ = nullptr;
    queue_.clear();
    queueOffset_ = 0;
    // The hub sees the hang-up and releases the descriptor; only it closes fds.
    if (fd_ >= 0) ::shutdown(fd_, SHUT_RDWR);
}

bool OutboundStream::flushLocked() {
    while (!closed_) {
        if (queueOffset_ == queue_.size()) {
            queue_.clear();
            queueOffset_ = 0;
            if (!producer_) break;
            if (!producer_(queue_)) producer_ = nullptr;
            if (queue_.empty()) continue;
        }
        std::size_t len = queue_.size() - queueOffset_;
        ssize_t n = ::send(fd_, queue_.data() + queueOffset_, len, MSG_NOSIGNAL | MSG_DONTWAIT);
        if (n > 0) {
            queueOffset_ += static_cast<std::size_t>(n);
            lastWrite_ = std::chrono::steady_clock::now();
            if (queueOffset_ > kProducerChunk && queueOffset_ * 2 > queue_.size()) {
                queue_.erase(0, queueOffset_);
                queueOffset_ = 0;
            }
            continue;
        }
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return true;
        if (n < 0 && errno == EINTR) continue;
        markClosedLocked();
        return false;
    }
    if (!closed_ && closeAfterFlush_) markClosedLocked();
    return false;
}

StreamHub::StreamHub(std::chrono::milliseconds keepAliveInterval) : keepAliveInterval_(keepAliveInterval) {
    epollFd_ = ::epoll_create1(EPOLL_CLOEXEC);
    wakeFd_ = ::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    epoll_event ev{};
    ev.events = EPOLLIN;
    ev.data.fd = wakeFd_;
    ::epoll_ctl(epollFd_, EPOLL_CTL_ADD, wakeFd_, &ev);
    thread_ = std::thread([this] { run(); });
}

StreamHub::~StreamHub() {
    shutdown();
    ::close(wakeFd_);
    ::close(epollFd_);
}

void StreamHub::attach(const std::shared_ptr<OutboundStream>& stream, Poco::Net::StreamSocket socket) {
    if (stopping_) {
        stream->close();
        return;
    }
    socket.setBlocking(false);
    int fd = socket.impl()->sockfd();
    bool closedNow = false;
    {
        std::lock_guard lock(stream->mutex_);
        if (stream->closed_) return;  // socket closes when `socket` goes out of scope
        stream->socket_ = socket;
        stream->fd_ = fd;
        stream->hub_ = this;
        {
            std::lock_guard mapLock(mutex_);
            streams_[fd] = stream;
        }
        epoll_event ev{};
        ev.events = EPOLLIN | EPOLLRDHUP;
        ev.data.fd = fd;
        ::epoll_ctl(epollFd_, EPOLL_CTL_ADD, fd, &ev);
        if (stream->flushLocked()) {
            stream->wantWrite_ = true;
            requestWrite(*stream, true);
        }
        closedNow = stream->closed_;
    }
    if (closedNow) release(fd);
}

void StreamHub::requestWrite(OutboundStream& stream, bool enable) {
    epoll_event ev{};
    ev.events = EPOLLIN | EPOLLRDHUP | (enable ? EPOLLOUT : 0u);
    ev.data.fd = stream.fd_;
    ::epoll_ctl(epollFd_, EPOLL_CTL_MOD, stream.fd_, &ev);
}

void StreamHub::release(int fd) {
    std::shared_ptr<OutboundStream> stream;
    {
        std::lock_guard lock(mutex_);
        auto it = streams_.find(fd);
        if (it == streams_.end()) return;
        stream = std::move(it->second);
        streams_.erase(it);
    }
    ::epoll_ctl(epollFd_, EPOLL_CTL_DEL, fd, nullptr);
    OutboundStream::CloseHandler closed;
    {
        std::lock_guard lock(stream->mutex_);
        if (!stream->closed_) stream->markClosedLocked();
        closed = std::move(stream->onClose_);
        stream->fd_ = -1;
        stream->hub_ = nullptr;
        stream->socket_.close();
    }
    if (closed) closed();
}

void StreamHub::run() {
    std::vector<epoll_event> events(512);
    auto nextKeepAlive = std::chrono::steady_clock::now() + keepAliveInterval_;
    while (!stopping_) {
        int n = ::epoll_wait(epollFd_, events.data(), static_cast<int>(events.size()), 250);
        for (int i = 0; i < n; ++i) {
            int fd = events[i].data.fd;
            if (fd == wakeFd_) continue;
            std::shared_ptr<OutboundStream> stream;
            {
                std::lock_guard lock(mutex_);
                auto it = streams_.find(fd);
                if (it != streams_.end()) stream = it->second;
            }
            if (!stream) continue;
            bool drop = events[i].events & (EPOLLHUP | EPOLLERR | EPOLLRDHUP);
            if (!drop && (events[i].events & EPOLLIN)) {
                // Clients send nothing on an event stream; discard, and notice EOF.
                char sink[512];
                ssize_t r = ::recv(fd, sink, sizeof sink, MSG_DONTWAIT);
                drop = r == 0 || (r < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR);
            }
            if (!drop && (events[i].events & EPOLLOUT)) {
                std::lock_guard lock(stream->mutex_);
                if (!stream->closed_ && !stream->flushLocked() && !stream->closed_) {
                    stream->wantWrite_ = false;
                    requestWrite(*stream, false);
                }
                drop = stream->closed_;
            }
            if (drop) release(fd);
        }
        auto now = std::chrono::steady_clock::now();
        if (now >= nextKeepAlive) {
            sendKeepAlives();
            nextKeepAlive = now + keepAliveInterval_;
        }
    }
}

void StreamHub::sendKeepAlives() {
    std::vector<std::shared_ptr<OutboundStream>> idle;
    auto cutoff = std::chrono::steady_clock::now() - keepAliveInterval_;
    {
        std::lock_guard lock(mutex_);
        for (auto& [fd, stream] : streams_) idle.push_back(stream);
    }
    for (auto& stream : idle)
        if (stream->lastWrite() <= cutoff) stream->push(kKeepAlive);
}

void StreamHub::shutdown() {
    if (stopping_.exchange(true)) return;
    std::uint64_t one = 1;
    [[maybe_unused]] auto w = ::write(wakeFd_, &one, sizeof one);
    if (thread_.joinable()) thread_.join();
    std::vector<int> fds;
    {
        std::lock_guard lock(mutex_);
        for (auto& [fd, stream] : streams_) fds.push_back(fd);
    }
    for (int fd : fds) release(fd);
}

std::size_t StreamHub::streamCount() const {
    std::lock_guard lock(mutex_);
    return streams_.size();
}

}  // namespace mcp::server
