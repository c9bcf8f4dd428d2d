// OutboundQueue: limit accounting, lazy producers and the consumer hand-off (see outbound_queue.h).
#include "reference-server/outbound_queue.h"

#include <algorithm>
#include <utility>

namespace mcp::server {

OutboundQueue::OutboundQueue(std::size_t limit, std::atomic<std::int64_t>* gauge) : limit_(limit), gauge_(gauge) {}

OutboundQueue::~OutboundQueue() { countBytes(-static_cast<std::int64_t>(pending_.size() + unwritten_)); }

bool OutboundQueue::push(std::string_view bytes) {
    std::unique_lock lock(mutex_);
    if (closed_ || finishing_) return false;
    if (pending_.size() + unwritten_ + bytes.size() > limit_) {
        CloseHandler handler = closeLocked(CloseReason::ReaderTooSlow);
        Waker waker = waker_;
        std::list<Producer> discarded = std::move(producers_);
        lock.unlock();
        runClose(std::move(handler), std::move(waker), CloseReason::ReaderTooSlow);
        return false;
    }
    pending_.append(bytes);
    countBytes(static_cast<std::int64_t>(bytes.size()));
    Waker waker = wakeLocked();
    lock.unlock();
    if (waker) waker();
    return true;
}

bool OutboundQueue::addProducer(Producer producer) {
    std::unique_lock lock(mutex_);
    if (closed_ || finishing_) return false;
    producers_.push_back(std::move(producer));
    Waker waker = wakeLocked();
    lock.unlock();
    if (waker) waker();
    return true;
}

void OutboundQueue::finish() {
    std::unique_lock lock(mutex_);
    if (closed_ || finishing_) return;
    finishing_ = true;
    Waker waker = wakeLocked();
    lock.unlock();
    if (waker) waker();
}

void OutboundQueue::close(CloseReason reason) {
    std::unique_lock lock(mutex_);
    if (closed_) return;
    CloseHandler handler = closeLocked(reason);
    Waker waker = waker_;
    std::list<Producer> discarded = std::move(producers_);  // destroyed outside the lock
    lock.unlock();
    discarded.clear();
    runClose(std::move(handler), std::move(waker), reason);
}

bool OutboundQueue::closed() const {
    std::lock_guard lock(mutex_);
    return closed_;
}

void OutboundQueue::onClose(CloseHandler handler) {
    std::unique_lock lock(mutex_);
    if (!closed_) {
        onClose_ = std::move(handler);
        return;
    }
    CloseReason reason = reason_;
    lock.unlock();
    handler(reason);
}

std::size_t OutboundQueue::queuedBytes() const {
    std::lock_guard lock(mutex_);
    return pending_.size() + unwritten_;
}

bool OutboundQueue::owesBytes() const {
    std::lock_guard lock(mutex_);
    return !closed_ && (!pending_.empty() || unwritten_ > 0 || !producers_.empty() || producing_);
}

void OutboundQueue::setWaker(Waker waker) {
    std::lock_guard lock(mutex_);
    waker_ = std::move(waker);
    wakeArmed_ = true;
}

OutboundQueue::TakeStatus OutboundQueue::take(std::string& out) {
    std::unique_lock lock(mutex_);
    if (closed_) return TakeStatus::Closed;
    if (pending_.empty() && !producers_.empty() && !producing_ && unwritten_ < kProducerChunk) {
        Producer producer = std::move(producers_.front());
        producers_.pop_front();
        producing_ = true;
        lock.unlock();
        std::string chunk = std::move(spareChunk_);  // its capacity is reused: no growth per chunk
        chunk.clear();
        bool more = false;
        bool failed = false;
        try {
            more = producer(chunk);
        } catch (...) {
            failed = true;
        }
        lock.lock();
        producing_ = false;
        if (failed && !closed_) {
            CloseHandler handler = closeLocked(CloseReason::ProducerFailed);
            std::list<Producer> discarded = std::move(producers_);
            lock.unlock();
            discarded.clear();
            producer = nullptr;
            runClose(std::move(handler), {}, CloseReason::ProducerFailed);
            return TakeStatus::Closed;
        }
        if (closed_) {
            lock.unlock();  // the producer is destroyed outside the lock
            return TakeStatus::Closed;
        }
        if (more) producers_.push_front(std::move(producer));
        // Bytes pushed while the producer ran follow its chunk.
        if (!chunk.empty()) {
            countBytes(static_cast<std::int64_t>(chunk.size()));
            chunk += pending_;
            pending_.swap(chunk);
        }
        // pending_'s old buffer (or the unused chunk) is the next chunk, while there is one:
        // with the consumer's own buffer, which take() swaps with pending_, three buffers
        // circulate and none is reallocated once they have grown to a chunk.
        chunk.clear();
        if (more) spareChunk_ = std::move(chunk);
    }
    unwritten_ += pending_.size();
    if (out.empty()) {
        out.swap(pending_);
        pending_.clear();
    } else {
        out += pending_;
        pending_.clear();
    }
    wakeArmed_ = true;
    bool done = finishing_ && producers_.empty() && !producing_;
    return done ? TakeStatus::Finished : TakeStatus::Open;
}

void OutboundQueue::written(std::size_t bytes) {
    std::lock_guard lock(mutex_);
    std::size_t credited = std::min(bytes, unwritten_);
    unwritten_ -= credited;
    countBytes(-static_cast<std::int64_t>(credited));
}

void OutboundQueue::releaseEmptyBuffers() {
    std::string().swap(spareChunk_);
    std::lock_guard lock(mutex_);
    if (pending_.empty()) std::string().swap(pending_);
}

OutboundQueue::CloseHandler OutboundQueue::closeLocked(CloseReason reason) {
    closed_ = true;
    reason_ = reason;
    countBytes(-static_cast<std::int64_t>(pending_.size() + unwritten_));
    std::string().swap(pending_);
    unwritten_ = 0;
    return std::move(onClose_);
}

OutboundQueue::Waker OutboundQueue::wakeLocked() {
    if (!wakeArmed_ || !waker_) return {};
    wakeArmed_ = false;
    return waker_;
}

void OutboundQueue::runClose(CloseHandler handler, Waker waker, CloseReason reason) {
    if (handler) handler(reason);
    if (waker) waker();
}

std::string_view toString(OutboundQueue::CloseReason reason) {
    using R = OutboundQueue::CloseReason;
    switch (reason) {
        case R::Finished: return "finished";
        case R::ReaderTooSlow: return "reader-too-slow";
        case R::WriteStalled: return "write-stalled";
        case R::ProducerFailed: return "producer-failed";
        case R::PeerClosed: return "peer-closed";
        case R::Evicted: return "evicted";
        case R::Expired: return "expired";
        case R::Deleted: return "deleted";
        case R::ServerStopping: return "server-stopping";
    }
    return "unknown";
}

}  // namespace mcp::server
