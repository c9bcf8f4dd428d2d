// InboundConnection and HttpListener on socketpairs, with a manual clock and the loop driven
// one iteration at a time by the test thread: no sleeps, no real timeouts. Covers ordering,
// back-pressure, dropping a slow reader, keep-alive comments, deadlines (slowloris), the
// connection limit, error answers before the close, write stalls, close races and contained
// failures.
#include "reference-server/inbound_connection.h"

#include <gtest/gtest.h>

#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <stdexcept>
#include <thread>

namespace mcp::server {
namespace {

using namespace std::chrono_literals;
using Reason = OutboundQueue::CloseReason;

Poco::Logger& quietLogger() {
    static Poco::Logger& logger = []() -> Poco::Logger& {
        auto& l = Poco::Logger::get("inbound-connection-test");
        l.setLevel("none");
        return l;
    }();
    return logger;
}

ConnectionSettings testSettings() {
    ConnectionSettings s;
    s.http.maxBodyBytes = 64 * 1024;
    s.headTimeout = 10s;
    s.requestTimeout = 30s;
    s.idleTimeout = 60s;
    s.writeStallTimeout = 20s;
    s.lingerTimeout = 2s;
    s.keepAliveInterval = 15s;
    s.maxConnections = 100;
    return s;
}

// A listener on a loop that the test runs by hand; the handler answers inline.
class Harness {
public:
    explicit Harness(ConnectionSettings settings = testSettings())
        : loop_(quietLogger(), clock),
          listener(loop_, settings,
                   [this](HttpRequest request, const PeerInfo&, Responder respond) -> std::optional<HttpResponse> {
                       if (request.path == "/boom") throw std::runtime_error("handler bug");
                       if (hold) {
                           held.push_back(std::move(respond));
                           return std::nullopt;
                       }
                       if (answerAtOnce) return handler(request);
                       respond(handler(request));
                       return std::nullopt;
                   },
                   metrics, quietLogger()) {}

    ~Harness() {
        for (int fd : clients_) ::close(fd);
    }

    // A connected client socket whose other end the listener serves.
    int connect() {
        int fds[2];
        if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0, fds) != 0) return -1;
        clients_.push_back(fds[1]);
        lastKey = listener.adopt(fds[0], PeerInfo{true});
        return fds[1];
    }

    void settle(int rounds = 10) {
        for (int i = 0; i < rounds; ++i) loop_.runOnce(0ms);
    }

    // Writes what the socket takes (nothing once the server has closed), then runs the loop.
    void send(int fd, std::string_view bytes) {
        (void)::send(fd, bytes.data(), bytes.size(), MSG_NOSIGNAL);
        settle();
    }

    // Everything the server has written so far.
    static std::string read(int fd) {
        std::string out;
        char chunk[65536];
        while (true) {
            ssize_t n = ::read(fd, chunk, sizeof chunk);
            if (n <= 0) break;
            out.append(chunk, static_cast<std::size_t>(n));
        }
        return out;
    }

    // True once the server has closed (or half-closed) its side: EOF after what was written.
    static bool ended(int fd) {
        char chunk[65536];
        while (true) {
            ssize_t n = ::read(fd, chunk, sizeof chunk);
            if (n == 0) return true;
            if (n < 0) return errno != EAGAIN && errno != EWOULDBLOCK;
        }
    }

    ManualClock clock;
    ServerMetrics metrics;

private:
    ConnectionLoop loop_;

public:
    HttpListener listener;
    std::function<HttpResponse(const HttpRequest&)> handler = [](const HttpRequest& r) {
        return HttpResponse::text(200, "ok " + r.path);
    };
    bool hold = false;
    bool answerAtOnce = false;  // return the answer instead of calling the responder
    std::vector<Responder> held;
    LoopKey lastKey;

private:
    std::vector<int> clients_;
};

HttpResponse streamResponse(std::shared_ptr<OutboundQueue> queue) {
    HttpResponse r = HttpResponse::text(200, "", "text/event-stream");
    r.stream = std::move(queue);
    return r;
}

std::string bodyOf(const std::string& response) { return response.substr(response.find("\r\n\r\n") + 4); }

