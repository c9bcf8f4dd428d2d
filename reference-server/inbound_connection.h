// InboundConnection: one client connection, from accept to close, as a state machine run by
// the ConnectionLoop. Nothing in it blocks, so no client can hold a thread:
//
//   Handshaking (TLS) -> Idle <-> Reading -> Dispatching -> Writing -> Idle (keep-alive)
//                                                        \-> Streaming (event stream)
//   any state -> Closing (flush, half-close, drain the client's bytes briefly) -> gone
//
// Requests are parsed incrementally (http1::RequestParser); "Expect: 100-continue" is
// answered once the head is accepted, before the body is read.
// Deadlines, not idle timeouts: a request's head must arrive within headTimeout of its first
// byte and the whole request within requestTimeout (408, logged), however slowly it trickles;
// an idle keep-alive connection closes after idleTimeout; output that the client does not
// accept for writeStallTimeout ends the connection (and its stream). A streaming response
// reads its bytes from the stream's bounded OutboundQueue as the socket accepts them, with a
// keep-alive comment when nothing was written for keepAliveInterval. Error answers are written
// before the close, and the close is a half-close followed by a bounded drain, so that a
// client still sending its body receives the answer instead of a reset.
#pragma once

#include "protocol/http1/message_parser.h"
#include "reference-server/http_listener.h"
#include "reference-server/outbound_queue.h"

#include <list>
#include <memory>
#include <string>

namespace mcp::server {

class InboundConnection : public LoopHandler {
public:
    InboundConnection(HttpListener& listener, std::unique_ptr<SocketTransport> transport, PeerInfo peer, bool tls);
    ~InboundConnection() override;

    // Called once the loop registered the connection.
    void start(LoopKey key);
    void onEvents(std::uint32_t events) override;
    void onTimer() override;
    // The dispatcher's answer to the request in progress.
    void onResponse(HttpResponse response);
    // The stream's queue has news (bytes, end, or close).
    void onStreamReady();
    // Closes at once (used to make room for a new connection).
    void evict();

    ConnectionState state() const { return state_; }

private:
    friend class HttpListener;

    void setState(ConnectionState next);
    void updateInterest();
    void armTimer();
    LoopTime deadline() const;

    void advanceHandshake();
    void readInput();
    void discardInput();
    void processInput();
    void refuse(int status, Refusal refusal, const std::string& reason);
    // Queues bytes that belong to no stream (a response head, an interim response).
    void appendOutput(std::string_view bytes);
    // Queues an answer's head (and body) the same way, serialised in place.
    void appendAnswer(const HttpResponse& response, bool keepAlive, bool withBody);
    void dispatch(HttpRequest request);
    void startStream(std::shared_ptr<OutboundQueue> stream);
    void flush();
    void pullStream();
    void afterResponse();
    // Parses input read ahead of the last answer (a pipelined request).
    void resumeInput();
    void beginClose();
    void closeNow();
    void releaseBuffers();

    HttpListener& listener_;
    std::unique_ptr<SocketTransport> transport_;
    const PeerInfo peer_;
    LoopKey key_;
    ConnectionState state_;
    std::uint32_t interest_ = 0;
    bool closed_ = false;

    // What reading requests takes; made with the connection, given back when it turns into an
    // event stream (which reads no request again), so that an idle stream does not keep it.
    struct RequestReader {
        explicit RequestReader(const http1::Limits& limits) : parser(limits) {}
        std::string in;               // read, not yet parsed
        http1::RequestParser parser;  // resumes where it stopped: each byte is parsed once
        std::string body;             // the current request's decoded body
    };
    std::unique_ptr<RequestReader> reader_;  // null once streaming
    bool peerEof_ = false;
    LoopTime requestStarted_{};
    LoopTime idleSince_{};
    bool keepAlive_ = false;
    bool headRequest_ = false;
    std::string method_;          // of the request in progress, for the error log
    std::string path_;

    std::string out_;
    std::size_t outOffset_ = 0;
    std::size_t headLeft_ = 0;    // bytes at the front of out_ that are not the stream's
    LoopTime lastProgress_{};
    bool writeBlocked_ = false;   // the transport asked to wait for writability
    bool readBlockedOnWrite_ = false;  // TLS read wants writability
    bool writeBlockedOnRead_ = false;  // TLS write wants readability

    std::shared_ptr<OutboundQueue> stream_;
    bool streamFinished_ = false;
    LoopTime lastStreamWrite_{};

    bool halfClosed_ = false;
    LoopTime lingerUntil_{};
    std::size_t drained_ = 0;

    // HttpListener's bookkeeping.
    bool registered_ = false;
    std::list<InboundConnection*>::iterator idleEntry_;
    bool inIdleList_ = false;
};

}  // namespace mcp::server
