// The assembled server under exhaustion, over real TCP on 127.0.0.1 with a manual clock:
// slowloris and idle connections do not delay a fresh session, a stalled Streamable HTTP
// reader stays under its queue limit and is dropped, one token's flood does not lock out
// another, quotas never evict a session with work in progress (429/503 instead),
// `Expect: 100-continue` is answered, error answers arrive before the close while the client
// still sends, TLS round trips, and /metrics parses. With several event loops: connections
// spread over every loop, a legacy session whose POSTs arrive on another loop than its stream
// gets its replies, and at the connection limit an idle connection of any loop makes room.
#include "reference-server/server_test_support.h"
#include "reference-server/tls_test_certificate.h"

#include <Poco/AutoPtr.h>
#include <Poco/Channel.h>
#include <Poco/Logger.h>
#include <Poco/Message.h>
#include <Poco/Net/SocketAddress.h>
#include <Poco/Net/StreamSocket.h>

#include <future>
#include <mutex>
#include <numeric>
#include <optional>

#include <regex>
#include <set>

namespace mcp::server::testing {
namespace {

using ExhaustionTest = ServerTest;

Poco::Net::StreamSocket rawConnection(int port) {
    Poco::Net::StreamSocket socket;
    socket.connect(Poco::Net::SocketAddress("127.0.0.1", static_cast<Poco::UInt16>(port)), Poco::Timespan(5, 0));
    return socket;
}

// What the server sent until it closed (or `timeout` passed).
std::string readUntilClosed(Poco::Net::StreamSocket& socket, std::chrono::milliseconds timeout = 5s) {
    std::string out;
    char chunk[16384];
    auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
        auto left = std::chrono::duration_cast<std::chrono::microseconds>(deadline - std::chrono::steady_clock::now());
        socket.setReceiveTimeout(Poco::Timespan(std::max<long long>(left.count(), 1)));
        try {
            int n = socket.receiveBytes(chunk, sizeof chunk);
            if (n <= 0) break;
            out.append(chunk, static_cast<std::size_t>(n));
        } catch (const Poco::Exception&) {
            break;
        }
    }
    return out;
}

// What the server sent up to and including the first `marker`, read one byte at a time so
// nothing after it is consumed; throws Poco::TimeoutException after 5 s without a byte.
std::string readUntil(Poco::Net::StreamSocket& socket, const std::string& marker) {
    std::string out;
    socket.setReceiveTimeout(Poco::Timespan(5, 0));
    char byte;
    while (out.size() < 64 * 1024 && out.find(marker) == std::string::npos && socket.receiveBytes(&byte, 1) == 1) out += byte;
    return out;
}

// Records the server's log lines while it lives.
class LogRecorder {
public:
    LogRecorder() : logger_(Poco::Logger::get("mcp-reference-server")), previous_(logger_.getChannel()) {
        logger_.setChannel(channel_);
    }
    ~LogRecorder() { logger_.setChannel(previous_); }
    // How many lines contain `text`.
    int count(const std::string& text) const { return channel_->count(text); }

private:
    class Lines : public Poco::Channel {
    public:
        void log(const Poco::Message& message) override {
            std::lock_guard lock(mutex_);
            lines_.push_back(message.getText());
        }
        int count(const std::string& text) const {
            std::lock_guard lock(mutex_);
            return static_cast<int>(std::count_if(lines_.begin(), lines_.end(),
                                                  [&](const std::string& l) { return l.find(text) != std::string::npos; }));
        }