TEST(InboundConnection, AnswersPipelinedRequestsInOrderAndKeepsTheConnection) {
    Harness h;
    int client = h.connect();
    h.send(client, "GET /first HTTP/1.1\r\nHost: a\r\n\r\nGET /second HTTP/1.1\r\nHost: a\r\n\r\n");
    std::string out = Harness::read(client);
    auto first = out.find("ok /first"), second = out.find("ok /second");
    ASSERT_NE(first, std::string::npos) << out;
    ASSERT_NE(second, std::string::npos) << out;
    EXPECT_LT(first, second);
    EXPECT_EQ(h.metrics.connections(ConnectionState::Idle), 1);
    h.send(client, "GET /third HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n");
    EXPECT_NE(Harness::read(client).find("ok /third"), std::string::npos);
    EXPECT_TRUE(Harness::ended(client)) << "Connection: close ends the connection after the answer";
    EXPECT_EQ(h.metrics.requests(200), 3u);
}

TEST(InboundConnection, AnswersAtOnceEachRequestOfALongPipelineInOrder) {
    // Answers made during dispatch complete the connection directly; the next pipelined request
    // is taken up by a task, not by recursion, so a pipeline of any length is served in order.
    Harness h;
    h.answerAtOnce = true;
    int client = h.connect();
    constexpr int kRequests = 2000;
    std::string pipeline;
    for (int i = 0; i < kRequests; ++i) pipeline += "GET /r" + std::to_string(i) + " HTTP/1.1\r\nHost: a\r\n\r\n";
    (void)::send(client, pipeline.data(), pipeline.size(), MSG_NOSIGNAL);
    std::string out;
    for (int round = 0; round < 20 * kRequests && h.metrics.requests(200) < static_cast<std::uint64_t>(kRequests); ++round) {
        h.settle(1);
        out += Harness::read(client);
    }
    h.settle();
    out += Harness::read(client);
    ASSERT_EQ(h.metrics.requests(200), static_cast<std::uint64_t>(kRequests));
    std::size_t at = 0;
    for (int i = 0; i < kRequests; ++i) {
        std::string body = "ok /r" + std::to_string(i) + "";
        std::size_t found = out.find("\r\n\r\n" + body, at);
        ASSERT_NE(found, std::string::npos) << "answer " << i << " missing or out of order";
        at = found + 1;
    }
    EXPECT_EQ(h.metrics.connections(ConnectionState::Idle), 1);
}

TEST(InboundConnection, Expect100ContinueIsAnsweredBeforeTheBodyIsSent) {
    Harness h;
    h.handler = [](const HttpRequest& r) { return HttpResponse::text(200, "got " + r.body); };
    int client = h.connect();
    h.send(client, "POST /mcp HTTP/1.1\r\nHost: a\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\n");
    EXPECT_EQ(Harness::read(client), "HTTP/1.1 100 Continue\r\n\r\n");
    h.send(client, "hello");
    std::string out = Harness::read(client);
    EXPECT_EQ(out.rfind("HTTP/1.1 200 ", 0), 0u) << out;
    EXPECT_EQ(bodyOf(out), "got hello");
    // A body the server will refuse is refused at once, without "100 Continue".
    h.send(client, "POST /mcp HTTP/1.1\r\nHost: a\r\nExpect: 100-continue\r\nContent-Length: 999999999\r\n\r\n");
    EXPECT_EQ(Harness::read(client).rfind("HTTP/1.1 413 ", 0), 0u);
}

TEST(InboundConnection, StreamBytesArriveInTheOrderTheyWerePushed) {
    Harness h;
    auto queue = std::make_shared<OutboundQueue>(1 << 20);
    h.handler = [&](const HttpRequest&) { return streamResponse(queue); };
    int client = h.connect();
    h.send(client, "GET /sse HTTP/1.1\r\nHost: a\r\n\r\n");
    auto event = [](int i) {
        std::string e = std::to_string(i);
        e.insert(e.begin(), 'e');
        e.push_back('\n');
        return e;
    };
    std::thread pusher([&] {
        for (int i = 0; i < 2000; ++i) queue->push(event(i));
    });
    std::string received;
    for (int round = 0; round < 10000 && received.find("e1999\n") == std::string::npos; ++round) {
        h.settle(1);
        received += Harness::read(client);
    }
    pusher.join();
    h.settle();
    received += Harness::read(client);
    std::string body = bodyOf(received);
    std::string expected;
    for (int i = 0; i < 2000; ++i) expected += event(i);
    EXPECT_EQ(body, expected);
}

