// InboundConnection: the per-connection state machine (see inbound_connection.h).
#include "reference-server/inbound_connection.h"

#include "protocol/json_rpc.h"

#include <sys/epoll.h>

#include <algorithm>
#include <cstdio>

namespace mcp::server {
namespace {

constexpr std::size_t kReadChunk = 16 * 1024;
constexpr std::size_t kReadBudgetPerEvent = 256 * 1024;  // then other connections get a turn
constexpr std::size_t kMaxDrainBytes = 1024 * 1024;       // read and dropped after an error answer
constexpr std::size_t kKeepBufferCapacity = 64 * 1024;    // larger idle buffers are given back
constexpr std::string_view kKeepAliveComment = ": keepalive\n\n";
constexpr std::string_view kContinue = "HTTP/1.1 100 Continue\r\n\r\n";

HttpResponse httpError(int status, const std::string& reason) {
    int code = status == 413 ? kInvalidRequest : kParseError;
    return HttpResponse::json(status, serialize(makeErrorResponse(std::nullopt, code, "HTTP error: " + reason)));
}

std::string seconds(std::chrono::milliseconds ms) {
    char text[32];
    std::snprintf(text, sizeof text, "%g s", static_cast<double>(ms.count()) / 1000);
    return text;
}

// Unparsed input: what one read pass brings, or pipelined requests read ahead while the
// current one is answered (bounded: reading pauses at this size).
std::size_t maxBufferedInput(const http1::Limits& limits) { return limits.maxHeadBytes + kReadBudgetPerEvent; }

}  // namespace

InboundConnection::InboundConnection(HttpListener& listener, std::unique_ptr<SocketTransport> transport,
                                     PeerInfo peer, bool tls)
    : listener_(listener),
      transport_(std::move(transport)),
      peer_(peer),
      state_(tls ? ConnectionState::Handshaking : ConnectionState::Idle),
      reader_(std::make_unique<RequestReader>(listener.settings().http)) {}

InboundConnection::~InboundConnection() {
    if (stream_) {
        stream_->setWaker({});
        stream_->close(OutboundQueue::CloseReason::PeerClosed);
    }
    listener_.connectionGone(*this);
}

void InboundConnection::start(LoopKey key) {
    key_ = key;
    LoopTime now = listener_.loop().now();
    requestStarted_ = now;  // the TLS handshake's deadline counts from here
    idleSince_ = now;
    listener_.changeState(*this, ConnectionState::Count_, state_);
    if (state_ == ConnectionState::Handshaking) advanceHandshake();
    if (!closed_) {
        updateInterest();
        armTimer();
    }
}

void InboundConnection::setState(ConnectionState next) {
    if (next == state_) return;
    if (next == ConnectionState::Idle) idleSince_ = listener_.loop().now();
    ConnectionState previous = state_;
    state_ = next;
    listener_.changeState(*this, previous, next);
}

void InboundConnection::updateInterest() {
    if (closed_) return;
    bool read = !peerEof_;
    bool write = writeBlocked_ || readBlockedOnWrite_;
    switch (state_) {
        case ConnectionState::Idle:
        case ConnectionState::Reading:
        case ConnectionState::Dispatching:
        case ConnectionState::Writing:
            read = read && reader_->in.size() < maxBufferedInput(listener_.settings().http);
            break;
        default:
            break;
    }
    read = read || writeBlockedOnRead_;
    std::uint32_t events = (read ? EPOLLIN | EPOLLRDHUP : 0u) | (write ? EPOLLOUT : 0u);
    if (events == interest_) return;
    if (listener_.loop().setEvents(key_, events)) interest_ = events;
}

LoopTime InboundConnection::deadline() const {
    const ConnectionSettings& s = listener_.settings();
    bool pending = outOffset_ < out_.size();
    LoopTime stalled = pending ? lastProgress_ + s.writeStallTimeout : LoopTime::max();
    switch (state_) {
        case ConnectionState::Handshaking: return requestStarted_ + s.tlsHandshakeTimeout;
        case ConnectionState::Idle: return idleSince_ + s.idleTimeout;
        case ConnectionState::Reading: return requestStarted_ + (reader_->parser.headComplete() ? s.requestTimeout : s.headTimeout);
        case ConnectionState::Dispatching: return LoopTime::max();
        case ConnectionState::Writing: return stalled;
        case ConnectionState::Streaming:
            if (s.keepAliveInterval.count() <= 0) return stalled;
            return std::min(stalled, lastStreamWrite_ + s.keepAliveInterval);
        case ConnectionState::Closing: return halfClosed_ ? lingerUntil_ : stalled;
        case ConnectionState::Count_: break;
    }
    return LoopTime::max();
}

void InboundConnection::armTimer() {
    if (!closed_) listener_.loop().setTimer(key_, deadline());
}

void InboundConnection::onEvents(std::uint32_t events) {
    if (closed_) return;
    if (events & (EPOLLERR | EPOLLHUP)) {
        closeNow();
        return;
    }
    bool readable = events & (EPOLLIN | EPOLLRDHUP);
    bool writable = events & EPOLLOUT;
    if (state_ == ConnectionState::Handshaking) {
        advanceHandshake();
    } else {
        if (writable || (readable && writeBlockedOnRead_)) flush();
        if (!closed_ && (readable || (writable && readBlockedOnWrite_))) {
            if (state_ == ConnectionState::Streaming || state_ == ConnectionState::Closing) discardInput();
            else readInput();
        }
    }
    if (closed_) return;
    updateInterest();
    armTimer();
    // Bytes TLS already decrypted are invisible to epoll: come back for them.
    if ((interest_ & EPOLLIN) && transport_->hasBufferedInput())
        listener_.loop().postTo(key_, [](LoopHandler& h) { h.onEvents(EPOLLIN); });
}

void InboundConnection::advanceHandshake() {
    auto result = transport_->handshake();
    readBlockedOnWrite_ = false;
    switch (result.status) {
        case SocketTransport::Status::Ok:
            setState(ConnectionState::Idle);
            readInput();  // the request may have come with the last handshake flight
            return;
        case SocketTransport::Status::WantRead: return;
        case SocketTransport::Status::WantWrite: readBlockedOnWrite_ = true; return;
        default:
            listener_.refuse(Refusal::TlsHandshake, "TLS handshake failed");
            closeNow();
    }
}

void InboundConnection::readInput() {
    readBlockedOnWrite_ = false;
    const std::size_t cap = maxBufferedInput(listener_.settings().http);
    char chunk[kReadChunk];
    std::size_t budget = kReadBudgetPerEvent;
    while (!peerEof_ && reader_->in.size() < cap && budget > 0) {
        auto result = transport_->read(chunk, std::min({sizeof chunk, cap - reader_->in.size(), budget}));
        if (result.status == SocketTransport::Status::Ok) {
            reader_->in.append(chunk, result.bytes);
            budget -= std::min(budget, result.bytes);
            continue;
        }
        if (result.status == SocketTransport::Status::WantRead) break;
        if (result.status == SocketTransport::Status::WantWrite) {
            readBlockedOnWrite_ = true;
            break;
        }
        if (result.status == SocketTransport::Status::Eof) {
            peerEof_ = true;
            break;
        }
        closeNow();
        return;
    }
    if (state_ == ConnectionState::Idle || state_ == ConnectionState::Reading) processInput();
}

void InboundConnection::discardInput() {
    // Clients send nothing on an event stream, and nothing we still read after an error
    // answer: drop it (bounded), and notice the end.
    readBlockedOnWrite_ = false;
    char chunk[kReadChunk];
    std::size_t budget = kReadBudgetPerEvent;
    while (budget > 0) {
        auto result = transport_->read(chunk, sizeof chunk);
        switch (result.status) {
            case SocketTransport::Status::Ok:
                drained_ += result.bytes;
                budget -= std::min(budget, result.bytes);
                if (state_ == ConnectionState::Closing && drained_ > kMaxDrainBytes) {
                    closeNow();
                    return;
                }
                continue;
            case SocketTransport::Status::WantRead: return;
            case SocketTransport::Status::WantWrite: readBlockedOnWrite_ = true; return;
            case SocketTransport::Status::Eof:
                // A client that half-closed still reads: finish writing the answer first.
                if (state_ == ConnectionState::Closing && !halfClosed_) {
                    peerEof_ = true;
                    return;
                }
                closeNow();
                return;
            case SocketTransport::Status::Failed: closeNow(); return;
        }
    }
}

void InboundConnection::processInput() {
    if (state_ == ConnectionState::Idle) {
        // RFC 9112 §2.2: empty lines before a request line are ignored (some clients send one
        // after a body); they do not start a request, or its deadline.
        std::size_t blank = reader_->in.find_first_not_of("\r\n");
        reader_->in.erase(0, blank == std::string::npos ? reader_->in.size() : blank);
        if (reader_->in.empty()) {
            if (peerEof_) closeNow();
            return;
        }
        setState(ConnectionState::Reading);
        requestStarted_ = listener_.loop().now();
    }
    auto sink = [this](std::string_view bytes) { reader_->body.append(bytes); };
    while (true) {
        http1::FeedResult step = reader_->parser.feed(reader_->in, sink);
        reader_->in.erase(0, step.consumed);
        switch (step.event) {
            case http1::ParseEvent::NeedMore:
                if (peerEof_) closeNow();  // the client gave up mid-request: there is no one to answer
                return;
            case http1::ParseEvent::Failed:
                refuse(reader_->parser.error().status, refusalForStatus(reader_->parser.error().status), reader_->parser.error().reason);
                return;
            case http1::ParseEvent::HeadComplete:
                // The body, if any, is next: its deadline is the whole request's. A client that
                // waits for "100 Continue" gets it now (oversize bodies were refused already).
                if (reader_->parser.expectsContinue()) {
                    appendOutput(kContinue);
                    flush();
                    if (closed_) return;
                }
                continue;
            case http1::ParseEvent::MessageComplete: {
                HttpRequest request = HttpRequest::fromHead(reader_->parser.head(), std::move(reader_->body));
                keepAlive_ = reader_->parser.keepAlive() && !peerEof_;
                reader_->body.clear();
                reader_->parser.reset();
                dispatch(std::move(request));
                return;
            }
        }
    }
}

void InboundConnection::appendOutput(std::string_view bytes) {
    if (outOffset_ == out_.size()) {
        out_.clear();
        outOffset_ = 0;
    }
    out_ += bytes;
    headLeft_ = out_.size() - outOffset_;  // none of these bytes is a stream's
}

void InboundConnection::appendAnswer(const HttpResponse& response, bool keepAlive, bool withBody) {
    if (outOffset_ == out_.size()) {
        out_.clear();
        outOffset_ = 0;
    }
    appendResponseHead(out_, response, keepAlive);
    if (withBody) out_ += response.body;
    headLeft_ = out_.size() - outOffset_;  // none of these bytes is a stream's
}

void InboundConnection::refuse(int status, Refusal refusal, const std::string& reason) {
    listener_.refuse(refusal, std::to_string(status) + " " + reason);
    HttpResponse response = httpError(status, reason);
    listener_.metrics().requestAnswered(status);
    if (reader_) reader_->in.clear();
    appendAnswer(response, false, true);
    lastProgress_ = listener_.loop().now();
    beginClose();
    flush();
}

void InboundConnection::dispatch(HttpRequest request) {
    headRequest_ = request.method == "HEAD";
    method_ = request.method;
    path_ = request.path;
    setState(ConnectionState::Dispatching);
    LoopPoster poster = listener_.loop().poster();
    LoopKey key = key_;
    Responder respond = [poster, key](HttpResponse response) {
        std::shared_ptr<OutboundQueue> stream = response.stream;
        bool posted = poster.postTo(
            key,
            [response = std::move(response)](LoopHandler& h) mutable {
                static_cast<InboundConnection&>(h).onResponse(std::move(response));
            },
            [stream] {
                if (stream) stream->close(OutboundQueue::CloseReason::PeerClosed);
            });
        if (!posted && stream) stream->close(OutboundQueue::CloseReason::ServerStopping);
    };
    // Answered at once (on this thread): no hand-off, no post back.
    if (auto answer = listener_.dispatch(std::move(request), peer_, std::move(respond))) onResponse(std::move(*answer));
}

void InboundConnection::onResponse(HttpResponse response) {
    if (closed_ || state_ != ConnectionState::Dispatching) {
        if (response.stream) response.stream->close(OutboundQueue::CloseReason::PeerClosed);
        return;
    }
    listener_.metrics().requestAnswered(response.status);
    if (response.refusal) listener_.refuse(response.refusal->reason, std::to_string(response.status) + " " + response.refusal->detail);
    else if (response.status >= 400) listener_.logErrorAnswer(response.status, method_, path_);
    lastProgress_ = listener_.loop().now();
    if (response.stream) {
        appendAnswer(response, false, true);
        startStream(std::move(response.stream));
    } else {
        keepAlive_ = keepAlive_ && !peerEof_;
        appendAnswer(response, keepAlive_, !headRequest_);
        setState(ConnectionState::Writing);
        flush();
    }
    if (closed_) return;
    updateInterest();
    armTimer();
}

void InboundConnection::startStream(std::shared_ptr<OutboundQueue> stream) {
    // An event stream carries no further request: what reading requests needs goes.
    reader_.reset();
    stream_ = std::move(stream);
    streamFinished_ = false;
    lastStreamWrite_ = listener_.loop().now();
    setState(ConnectionState::Streaming);
    LoopPoster poster = listener_.loop().poster();
    LoopKey key = key_;
    stream_->setWaker([poster, key] {
        poster.postTo(key, [](LoopHandler& h) { static_cast<InboundConnection&>(h).onStreamReady(); });
    });
    flush();
    // The head and the first events usually go at once; a stream that then waits keeps no
    // buffer (the next event allocates one, which then circulates while the stream is busy).
    if (!closed_ && stream_ && out_.empty()) {
        std::string().swap(out_);
        stream_->releaseEmptyBuffers();
    }
}

void InboundConnection::onStreamReady() {
    if (closed_ || state_ != ConnectionState::Streaming) return;
    if (stream_->closed()) {
        closeNow();
        return;
    }
    if (!writeBlocked_ && !writeBlockedOnRead_) flush();
    if (closed_) return;
    updateInterest();
    armTimer();
}

void InboundConnection::pullStream() {
    switch (stream_->take(out_)) {
        case OutboundQueue::TakeStatus::Closed: closeNow(); return;
        case OutboundQueue::TakeStatus::Finished: streamFinished_ = true; return;
        case OutboundQueue::TakeStatus::Open: return;
    }
}

void InboundConnection::flush() {
    writeBlocked_ = false;
    writeBlockedOnRead_ = false;
    while (true) {
        if (outOffset_ == out_.size()) {
            out_.clear();
            outOffset_ = 0;
            if (state_ != ConnectionState::Streaming || streamFinished_) break;
            pullStream();
            if (closed_) return;
            if (out_.empty()) break;
        }
        auto result = transport_->write(out_.data() + outOffset_, out_.size() - outOffset_);
        if (result.status == SocketTransport::Status::Ok) {
            std::size_t n = result.bytes;
            outOffset_ += n;
            LoopTime now = listener_.loop().now();
            lastProgress_ = now;
            std::size_t head = std::min(n, headLeft_);
            headLeft_ -= head;
            if (stream_ && n > head) {
                stream_->written(n - head);
                lastStreamWrite_ = now;
            }
            continue;
        }
        if (result.status == SocketTransport::Status::WantWrite) {
            writeBlocked_ = true;
            return;
        }
        if (result.status == SocketTransport::Status::WantRead) {
            writeBlockedOnRead_ = true;
            return;
        }
        closeNow();
        return;
    }
    // Everything queued has been written.
    if (state_ == ConnectionState::Writing) {
        afterResponse();
    } else if (state_ == ConnectionState::Streaming && streamFinished_) {
        stream_->setWaker({});
        stream_->close(OutboundQueue::CloseReason::Finished);
        stream_.reset();
        beginClose();
        flush();
    } else if (state_ == ConnectionState::Closing && !halfClosed_) {
        transport_->shutdownWrite();
        halfClosed_ = true;
        lingerUntil_ = listener_.loop().now() + listener_.settings().lingerTimeout;
        if (peerEof_) closeNow();
    }
}

void InboundConnection::afterResponse() {
    if (!keepAlive_) {
        beginClose();
        flush();
        return;
    }
    releaseBuffers();
    setState(ConnectionState::Idle);
    if (reader_->in.empty()) {
        processInput();  // closes when the client has ended its side
        return;
    }
    // A pipelined request is waiting. It is taken up by a task rather than here: answered at
    // once, it would come back here, and a long pipeline would nest as deep as it is long.
    listener_.loop().postTo(key_, [](LoopHandler& h) { static_cast<InboundConnection&>(h).resumeInput(); });
}

void InboundConnection::resumeInput() {
    if (closed_ || (state_ != ConnectionState::Idle && state_ != ConnectionState::Reading)) return;
    processInput();
    if (closed_) return;
    updateInterest();
    armTimer();
}

void InboundConnection::beginClose() {
    if (state_ == ConnectionState::Closing) return;
    keepAlive_ = false;
    setState(ConnectionState::Closing);
}

void InboundConnection::evict() {
    listener_.metrics().connectionClosed(ConnectionClose::IdleEvicted);
    closeNow();
}

void InboundConnection::closeNow() {
    if (closed_) return;
    closed_ = true;
    if (stream_) {
        stream_->setWaker({});
        stream_->close(OutboundQueue::CloseReason::PeerClosed);
    }
    listener_.connectionGone(*this);
    listener_.loop().remove(key_);
}

void InboundConnection::releaseBuffers() {
    if (out_.capacity() > kKeepBufferCapacity) std::string().swap(out_);
    if (!reader_) return;
    if (reader_->in.empty() && reader_->in.capacity() > kKeepBufferCapacity) std::string().swap(reader_->in);
    if (reader_->body.capacity() > kKeepBufferCapacity) std::string().swap(reader_->body);
}

void InboundConnection::onTimer() {
    if (closed_) return;
    const ConnectionSettings& s = listener_.settings();
    LoopTime now = listener_.loop().now();
    if (now < deadline()) {
        armTimer();
        return;
    }
    bool pending = outOffset_ < out_.size();
    switch (state_) {
        case ConnectionState::Handshaking:
            listener_.refuse(Refusal::TlsHandshake, "TLS handshake not finished within " + seconds(s.tlsHandshakeTimeout));
            closeNow();
            return;
        case ConnectionState::Idle:
            listener_.metrics().connectionClosed(ConnectionClose::IdleTimeout);
            closeNow();
            return;
        case ConnectionState::Reading:
            if (reader_->parser.headComplete()) refuse(408, Refusal::RequestTimeout, "request not received within " + seconds(s.requestTimeout));
            else refuse(408, Refusal::HeadTimeout, "request head not received within " + seconds(s.headTimeout));
            break;
        case ConnectionState::Closing:
            if (halfClosed_) {
                closeNow();
                return;
            }
            [[fallthrough]];
        case ConnectionState::Writing:
        case ConnectionState::Streaming:
            if (pending && now >= lastProgress_ + s.writeStallTimeout) {
                listener_.metrics().connectionClosed(ConnectionClose::WriteStalled);
                if (stream_) stream_->close(OutboundQueue::CloseReason::WriteStalled);
                closeNow();
                return;
            }
            if (stream_ && now >= lastStreamWrite_ + s.keepAliveInterval) {
                lastStreamWrite_ = now;  // one comment per interval, even while the socket is full
                stream_->push(kKeepAliveComment);
                onStreamReady();
                return;
            }
            break;
        default:
            break;
    }
    if (closed_) return;
    updateInterest();
    armTimer();
}

}  // namespace mcp::server