    private:
        mutable std::mutex mutex_;
        std::vector<std::string> lines_;
    };
    Poco::Logger& logger_;
    Poco::AutoPtr<Poco::Channel> previous_;
    Poco::AutoPtr<Lines> channel_ = new Lines;
};

// The server under its session quotas, with its log recorded. The recorder is a member so that
// it outlives the server (TearDown stops the server before members are destroyed): the server's
// threads may log until they stop.
class SessionQuotaTest : public ServerTest {
protected:
    LogRecorder log_;
};

// A fresh client's whole first exchange: legacy stream, initialize, getToken.
void expectFreshSessionServed(int port, const std::string& token) {
    LegacySession session(port, "Bearer " + token);
    ASSERT_TRUE(session.opened());
    session.initialize();
    auto reply = session.request(callToolBody("7", "getToken", "{}"));
    ASSERT_TRUE(reply);
    EXPECT_EQ(resultText(*reply), "User's token: Bearer " + token);
}

TEST_F(ExhaustionTest, SlowlorisConnectionsAreCutAtTheHeadDeadlineWhileAFreshSessionIsServed) {
    std::vector<Poco::Net::StreamSocket> slow;
    for (int i = 0; i < 300; ++i) {
        slow.push_back(rawConnection(port_));
        slow.back().sendBytes("GET /sse HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Pad: ", 42);
    }
    fence();
    expectFreshSessionServed(port_, "fresh");
    for (auto& s : slow) s.sendBytes("a", 1);  // each read is on time; the head never completes
    fence();
    EXPECT_EQ(server_->context().metrics.refusals(Refusal::HeadTimeout), 0u);
    clock_.advance(ServerConfig{}.headTimeout);
    // The loop serves I/O between batches of deadlines: fence until all 300 were handled.
    ASSERT_TRUE(fenceUntil([&] { return server_->context().metrics.refusals(Refusal::HeadTimeout) == 300u; }));
    for (auto& s : slow) EXPECT_EQ(readUntilClosed(s).rfind("HTTP/1.1 408 ", 0), 0u);
    expectFreshSessionServed(port_, "after");
}

TEST_F(ExhaustionTest, AThousandIdleConnectionsDoNotDelayAFreshSession) {
    std::vector<Poco::Net::StreamSocket> idle;
    for (int i = 0; i < 1000; ++i) idle.push_back(rawConnection(port_));
    ASSERT_TRUE(fenceUntil([&] { return server_->context().metrics.connections(ConnectionState::Idle) >= 1000; }));
    // With a thread per connection this could not finish within the client's 5 s timeouts.
    expectFreshSessionServed(port_, "fresh");
    EXPECT_GE(server_->context().metrics.connections(ConnectionState::Idle), 1000);
    EXPECT_LE(server_->workerThreads(), 64u);
}

TEST_F(ExhaustionTest, AStalledStreamableReaderStaysUnderTheQueueLimitAndIsDropped) {
    ServerConfig config;
    config.maxQueuedBytesPerSession = 128 * 1024;
    start(config);
    StreamableSession session(port_, "Bearer abc");
    ASSERT_EQ(session.initialize("2025-06-18").status, 200);
    Headers headers = session.headers();
    // 16 MB of notifications on the POST's own SSE answer, which this client never reads.
    auto socket = rawConnection(port_);
    std::string request = buildRequest("POST", "/mcp", headers, callToolBody("5", "stream", R"({"count":16000,"size":1000})"));
    socket.sendBytes(request.data(), static_cast<int>(request.size()));
    auto& metrics = server_->context().metrics;
    ASSERT_TRUE(fenceUntil([&] { return metrics.connections(ConnectionState::Streaming) == 1 && metrics.queuedBytes().load() > 0; }));
    for (int i = 0; i < 50; ++i) {  // the socket stays full: production stays bounded
        fence();
        EXPECT_LE(metrics.queuedBytes().load(), static_cast<std::int64_t>(config.maxQueuedBytesPerSession));
    }
    EXPECT_EQ(session.post(R"({"jsonrpc":"2.0","id":9,"method":"ping"})").status, 200) << "the stall stalls no one else";
    clock_.advance(config.writeStallTimeout);
    fence();
    EXPECT_EQ(metrics.streamsDropped(OutboundQueue::CloseReason::WriteStalled), 1u);
    EXPECT_EQ(metrics.connections(ConnectionState::Streaming), 0);
    EXPECT_EQ(metrics.queuedBytes().load(), 0);
}

TEST_F(ExhaustionTest, OneTokensFloodDoesNotLockOutAnotherToken) {
    ServerConfig config;
    config.maxSessionsPerToken = 10;
    config.maxSessions = 40;
    start(config);
    StreamableSession victim(port_, "Bearer victim");
    ASSERT_EQ(victim.initialize().status, 200);
    std::vector<std::unique_ptr<StreamableSession>> flood;
    for (int i = 0; i < 200; ++i) {
        flood.push_back(std::make_unique<StreamableSession>(port_, "Bearer flooder"));
        ASSERT_EQ(flood.back()->initialize().status, 200) << i;
    }
    EXPECT_EQ(victim.post(R"({"jsonrpc":"2.0","id":2,"method":"ping"})").status, 200)
        << "the flood evicted another token's session";
    StreamableSession late(port_, "Bearer late");
    EXPECT_EQ(late.initialize().status, 200);
    EXPECT_EQ(server_->context().sessions.size(), 12u) << "10 of the flooder's, the victim's and the late one";
    EXPECT_EQ(flood.back()->post(R"({"jsonrpc":"2.0","id":3,"method":"ping"})").status, 200);
    EXPECT_EQ(flood.front()->post(R"({"jsonrpc":"2.0","id":3,"method":"ping"})").status, 404);
}

std::map<std::string, double> parsePrometheus(const std::string& text);

const std::string kPing = R"({"jsonrpc":"2.0","id":2,"method":"ping"})";
const std::string kSlowCall =
    R"({"jsonrpc":"2.0","id":9,"method":"tools/call","params":{"name":"slow","arguments":{"durationMs":60000},"_meta":{"progressToken":1}}})";

ServerConfig withFixtures(std::size_t maxSessions, std::size_t maxSessionsPerToken) {
    ServerConfig config;
    config.conformanceFixtures = true;  // the `slow` tool
    config.maxSessions = maxSessions;
    config.maxSessionsPerToken = maxSessionsPerToken;
    return config;
}

// A refusal of a new session: the status, a JSON-RPC error, Retry-After, counted and logged once.
void expectSessionRefused(const ClientResponse& answer, int status, Refusal refusal, const ServerMetrics& metrics,
                          const LogRecorder& log) {
    EXPECT_EQ(answer.status, status);
    EXPECT_EQ(answer.headers.get("Retry-After").value_or(""), "5");
    EXPECT_FALSE(answer.headers.has("Mcp-Session-Id"));
    EXPECT_EQ(parseMessage(answer.body).error.code, -32000) << answer.body;
    EXPECT_EQ(metrics.refusals(refusal), 1u);
    std::string line = "refused (" + std::string(toString(refusal)) + "): " + std::to_string(status) + " new session of token ";
    EXPECT_EQ(log.count(line), 1);
}

// Opens `session` and leaves a `slow` tools/call in flight on it; returns the call's answer stream.
std::unique_ptr<EventStream> openWithCallInFlight(int port, StreamableSession& session) {
    EXPECT_EQ(session.initialize().status, 200);
    auto call = std::make_unique<EventStream>(port, buildRequest("POST", "/mcp", session.headers(), kSlowCall));
    EXPECT_TRUE(call->next());  // progress 0: the call is in flight
    return call;
}

TEST_F(SessionQuotaTest, ASessionWithACallInFlightIsNeverEvictedByItsTokensQuota) {
    start(withFixtures(100, 1));
    StreamableSession busy(port_, "Bearer t");
    auto call = openWithCallInFlight(port_, busy);

    StreamableSession next(port_, "Bearer t");
    expectSessionRefused(next.initialize(), 429, Refusal::SessionQuota, server_->context().metrics, log_);
    EXPECT_EQ(log_.count("session evicted"), 0);
    EXPECT_EQ(busy.post(kPing).status, 200) << "the busy session lives on";
    StreamableSession other(port_, "Bearer other");
    EXPECT_EQ(other.initialize().status, 200) << "another token is not refused";

    // Once the call is over the session owes nothing, and makes room.
    EXPECT_EQ(busy.post(R"({"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":9}})").status, 202);
    EXPECT_TRUE(call->waitForEnd());
    EXPECT_EQ(next.initialize().status, 200);
    EXPECT_EQ(busy.post(kPing).status, 404);
    EXPECT_EQ(log_.count("session evicted"), 1);
}

TEST_F(SessionQuotaTest, AtTheSessionLimitBusySessionsStayAndTheNewOneGets503) {
    start(withFixtures(1, 100));
    LegacySession busy(port_, "Bearer a");  // the limit counts both transports
    ASSERT_TRUE(busy.opened());
    busy.initialize();
    ASSERT_EQ(busy.post(kSlowCall).status, 202);
    ASSERT_TRUE(busy.stream().next());  // progress 0: the call is in flight

    StreamableSession next(port_, "Bearer b");
    expectSessionRefused(next.initialize(), 503, Refusal::SessionLimit, server_->context().metrics, log_);
    auto metrics = parsePrometheus(send(port_, "GET", "/metrics", {}).body);
    EXPECT_EQ(metrics[R"(mcp_refusals_total{reason="session-limit"})"], 1);
    EXPECT_EQ(metrics[R"(mcp_sessions_evicted_total{cause="session-limit"})"], 0);
    auto reply = busy.request(kPing);
    ASSERT_TRUE(reply) << "the busy session's stream still carries its replies";
    EXPECT_EQ(reply->id->integer(), 2);
}

TEST_F(SessionQuotaTest, ASessionWhoseStreamOwesEventsIsNeverEvicted) {
    ServerConfig config = withFixtures(100, 1);
    config.maxQueuedBytesPerSession = 128 * 1024;
    start(config);
    StreamableSession busy(port_, "Bearer t");
    ASSERT_EQ(busy.initialize().status, 200);
    // The call is answered at once, but its 16 MB of notifications wait for a reader who does not read.
    auto socket = rawConnection(port_);
    std::string request = buildRequest("POST", "/mcp", busy.headers(), callToolBody("5", "stream", R"({"count":16000,"size":1000})"));
    socket.sendBytes(request.data(), static_cast<int>(request.size()));
    auto& metrics = server_->context().metrics;
    ASSERT_TRUE(fenceUntil([&] { return metrics.connections(ConnectionState::Streaming) == 1 && metrics.queuedBytes().load() > 0; }));

    StreamableSession next(port_, "Bearer t");
    expectSessionRefused(next.initialize(), 429, Refusal::SessionQuota, metrics, log_);
    clock_.advance(config.writeStallTimeout);  // the stream is dropped as stalled: nothing is owed any more
    ASSERT_TRUE(fenceUntil([&] { return metrics.streamsDropped(OutboundQueue::CloseReason::WriteStalled) == 1u; }));
    EXPECT_EQ(next.initialize().status, 200);
    EXPECT_EQ(busy.post(kPing).status, 404);
}

TEST_F(SessionQuotaTest, TheTokensQuotaCountsBothTransportsAndABusySessionOfEitherStays) {
    start(withFixtures(100, 1));
    StreamableSession busy(port_, "Bearer t");  // the quota counts both transports
    auto call = openWithCallInFlight(port_, busy);
    auto refused = sendRaw(port_, buildRequest("GET", "/sse", {{"Authorization", "Bearer t"}, {"Accept", "text/event-stream"}}));
    expectSessionRefused(refused, 429, Refusal::SessionQuota, server_->context().metrics, log_);
    EXPECT_EQ(busy.post(kPing).status, 200);
}

TEST_F(ExhaustionTest, Expect100ContinueGetsAnInterimAnswerBeforeTheBodyIsSent) {
    std::string body = initializeBody("1", "2025-06-18");
    std::string head = "POST /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer abc\r\n"
                       "Content-Type: application/json\r\nAccept: application/json, text/event-stream\r\n"
                       "Expect: 100-continue\r\nConnection: close\r\nContent-Length: " +
                       std::to_string(body.size()) + "\r\n\r\n";
    auto socket = rawConnection(port_);
    socket.sendBytes(head.data(), static_cast<int>(head.size()));
    // The client sends nothing more until it reads the interim answer.
    ASSERT_EQ(readUntil(socket, "\r\n\r\n"), "HTTP/1.1 100 Continue\r\n\r\n");
    socket.sendBytes(body.data(), static_cast<int>(body.size()));
    std::string answer = readUntilClosed(socket);
    EXPECT_EQ(answer.rfind("HTTP/1.1 200 ", 0), 0u) << answer.substr(0, 300);
    EXPECT_NE(answer.find("Mcp-Session-Id: "), std::string::npos);
}

TEST_F(ExhaustionTest, AnOversizeBodyGets413BeforeTheCloseWhileTheClientStillSends) {
    ServerConfig config;
    config.http.maxBodyBytes = 64 * 1024;
    start(config);
    auto socket = rawConnection(port_);
    std::string head = "POST /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 1048576\r\n\r\n";
    std::string piece(16 * 1024, ' ');
    std::string start = head + piece;
    socket.sendBytes(start.data(), static_cast<int>(start.size()));
    // The answer comes once the head is read, while the client still has most of its body to send.
    std::string answer = readUntil(socket, "\r\n\r\n");
    EXPECT_EQ(answer.rfind("HTTP/1.1 413 ", 0), 0u) << answer.substr(0, 200);
    // The server reads and drops what follows instead of closing at once: a close with unread
    // input would be a reset, and the client's next send would fail before it read the answer.
    for (int i = 0; i < 16; ++i) socket.sendBytes(piece.data(), static_cast<int>(piece.size()));
    answer += readUntilClosed(socket);
    EXPECT_NE(answer.find("\"code\":-32600"), std::string::npos) << answer.substr(0, 300);
}

// Prometheus text exposition format 0.0.4: comments, then `name{labels} value` samples.
std::map<std::string, double> parsePrometheus(const std::string& text) {
    static const std::regex comment(R"(# (HELP|TYPE) ([a-zA-Z_:][a-zA-Z0-9_:]*) .+)");
    static const std::regex sample(
        R"(([a-zA-Z_:][a-zA-Z0-9_:]*)(\{([a-zA-Z_][a-zA-Z0-9_]*="[^"\\]*"(,[a-zA-Z_][a-zA-Z0-9_]*="[^"\\]*")*)?\})? (-?[0-9.eE+]+))");
    std::map<std::string, double> out;
    std::set<std::string> typed;
    std::size_t start = 0;
    while (start < text.size()) {
        std::size_t end = text.find('\n', start);
        EXPECT_NE(end, std::string::npos) << "the exposition must end with a newline";
        if (end == std::string::npos) break;
        std::string line = text.substr(start, end - start);
        start = end + 1;
        std::smatch m;
        if (std::regex_match(line, m, comment)) {
            if (m[1] == "TYPE") typed.insert(m[2]);
            continue;
        }
        EXPECT_TRUE(std::regex_match(line, m, sample)) << "not a sample line: " << line;
        EXPECT_TRUE(typed.count(m[1])) << "sample before its TYPE: " << line;
        out[m[1].str() + m[2].str()] = std::stod(m[5]);
    }
    return out;
}

TEST_F(ExhaustionTest, MetricsParseAsPrometheusTextAndCountWhatHappened) {
    StreamableSession session(port_, "Bearer abc");
    ASSERT_EQ(session.initialize().status, 200);
    LegacySession legacy(port_, "Bearer abc");
    ASSERT_TRUE(legacy.opened());
    EXPECT_EQ(send(port_, "GET", "/nowhere", {}).status, 404);
    auto bad = sendRaw(port_, "GET /x HTTP/1.1\r\nHost: 127.0.0.1\r\nBad Header: x\r\n\r\n");
    EXPECT_EQ(bad.status, 400);

    auto response = send(port_, "GET", "/metrics", {});
    ASSERT_EQ(response.status, 200);
    EXPECT_EQ(response.headers.get("Content-Type").value_or(""), "text/plain; version=0.0.4; charset=utf-8");
    auto metrics = parsePrometheus(response.body);
    EXPECT_EQ(metrics[R"(mcp_sessions{transport="streamable-http"})"], 1);
    EXPECT_EQ(metrics[R"(mcp_sessions{transport="legacy-sse"})"], 1);
    EXPECT_EQ(metrics[R"(mcp_connections{state="streaming"})"], 1);
    EXPECT_GE(metrics[R"(mcp_connections{state="dispatching"})"], 1) << "the /metrics request itself";
    EXPECT_EQ(metrics[R"(mcp_http_requests_total{status="200"})"], 2) << "initialize and the legacy stream";
    EXPECT_EQ(metrics[R"(mcp_http_requests_total{status="404"})"], 1);
    EXPECT_EQ(metrics[R"(mcp_refusals_total{reason="bad-request"})"], 1);
    EXPECT_EQ(metrics.count(R"(mcp_refusals_total{reason="head-timeout"})"), 1u);
    EXPECT_EQ(metrics.count(R"(mcp_streams_dropped_total{reason="reader-too-slow"})"), 1u);
    EXPECT_GT(metrics["process_resident_memory_bytes"], 0);
    EXPECT_GT(metrics["process_open_fds"], 0);
    EXPECT_GE(metrics["process_threads"], 3);
    EXPECT_EQ(send(port_, "POST", "/metrics", {}).status, 405);
}

TEST_F(ExhaustionTest, TlsRoundTripWithACertificateMadeNow) {
    TestCertificate certificate = makeTestCertificate();
    ASSERT_TRUE(certificate.ok()) << certificate.error;
    ServerConfig config;
    config.tlsCertificateFile = certificate.certificateFile;
    config.tlsKeyFile = certificate.keyFile;
    start(config);
    EXPECT_EQ(server_->baseUrl().rfind("https://", 0), 0u);
    std::string init = buildRequest("POST", "/mcp",
                                    {{"Authorization", "Bearer tls-token"},
                                     {"Content-Type", "application/json"},
                                     {"Accept", "application/json, text/event-stream"},
                                     {"Connection", "close"}},
                                    initializeBody("1", "2025-06-18"));
    TlsExchange first = tlsExchange(port_, certificate.certificateFile, init);
    ASSERT_TRUE(first.error.empty()) << first.error;
    ASSERT_EQ(first.response.rfind("HTTP/1.1 200 ", 0), 0u) << first.response.substr(0, 300);
    std::smatch id;
    ASSERT_TRUE(std::regex_search(first.response, id, std::regex("Mcp-Session-Id: ([0-9a-f]{32})")));
    std::string call = buildRequest("POST", "/mcp",
                                    {{"Authorization", "Bearer tls-token"},
                                     {"Content-Type", "application/json"},
                                     {"Accept", "application/json, text/event-stream"},
                                     {"Mcp-Session-Id", id[1]},
                                     {"Connection", "close"}},
                                    callToolBody("2", "getToken", "{}"));
    TlsExchange second = tlsExchange(port_, certificate.certificateFile, call);
    ASSERT_TRUE(second.error.empty()) << second.error;
    EXPECT_NE(second.response.find("User's token: Bearer tls-token"), std::string::npos) << second.response;

    // A client speaking plain HTTP to the TLS port is refused, and the server goes on.
    auto plain = rawConnection(port_);
    plain.sendBytes("GET / HTTP/1.1\r\n\r\n", 18);
    readUntilClosed(plain);
    EXPECT_EQ(server_->context().metrics.refusals(Refusal::TlsHandshake), 1u);
    EXPECT_TRUE(tlsExchange(port_, certificate.certificateFile, call).error.empty());
}

// Small requests are answered on the event loop; one whose session is busy on another thread
// goes to a worker instead of making the loop wait, and the workers' bounded queue still
// refuses (503) what it cannot take.
TEST_F(ExhaustionTest, ARequestForABusySessionWaitsOnAWorkerWhileTheLoopServesOthersAndAFullQueueGets503) {
    ServerConfig config;
    config.workerThreads = 1;
    config.maxQueuedRequests = 1;
    start(config);
    StreamableSession busy(port_, "Bearer abc");
    StreamableSession other(port_, "Bearer abc");
    ASSERT_EQ(busy.initialize().status, 200);
    ASSERT_EQ(other.initialize().status, 200);
    auto session = server_->context().sessions.find(busy.id(), "abc");
    ASSERT_TRUE(session);
    std::unique_lock held(session->mutex);  // as a long request of this session would

    // One worker and one queue place: of three requests for the busy session, at least one is
    // refused (two when the second comes before the worker took the first).
    std::vector<std::future<ClientResponse>> waiting;
    for (int i = 0; i < 3; ++i)
        waiting.push_back(std::async(std::launch::async, [&busy, i] {
            return busy.post(callToolBody(std::to_string(10 + i), "add", R"({"a":1,"b":2})"));
        }));
    auto& metrics = server_->context().metrics;
    ASSERT_TRUE(fenceUntil([&] { return metrics.refusals(Refusal::Overloaded) >= 1u; }));
    ClientResponse served = other.post(callToolBody("20", "add", R"({"a":2,"b":2})"));
    ASSERT_EQ(served.status, 200) << "the loop serves another session meanwhile";
    EXPECT_EQ(resultText(parseMessage(served.body)), "4");

    held.unlock();
    int answered = 0, refused = 0;
    for (auto& w : waiting) {
        ClientResponse r = w.get();
        if (r.status == 200 && resultText(parseMessage(r.body)) == "3") ++answered;
        if (r.status == 503 && r.headers.get("Retry-After")) ++refused;
    }
    EXPECT_GE(answered, 1);
    EXPECT_GE(refused, 1);
    EXPECT_EQ(answered + refused, 3);
    EXPECT_EQ(metrics.refusals(Refusal::Overloaded), static_cast<std::uint64_t>(refused));
}

// A server with `loops` event loops (whatever the machine's core count).
class EventLoopsTest : public ServerTest {
protected:
    void startWithLoops(int loops, std::size_t maxConnections = 0) {
        ServerConfig config;
        config.eventLoops = loops;
        config.maxConnections = maxConnections;
        start(config);
        ASSERT_EQ(server_->eventLoops(), static_cast<std::size_t>(loops));
    }
    std::size_t openConnections() {
        auto counts = server_->connectionsPerLoop();
        return std::accumulate(counts.begin(), counts.end(), std::size_t{0});
    }
};

TEST_F(EventLoopsTest, ConnectionsAreSpreadOverEveryLoop) {
    startWithLoops(4);
    std::vector<Poco::Net::StreamSocket> clients;
    for (int i = 0; i < 64; ++i) clients.push_back(rawConnection(port_));
    ASSERT_TRUE(fenceUntil([&] { return openConnections() == 64; }));
    // The kernel picks a loop's socket by a hash of each connection's ports: with 64
    // connections, a loop left without any has a probability of about 4 * (3/4)^64 = 4e-8.
    auto counts = server_->connectionsPerLoop();
    ASSERT_EQ(counts.size(), 4u);
    for (std::size_t loop = 0; loop < counts.size(); ++loop) EXPECT_GT(counts[loop], 0u) << "loop " << loop;
    // /metrics sums the loops.
    EXPECT_EQ(server_->context().metrics.connections(ConnectionState::Idle), 64);
    expectFreshSessionServed(port_, "fresh");
}

TEST_F(EventLoopsTest, ALegacySessionWhosePostsArriveOnAnotherLoopGetsItsReplies) {
    startWithLoops(2);
    LegacySession session(port_, "Bearer cross");
    ASSERT_TRUE(session.opened());
    auto counts = server_->connectionsPerLoop();
    ASSERT_EQ(counts.size(), 2u);
    ASSERT_EQ(counts[0] + counts[1], 1u) << "the stream alone";
    std::size_t streamLoop = counts[0] == 1 ? 0 : 1;
    // Keep-alive connections until one lands on the other loop (each does with probability
    // 1/2; those on the stream's loop stay open, so the counts tell where each new one went).
    std::vector<Poco::Net::StreamSocket> sameLoop;
    std::optional<Poco::Net::StreamSocket> otherLoop;
    for (int attempt = 0; attempt < 100 && !otherLoop; ++attempt) {
        Poco::Net::StreamSocket candidate = rawConnection(port_);
        std::size_t before = counts[1 - streamLoop];
        ASSERT_TRUE(fenceUntil([&] {
            counts = server_->connectionsPerLoop();
            return counts.size() == 2 && counts[0] + counts[1] == sameLoop.size() + 2;
        }));
        if (counts[1 - streamLoop] > before) otherLoop = candidate;
        else sameLoop.push_back(candidate);
    }
    ASSERT_TRUE(otherLoop) << "100 connections all landed on the stream's loop";

    // Every POST of the session goes over the connection of the other loop.
    auto post = [&](const std::string& body) {
        std::string request = buildRequest(
            "POST", session.endpoint(), {{"Authorization", "Bearer cross"}, {"Content-Type", "application/json"}}, body);
        otherLoop->sendBytes(request.data(), static_cast<int>(request.size()));
        std::string answer = readUntil(*otherLoop, "\r\n\r\nAccepted");
        EXPECT_EQ(answer.rfind("HTTP/1.1 202 ", 0), 0u) << answer;
    };
    auto reply = [&]() -> std::optional<JsonRpcMessage> {
        for (int i = 0; i < 100; ++i) {
            auto event = session.stream().next();
            if (!event) return std::nullopt;
            if (event->type == "message") return parseMessage(event->data);
        }
        return std::nullopt;
    };
    post(initializeBody("0", "2024-11-05"));
    auto initialized = reply();
    ASSERT_TRUE(initialized && initialized->result);
    post(R"({"jsonrpc":"2.0","method":"notifications/initialized"})");
    for (int i = 1; i <= 5; ++i) {
        post(callToolBody(std::to_string(i), "add", R"({"a":)" + std::to_string(i) + R"(,"b":1000})"));
        auto sum = reply();
        ASSERT_TRUE(sum) << "call " << i;
        EXPECT_EQ(resultText(*sum), std::to_string(i + 1000));
    }
    counts = server_->connectionsPerLoop();
    ASSERT_EQ(counts.size(), 2u);
    EXPECT_EQ(counts[streamLoop], sameLoop.size() + 1) << "the stream stayed on its loop";
    EXPECT_EQ(counts[1 - streamLoop], 1u) << "the POSTs stayed on one connection of the other loop";
}

TEST_F(EventLoopsTest, AtTheConnectionLimitAnIdleConnectionOfAnyLoopMakesRoom) {
    startWithLoops(2, 20);
    const ServerMetrics& metrics = server_->context().metrics;
    std::vector<Poco::Net::StreamSocket> clients;
    for (int i = 0; i < 40; ++i) clients.push_back(rawConnection(port_));
    // Each connection past the limit closes the longest-idle one of its own loop or, when its
    // loop has none idle, one of the other loop: none is refused while any is idle.
    ASSERT_TRUE(fenceUntil([&] { return metrics.connectionsClosed(ConnectionClose::IdleEvicted) == 20u; }));
    EXPECT_EQ(openConnections(), 20u);
    EXPECT_EQ(metrics.refusals(Refusal::ConnectionLimit), 0u);
    expectFreshSessionServed(port_, "fresh");
    EXPECT_LE(openConnections(), 20u);
    EXPECT_EQ(metrics.refusals(Refusal::ConnectionLimit), 0u);
}

}  // namespace
}  // namespace mcp::server::testing