TEST(InboundConnection, BackPressureStopsAnEndlessProducerAtTheSocket) {
    Harness h;
    auto queue = std::make_shared<OutboundQueue>(1 << 20);
    std::size_t produced = 0;
    queue->addProducer([&](std::string& out) {
        out.append(OutboundQueue::kProducerChunk, 'x');
        produced += OutboundQueue::kProducerChunk;
        return true;  // never finishes: only the reader's pace may bound it
    });
    h.handler = [&](const HttpRequest&) { return streamResponse(queue); };
    int client = h.connect();
    h.send(client, "GET /sse HTTP/1.1\r\nHost: a\r\n\r\n");
    h.settle(50);
    std::size_t whileStalled = produced;
    h.settle(200);
    EXPECT_EQ(produced, whileStalled) << "production went on while the reader read nothing";
    EXPECT_LE(queue->queuedBytes(), OutboundQueue::kProducerChunk);
    std::size_t read = Harness::read(client).size();
    EXPECT_GT(read, 0u);
    EXPECT_LE(produced, read + 2 * OutboundQueue::kProducerChunk + (4 << 20)) << "produced far beyond what the socket took";
    h.settle(50);
    EXPECT_GT(produced, whileStalled) << "reading lets production resume";
}

TEST(InboundConnection, AReaderThatFallsBehindTheLimitIsDropped) {
    Harness h;
    auto queue = std::make_shared<OutboundQueue>(64 * 1024);
    Reason why = Reason::Finished;
    queue->onClose([&](Reason r) { why = r; });
    h.handler = [&](const HttpRequest&) { return streamResponse(queue); };
    int client = h.connect();
    h.send(client, "GET /sse HTTP/1.1\r\nHost: a\r\n\r\n");
    const std::string event(4096, 'e');
    std::size_t pushed = 0;
    for (; pushed < 10000 && queue->push(event); ++pushed) h.settle(1);
    EXPECT_LT(pushed, 10000u) << "a reader that reads nothing was never dropped";
    EXPECT_EQ(why, Reason::ReaderTooSlow);
    EXPECT_LE(queue->queuedBytes(), 0u);
    h.settle();
    std::size_t written = bodyOf(Harness::read(client)).size();   // what the socket took before the drop
    EXPECT_TRUE(Harness::ended(client));
    EXPECT_EQ(h.listener.connectionCount(), 0u);
    // The drop comes exactly at the queue limit: every accepted push fit in 64 KiB beyond what
    // the socket took, and the refused one did not.
    EXPECT_LE(pushed * event.size(), 64 * 1024 + written) << "the queue held more than its limit";
    EXPECT_GT((pushed + 1) * event.size(), 64 * 1024 + written) << "dropped before the limit was reached";
}

TEST(InboundConnection, KeepAliveCommentsOnlyAfterAQuietInterval) {
    Harness h;
    auto queue = std::make_shared<OutboundQueue>(1 << 20);
    h.handler = [&](const HttpRequest&) { return streamResponse(queue); };
    int client = h.connect();
    h.send(client, "GET /sse HTTP/1.1\r\nHost: a\r\n\r\n");
    Harness::read(client);
    h.clock.advance(14s);
    h.settle();
    EXPECT_EQ(Harness::read(client), "");
    queue->push("data: x\n\n");
    h.settle();
    EXPECT_EQ(Harness::read(client), "data: x\n\n");
    h.clock.advance(14s);
    h.settle();
    EXPECT_EQ(Harness::read(client), "") << "the interval counts from the last write";
    h.clock.advance(1s);
    h.settle();
    EXPECT_EQ(Harness::read(client), ": keepalive\n\n");
    h.clock.advance(15s);
    h.settle();
    EXPECT_EQ(Harness::read(client), ": keepalive\n\n");
}

TEST(InboundConnection, ASlowlorisHeadIsCutAtTheHeadDeadline) {
    Harness h;
    int client = h.connect();
    h.send(client, "GET /sse HTTP/1.1\r\nHost: a\r\nX-Pad: ");
    for (int second = 1; second < 10; ++second) {  // a byte a second: every single read is on time
        h.clock.advance(1s);
        h.send(client, "a");
        ASSERT_EQ(Harness::read(client), "") << "cut before the head deadline, at " << second << " s";
    }
    h.clock.advance(1s);
    h.settle();
    std::string out = Harness::read(client);
    EXPECT_EQ(out.rfind("HTTP/1.1 408 ", 0), 0u) << out;
    EXPECT_EQ(h.metrics.refusals(Refusal::HeadTimeout), 1u);
    EXPECT_TRUE(Harness::ended(client));
}

TEST(InboundConnection, ATricklingBodyIsCutAtTheRequestDeadline) {
    Harness h;
    int client = h.connect();
    h.send(client, "POST /mcp HTTP/1.1\r\nHost: a\r\nContent-Length: 100\r\n\r\n");
    for (int second = 1; second < 30; ++second) {
        h.clock.advance(1s);
        h.send(client, "x");
        ASSERT_EQ(Harness::read(client), "") << "cut before the request deadline, at " << second << " s";
    }
    h.clock.advance(1s);
    h.settle();
    EXPECT_EQ(Harness::read(client).rfind("HTTP/1.1 408 ", 0), 0u);
    EXPECT_EQ(h.metrics.refusals(Refusal::RequestTimeout), 1u);
}

