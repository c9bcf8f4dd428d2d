// OutboundQueue: the bounded outbound byte queue of one event stream (a legacy session's
// GET /sse, a Streamable HTTP GET stream, or a streamed POST answer).
//
// Any thread may push() bytes or append lazy producers; the connection loop that owns the
// socket is the only consumer: it take()s bytes when the socket can accept more and reports
// what it wrote. Producers run on the consumer's thread, one at a time in the order they were
// added, and only when nothing is pending, so a stream that is produced lazily never holds
// more than one chunk beyond what the socket accepted. Everything not yet written counts
// against the limit; a push that would pass it closes the queue (ReaderTooSlow): a reader
// that falls that far behind loses its stream instead of growing the server's memory.
//
//   auto queue = std::make_shared<OutboundQueue>(1 << 20);
//   queue->onClose([](OutboundQueue::CloseReason why) { /* end the session, log why */ });
//   queue->push("event: endpoint\ndata: /sse/message?sessionId=...\n\n");   // any thread
//   queue->addProducer(lazyEvents);                                        // any thread
//   queue->finish();          // end the stream once everything queued has been written
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <list>
#include <functional>
#include <mutex>
#include <string>
#include <string_view>

namespace mcp::server {

class OutboundQueue {
public:
    // Appends the next bytes to `out` (about kProducerChunk at most); false when finished.
    using Producer = std::function<bool(std::string& out)>;

    enum class CloseReason {
        Finished,        // finish() and everything was written
        ReaderTooSlow,   // a push would have passed the limit
        WriteStalled,    // the socket accepted nothing for too long
        ProducerFailed,  // a producer threw
        PeerClosed,      // the client closed the connection
        Evicted,         // a session quota or limit made room for another session
        Expired,         // the session was idle too long
        Deleted,         // the client ended the session (DELETE) or another stream replaced it
        ServerStopping,
    };
    using CloseHandler = std::function<void(CloseReason)>;
    using Waker = std::function<void()>;

    static constexpr std::size_t kProducerChunk = 64 * 1024;

    // `gauge`, if given, tracks the unwritten bytes of every queue that shares it (metrics).
    explicit OutboundQueue(std::size_t limit, std::atomic<std::int64_t>* gauge = nullptr);
    ~OutboundQueue();
    OutboundQueue(const OutboundQueue&) = delete;
    OutboundQueue& operator=(const OutboundQueue&) = delete;

    // Queues bytes. False when the queue is closed or finishing, or when the bytes would pass
    // the limit (the queue is then closed with ReaderTooSlow).
    bool push(std::string_view bytes);
    // Appends a lazy source, run after earlier producers finished. False when closed or finishing.
    bool addProducer(Producer producer);
    // Ends the stream once everything queued and produced has been written.
    void finish();
    // Ends the stream now; pending bytes are discarded. The first reason wins.
    void close(CloseReason reason);
    bool closed() const;
    // Runs once with the reason, on whichever thread closes the queue (at once if already closed).
    void onClose(CloseHandler handler);
    // Bytes pushed or produced and not yet written to the socket.
    std::size_t queuedBytes() const;
    // True while the queue is open and holds bytes not yet written or producers with more to make:
    // its reader is still owed part of the stream.
    bool owesBytes() const;
    std::size_t limit() const { return limit_; }

    // Consumer side: the connection loop thread only.
    // `waker` runs (on any thread, outside the lock) when there is something new to take
    // or the queue closed; an empty function detaches the consumer.
    void setWaker(Waker waker);
    enum class TakeStatus { Open, Finished, Closed };
    // Appends pending bytes to `out`, running the next producer first when nothing is pending
    // and fewer than kProducerChunk bytes are unwritten. A throwing producer closes the queue.
    TakeStatus take(std::string& out);
    // `bytes` of what take() handed out reached the socket.
    void written(std::size_t bytes);
    // Gives back the capacity of the queue's empty buffers (a stream that waits then holds none).
    void releaseEmptyBuffers();

private:
    // Marks the queue closed; returns the handler to run outside the lock.
    CloseHandler closeLocked(CloseReason reason);
    Waker wakeLocked();
    void runClose(CloseHandler handler, Waker waker, CloseReason reason);
    void countBytes(std::int64_t delta) {
        if (gauge_) gauge_->fetch_add(delta, std::memory_order_relaxed);
    }

    const std::size_t limit_;
    std::atomic<std::int64_t>* const gauge_;
    mutable std::mutex mutex_;
    std::string pending_;
    std::string spareChunk_;        // consumer thread only: the buffer the next producer call fills
    std::size_t unwritten_ = 0;     // taken by the consumer, not yet written
    std::list<Producer> producers_;  // a list, not a deque: an idle stream allocates nothing for it
    bool producing_ = false;        // a producer runs outside the lock
    bool finishing_ = false;
    bool closed_ = false;
    CloseReason reason_ = CloseReason::Finished;
    bool wakeArmed_ = true;         // the consumer is waiting for news
    CloseHandler onClose_;
    Waker waker_;
};

std::string_view toString(OutboundQueue::CloseReason reason);

}  // namespace mcp::server
