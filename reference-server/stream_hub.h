// OutboundStream and StreamHub: long-lived SSE responses without a thread each.
//
// A handler creates an OutboundStream, pushes its first event, and returns it in the
// HttpResponse. The connection writes the response head, then attaches the socket to
// the StreamHub, and its worker thread goes back to the pool. From then on any thread
// may push() bytes: they are written at once when the socket can take them, and
// otherwise queued and written by the hub's single epoll thread when it becomes
// writable. The queue is bounded: a reader that stops reading is disconnected when
// its queue would exceed the limit, so it can neither stall others nor grow memory.
//
//   auto stream = std::make_shared<OutboundStream>(1 << 20);
//   stream->push("event: endpoint\ndata: /sse/message?sessionId=...\n\n");
//   hub.attach(stream, std::move(socket));          // done by the connection
//   stream->push(encodedEvent);                       // from any thread
#pragma once

#include <Poco/Net/StreamSocket.h>

#include <atomic>
#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <unordered_map>

namespace mcp::server {

class StreamHub;

class OutboundStream : public std::enable_shared_from_this<OutboundStream> {
public:
    // Produces more bytes on demand (appends to `out`); returns false when finished.
    using Producer = std::function<bool(std::string& out)>;
    using CloseHandler = std::function<void()>;

    explicit OutboundStream(std::size_t maxQueuedBytes);
    ~OutboundStream();

    // Queues bytes for the client. Returns false when the stream is closed, or when the
    // queue limit was hit (the stream is then closed: a reader too slow to keep up).
    bool push(std::string_view bytes);
    // Attaches a lazy source that is drained as the socket accepts bytes.
    bool setProducer(Producer producer);
    // Ends the stream (the socket is closed once queued bytes are flushed if `flush`).
    void close(bool flush = false);
    bool closed() const;
    // Called once, from whichever thread closes the stream.
    void onClose(CloseHandler handler);
    std::size_t queuedBytes() const;
    std::chrono::steady_clock::time_point lastWrite() const;

private:
    friend class StreamHub;
    // Writes as much as the socket takes; true if bytes are still pending. Lock held.
    bool flushLocked();
    void markClosedLocked();

    mutable std::mutex mutex_;
    std::size_t maxQueued_;
    std::string queue_;
    std::size_t queueOffset_ = 0;
    Producer producer_;
    CloseHandler onClose_;
    Poco::Net::StreamSocket socket_;
    int fd_ = -1;
    StreamHub* hub_ = nullptr;
    bool closed_ = false;
    bool closeAfterFlush_ = false;
    bool wantWrite_ = false;
    std::chrono::steady_clock::time_point lastWrite_ = std::chrono::steady_clock::now();
};

class StreamHub {
public:
    explicit StreamHub(std::chrono::milliseconds keepAliveInterval = std::chrono::seconds(15));
    ~StreamHub();
    StreamHub(const StreamHub&) = delete;
    StreamHub& operator=(const StreamHub&) = delete;

    // Takes over a connected socket for the stream and flushes what was queued.
    void attach(const std::shared_ptr<OutboundStream>& stream, Poco::Net::StreamSocket socket);
    // Closes every stream and stops the poller thread.
    void shutdown();
    std::size_t streamCount() const;

private:
    friend class OutboundStream;
    void run();
    void requestWrite(OutboundStream& stream, bool enable);
    void release(int fd);
    void sendKeepAlives();

    int epollFd_ = -1;
    int wakeFd_ = -1;
    std::chrono::milliseconds keepAliveInterval_;
    mutable std::mutex mutex_;
    std::unordered_map<int, std::shared_ptr<OutboundStream>> streams_;
    std::atomic<bool> stopping_{false};
    std::thread thread_;
};

}  // namespace mcp::server