TEST(InboundConnection, IdleConnectionsCloseAfterTheIdleTimeout) {
    Harness h;
    int client = h.connect();
    h.send(client, "GET /a HTTP/1.1\r\nHost: a\r\n\r\n");
    Harness::read(client);
    h.clock.advance(59s);
    h.settle();
    EXPECT_FALSE(Harness::ended(client));
    h.clock.advance(1s);
    h.settle();
    EXPECT_TRUE(Harness::ended(client));
    EXPECT_EQ(h.listener.connectionCount(), 0u);
}

TEST(InboundConnection, AtTheConnectionLimitTheLongestIdleMakesRoom) {
    ConnectionSettings settings = testSettings();
    settings.maxConnections = 2;
    Harness h(settings);
    int oldest = h.connect();
    h.clock.advance(1s);
    int busy = h.connect();
    h.send(busy, "GET /a HTTP/1.1\r\nHost: a\r\n");  // mid-request: not idle
    int fresh = h.connect();
    h.settle();
    EXPECT_TRUE(Harness::ended(oldest)) << "the idle connection was not evicted";
    EXPECT_FALSE(Harness::ended(busy));
    h.send(fresh, "GET /b HTTP/1.1\r\nHost: a\r\n\r\n");
    EXPECT_NE(Harness::read(fresh).find("ok /b"), std::string::npos);
    // Nothing idle any more (busy is mid-request, fresh is... idle again): one more evicts fresh.
    int another = h.connect();
    h.settle();
    EXPECT_TRUE(Harness::ended(fresh));
    EXPECT_FALSE(Harness::ended(another));
    // Both open connections are mid-request: the next one is refused.
    h.send(another, "GET /c HTTP/1.1\r\n");
    int refused = h.connect();
    EXPECT_FALSE(h.lastKey.valid());
    EXPECT_TRUE(Harness::ended(refused));
    EXPECT_EQ(h.metrics.refusals(Refusal::ConnectionLimit), 1u);
}

TEST(InboundConnection, AnErrorAnswerIsWrittenBeforeTheHalfClose) {
    Harness h;
    int client = h.connect();
    h.send(client, "POST /mcp HTTP/1.1\r\nHost: a\r\nContent-Length: 999999999\r\n\r\n");
    std::string body(16 * 1024, 'b');
    for (int i = 0; i < 8; ++i) h.send(client, body);  // the client keeps sending; the server drains
    std::string out = Harness::read(client);
    EXPECT_EQ(out.rfind("HTTP/1.1 413 ", 0), 0u) << out;
    EXPECT_NE(out.find("Connection: close"), std::string::npos);
    EXPECT_TRUE(Harness::ended(client)) << "the server half-closed after its answer";
    EXPECT_EQ(h.metrics.refusals(Refusal::BodyTooLarge), 1u);
    h.clock.advance(2s);  // the drain is bounded
    h.settle();
    EXPECT_EQ(h.listener.connectionCount(), 0u);
}

TEST(InboundConnection, OutputTheClientDoesNotReadEndsAtTheWriteStallTimeout) {
    Harness h;
    h.handler = [](const HttpRequest&) { return HttpResponse::text(200, std::string(8 << 20, 'z')); };
    int client = h.connect();
    h.send(client, "GET /big HTTP/1.1\r\nHost: a\r\n\r\n");
    h.clock.advance(19s);
    h.settle();
    EXPECT_EQ(h.listener.connectionCount(), 1u);
    h.clock.advance(1s);
    h.settle();
    EXPECT_EQ(h.listener.connectionCount(), 0u);
}

TEST(InboundConnection, AStalledStreamIsDroppedAtTheWriteStallTimeout) {
    Harness h;
    auto queue = std::make_shared<OutboundQueue>(1 << 20);
    Reason why = Reason::Finished;
    queue->onClose([&](Reason r) { why = r; });
    queue->addProducer([](std::string& out) {
        out.append(OutboundQueue::kProducerChunk, 'x');
        return true;
    });
    h.handler = [&](const HttpRequest&) { return streamResponse(queue); };
    int client = h.connect();
    h.send(client, "GET /sse HTTP/1.1\r\nHost: a\r\n\r\n");
    h.clock.advance(20s);
    h.settle();
    EXPECT_EQ(why, Reason::WriteStalled);
    EXPECT_EQ(h.listener.connectionCount(), 0u);
}

