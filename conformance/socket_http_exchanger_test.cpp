// SocketHttpExchanger against hostile in-process servers on 127.0.0.1:0: garbage, truncated,
// endless and slowly dripping answers, huge heads and events. Nothing may crash or hang;
// every wait ends at its deadline.
#include "conformance/mcp_client.h"
#include "conformance/socket_http_exchanger.h"

#include <Poco/Net/ServerSocket.h>
#include <Poco/Net/StreamSocket.h>

#include <gtest/gtest.h>

#include <atomic>
#include <csignal>
#include <functional>
#include <thread>

namespace mcp::conformance {
namespace {

// Writes to sockets the peer closed must fail with EPIPE, not kill the test binary.
const bool kIgnoreSigpipe = [] {
    std::signal(SIGPIPE, SIG_IGN);
    return true;
}();

// Accepts one connection, reads the request head, then runs `script` on the socket.
class HostileServer {
public:
    explicit HostileServer(std::function<void(Poco::Net::StreamSocket&, std::atomic<bool>&)> script)
        : socket_(Poco::Net::SocketAddress("127.0.0.1", 0)) {
        thread_ = std::thread([this, script] {
            try {
                auto client = socket_.acceptConnection();
                client.setReceiveTimeout(Poco::Timespan(2, 0));
                std::string head;
                char buf[4096];
                while (head.find("\r\n\r\n") == std::string::npos) {
                    int n = client.receiveBytes(buf, sizeof buf);
                    if (n <= 0) return;
                    head.append(buf, n);
                }
                script(client, stop_);
            } catch (...) {
            }
        });
    }
    ~HostileServer() {
        stop_ = true;
        socket_.close();
        thread_.join();
    }
    Origin origin() const { return {"http", "127.0.0.1", socket_.address().port()}; }

private:
    Poco::Net::ServerSocket socket_;
    std::atomic<bool> stop_{false};
    std::thread thread_;
};

void send(Poco::Net::StreamSocket& s, const std::string& bytes) { s.sendBytes(bytes.data(), static_cast<int>(bytes.size())); }

OutgoingRequest get(const std::string& target = "/") {
    OutgoingRequest r;
    r.target = target;
    return r;
}

TEST(SocketHttpExchanger, ReadsAChunkedBody) {
    HostileServer server([](auto& s, auto&) {
        send(s, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n6;ext=1\r\n world\r\n0\r\n\r\n");
    });
    SocketHttpExchanger http(server.origin());
    auto r = fetchAll(http, get(), milliseconds(2000));
    ASSERT_TRUE(r.ok) << r.error;
    EXPECT_EQ(r.body, "hello world");
    EXPECT_TRUE(r.complete);
}

TEST(SocketHttpExchanger, ReportsTheFramingObservationsOfWhatItRead) {
    HostileServer server([](auto& s, auto&) {
        send(s, "HTTP/1.1 200 OK\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n");
    });
    SocketHttpExchanger http(server.origin());
    auto opened = http.open(get(), milliseconds(2000));
    ASSERT_TRUE(opened.stream) << opened.error;
    std::string body;
    while (opened.stream->read(body, milliseconds(2000)) == ReadStatus::Data) {}
    EXPECT_EQ(body, "hello") << "Transfer-Encoding overrides Content-Length (RFC 9112 §6.3 item 3)";
    auto framing = opened.stream->framing();
    ASSERT_EQ(framing.size(), 1u);
    EXPECT_EQ(framing[0].kind, mcp::http1::ObservationKind::ContentLengthWithTransferEncoding);
}

TEST(SocketHttpExchanger, GarbageInsteadOfAStatusLineIsAnError) {
    HostileServer server([](auto& s, auto&) { send(s, "SSH-2.0-OpenSSH\r\n\r\n"); });
    SocketHttpExchanger http(server.origin());
    auto r = fetchAll(http, get(), milliseconds(2000));
    EXPECT_FALSE(r.ok);
    EXPECT_FALSE(r.error.empty());
}

TEST(SocketHttpExchanger, ATruncatedBodyIsReportedNotHidden) {
    HostileServer server([](auto& s, auto&) { send(s, "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nshort"); });
    SocketHttpExchanger http(server.origin());
    auto r = fetchAll(http, get(), milliseconds(2000));
    ASSERT_TRUE(r.ok);
    EXPECT_FALSE(r.complete);
    EXPECT_EQ(r.body, "short");
    EXPECT_FALSE(r.error.empty());
}

TEST(SocketHttpExchanger, AnEndlessHeadIsCutAtItsBound) {
    HostileServer server([](auto& s, auto& stop) {
        send(s, "HTTP/1.1 200 OK\r\n");
        std::string line = "X-Junk: " + std::string(1000, 'j') + "\r\n";
        for (int i = 0; i < 1000 && !stop; ++i) send(s, line);
    });
    SocketHttpExchanger http(server.origin());
    auto r = fetchAll(http, get(), milliseconds(3000));
    EXPECT_FALSE(r.ok);
    EXPECT_NE(r.error.find("256 KiB"), std::string::npos) << r.error;
}

TEST(SocketHttpExchanger, ASlowDripEndsAtTheDeadline) {
    HostileServer server([](auto& s, auto& stop) {
        send(s, "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n\r\n");
        while (!stop) {
            send(s, "d");
            std::this_thread::sleep_for(milliseconds(20));
        }
    });
    SocketHttpExchanger http(server.origin());
    auto started = Clock::now();
    auto r = fetchAll(http, get(), milliseconds(300));
    EXPECT_TRUE(r.ok);
    EXPECT_TRUE(r.timedOut);
    // Far above the deadline on purpose: without a whole-request deadline the server never stops
    // sending, so this fails (or ctest times out); machine load alone cannot make it fail.
    EXPECT_LT(Clock::now() - started, std::chrono::seconds(10));
}

TEST(SocketHttpExchanger, AnEndlessEventStreamIsBoundedByTime) {
    HostileServer server([](auto& s, auto& stop) {
        send(s, "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n\r\n");
        while (!stop) send(s, "data: {\"jsonrpc\":\"2.0\",\"method\":\"notifications/spam\"}\n\n");
    });
    SocketHttpExchanger http(server.origin());
    auto opened = http.open(get(), milliseconds(1000));
    ASSERT_TRUE(opened.stream);
    mcp::SseParser parser;
    SseCapture capture;
    auto started = Clock::now();
    auto status = readSse(*opened.stream, parser, capture, Clock::now() + milliseconds(200), {});
    EXPECT_EQ(status, ReadStatus::Timeout);
    // Far above the deadline on purpose: without a whole-request deadline the server never stops
    // sending, so this fails (or ctest times out); machine load alone cannot make it fail.
    EXPECT_LT(Clock::now() - started, std::chrono::seconds(10));
    EXPECT_LE(capture.events.size(), 5000u);
    EXPECT_LE(capture.raw.size(), SseCapture::kMaxRaw);
}

TEST(SocketHttpExchanger, AHugeEventOverflowsInsteadOfGrowingForever) {
    HostileServer server([](auto& s, auto& stop) {
        send(s, "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n\r\ndata: ");
        std::string block(64 * 1024, 'x');
        for (int i = 0; i < 200 && !stop; ++i) send(s, block);   // 12.5 MiB without a line end
    });
    SocketHttpExchanger http(server.origin());
    auto opened = http.open(get(), milliseconds(1000));
    ASSERT_TRUE(opened.stream);
    mcp::SseParser parser(4 * 1024 * 1024);
    SseCapture capture;
    auto status = readSse(*opened.stream, parser, capture, Clock::now() + milliseconds(5000), {});
    EXPECT_EQ(status, ReadStatus::Error);
    EXPECT_TRUE(capture.overflowed);
}

TEST(SocketHttpExchanger, ANonListeningPortIsAConnectFailure) {
    Origin origin;
    {
        Poco::Net::ServerSocket probe(Poco::Net::SocketAddress("127.0.0.1", 0));
        origin.port = probe.address().port();
    }
    SocketHttpExchanger http(origin);
    auto r = fetchAll(http, get(), milliseconds(1000));
    EXPECT_FALSE(r.ok);
    EXPECT_TRUE(r.connectFailed);
}

TEST(SocketHttpExchanger, SendsHeaderLinesExactlyAsGiven) {
    SocketHttpExchanger http({"http", "127.0.0.1", 8787});
    OutgoingRequest r;
    r.method = "POST";
    r.target = "/mcp";
    r.headers = {{"Authorization", "Bearer a"}, {"Authorization", "Bearer b"}};
    r.body = "{}";
    EXPECT_EQ(http.serialize(r),
              "POST /mcp HTTP/1.1\r\nHost: 127.0.0.1:8787\r\nAuthorization: Bearer a\r\nAuthorization: Bearer b\r\nContent-Length: 2\r\n\r\n{}");
}

}  // namespace
}  // namespace mcp::conformance