TEST(InboundConnection, AnAnswerForAConnectionThatHasGoneClosesItsStream) {
    Harness h;
    h.hold = true;
    int client = h.connect();
    h.send(client, "GET /sse HTTP/1.1\r\nHost: a\r\n\r\n");
    ASSERT_EQ(h.held.size(), 1u);
    ::shutdown(client, SHUT_RDWR);
    h.settle();
    EXPECT_EQ(h.listener.connectionCount(), 0u);
    int next = h.connect();  // likely reuses the descriptor number of the one that went
    auto queue = std::make_shared<OutboundQueue>(1024);
    Reason why = Reason::Finished;
    queue->onClose([&](Reason r) { why = r; });
    h.held[0](streamResponse(queue));
    h.settle();
    EXPECT_TRUE(queue->closed());
    EXPECT_EQ(why, Reason::PeerClosed);
    EXPECT_EQ(Harness::read(next), "") << "the answer reached a stranger";
}

TEST(InboundConnection, AQueueClosedFromAnotherThreadEndsTheConnection) {
    Harness h;
    auto queue = std::make_shared<OutboundQueue>(1 << 20);
    h.handler = [&](const HttpRequest&) { return streamResponse(queue); };
    int client = h.connect();
    h.send(client, "GET /sse HTTP/1.1\r\nHost: a\r\n\r\n");
    std::thread pusher([&] {
        for (int i = 0; i < 1000 && queue->push("data: y\n\n"); ++i) {
        }
    });
    std::thread closer([&] { queue->close(Reason::Deleted); });
    for (int i = 0; i < 100 && h.listener.connectionCount() > 0; ++i) {
        h.settle(1);
        Harness::read(client);
    }
    pusher.join();
    closer.join();
    h.settle();
    EXPECT_EQ(h.listener.connectionCount(), 0u);
    EXPECT_TRUE(Harness::ended(client));
}

TEST(InboundConnection, AThrowingHandlerClosesOnlyItsOwnConnection) {
    Harness h;
    int bad = h.connect();
    int good = h.connect();
    h.send(bad, "GET /boom HTTP/1.1\r\nHost: a\r\n\r\n");
    EXPECT_TRUE(Harness::ended(bad));
    h.send(good, "GET /fine HTTP/1.1\r\nHost: a\r\n\r\n");
    EXPECT_NE(Harness::read(good).find("ok /fine"), std::string::npos);
}

TEST(InboundConnection, AThrowingProducerEndsItsStreamOnly) {
    Harness h;
    auto queue = std::make_shared<OutboundQueue>(1 << 20);
    Reason why = Reason::Finished;
    queue->onClose([&](Reason r) { why = r; });
    queue->addProducer([](std::string&) -> bool { throw std::runtime_error("tool bug"); });
    h.handler = [&](const HttpRequest& r) { return r.path == "/sse" ? streamResponse(queue) : HttpResponse::text(200, "ok"); };
    int streaming = h.connect();
    h.send(streaming, "GET /sse HTTP/1.1\r\nHost: a\r\n\r\n");
    EXPECT_EQ(why, Reason::ProducerFailed);
    EXPECT_TRUE(Harness::ended(streaming));
    int other = h.connect();
    h.send(other, "GET /x HTTP/1.1\r\nHost: a\r\n\r\n");
    EXPECT_NE(Harness::read(other).find("200 OK"), std::string::npos);
}

TEST(InboundConnection, AFinishedStreamIsFlushedThenClosed) {
    Harness h;
    auto queue = std::make_shared<OutboundQueue>(1 << 20);
    queue->push("data: a\n\n");
    queue->addProducer([n = 0](std::string& out) mutable {
        out += "data: " + std::to_string(n) + "\n\n";
        return ++n < 3;
    });
    queue->finish();
    Reason why = Reason::Deleted;
    queue->onClose([&](Reason r) { why = r; });
    h.handler = [&](const HttpRequest&) { return streamResponse(queue); };
    int client = h.connect();
    h.send(client, "GET /sse HTTP/1.1\r\nHost: a\r\n\r\n");
    EXPECT_EQ(bodyOf(Harness::read(client)), "data: a\n\ndata: 0\n\ndata: 1\n\ndata: 2\n\n");
    EXPECT_TRUE(Harness::ended(client));
    EXPECT_EQ(why, Reason::Finished);
}

}  // namespace
}  // namespace mcp::server
