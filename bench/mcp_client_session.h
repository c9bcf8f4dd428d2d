// McpClientSession: one MCP session of mcp-bench, the part that does not depend on the
// transport: the handshake (initialize -> notifications/initialized), what each scenario does
// once the session is ready, and the accounting of replies and streamed events.
// LegacySseSession and StreamableHttpSession supply how messages travel.
//
// Lifecycle: start() -> Opening (connecting, first event) -> Handshaking -> Ready -> Done,
// or Failed at any point (with a reason in RunStats). Sessions are owned by a ClientThread
// for the whole run and never destroyed while its event loop runs.
#pragma once

#include "bench/bench_options.h"
#include "bench/event_loop.h"
#include "bench/http_connection.h"
#include "bench/run_stats.h"
#include "bench/sequence_tracker.h"
#include "bench/tool_call_plan.h"

#include <netinet/in.h>

#include <cstdint>
#include <memory>
#include <deque>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace mcp::bench {

// Read-only description of the run that every session of a thread shares.
struct SessionPlan {
    Scenario scenario = Scenario::Roundtrip;
    std::uint32_t inflight = 1;
    std::uint64_t events = 0;
    std::uint32_t eventSize = 0;
    ToolCallPlan calls = ToolCallPlan::addWithSum();  // roundtrip: what is called and how results are checked
    std::string url;              // the --url, for resolving the legacy endpoint
    std::string path;             // request target of --url ("/sse" or "/mcp")
    std::string commonHeaders;    // "Host: ...\r\n<extra headers>\r\n" (and Authorization when given by --header)
    std::vector<std::string> authorizations;  // "Authorization: Bearer ...\r\n" lines sessions take in turn
    sockaddr_in target{};
    Clock::duration setupTimeout{};
};

// Per-thread coordination between sessions and their ClientThread.
struct ThreadControl {
    bool stopping = false;            // the run is over: issue nothing new
    std::uint64_t callQuota = 0;      // calls this thread may issue in total
    std::uint64_t callsIssued = 0;
    std::uint32_t setupsInProgress = 0;  // sessions between start() and open/ready/failed
};

class McpClientSession : public HttpConnectionListener {
public:
    enum class Phase { Idle, Opening, Handshaking, Ready, Done, Failed };

    McpClientSession(EventLoop& loop, const SessionPlan& plan, ThreadControl& control,
                     RunStats& stats, LiveCounters& live);
    ~McpClientSession() override = default;

    virtual void start() = 0;
    // Closes every connection; folds the stream's sequence findings into the stats once,
    // counts calls still unanswered as errors (their replies never came) and a session that
    // never opened as failed.
    void finish();
    // Calls sent whose replies have not come yet (after the run's end: replies being waited for).
    bool awaitingReplies() const { return !settled() && !outstanding_.empty(); }
    // Fails the session when its setup has taken longer than the plan allows.
    void checkSetupTimeout(Clock::time_point now);

    Phase phase() const { return phase_; }
    bool settled() const { return phase_ == Phase::Done || phase_ == Phase::Failed; }
    // For the connections scenario: holding its stream; for the others: finished its work.
    bool holding() const { return holding_; }

protected:
    enum class Role { Initialize, Initialized, Call };

    enum class PostOutcome { Sent, NoFreeConnection, Failed };

    // Sends a message now, or queues it (in order) until a POST connection is free; false when
    // it could not be sent or the queue is full. Transports call sendQueuedPosts() whenever
    // one of their POST connections frees up.
    bool postMessage(std::string body, Role role, std::int64_t callId);
    void sendQueuedPosts();

    // A free slot of a transport's POST pool, adding one while there are fewer than
    // `inflight`; nullptr when all are busy. Slot types hold a `connection` member.
    template <typename Slot>
    Slot* acquirePostSlot(std::vector<Slot>& slots) {
        for (auto& slot : slots)
            if (!slot.connection->busy()) return &slot;
        if (slots.size() >= plan_.inflight) return nullptr;
        Slot& added = slots.emplace_back();
        added.connection = std::make_unique<HttpConnection>(loop_, plan_.target, *this);
        return &added;
    }

    // Transport hooks. tryPost uses a free POST connection (at most `inflight` of them).
    virtual PostOutcome tryPost(std::string& body, Role role, std::int64_t callId) = 0;
    virtual void closeConnections() = 0;
    virtual std::string_view protocolVersion() const = 0;
    // Connections scenario after the handshake (Streamable HTTP): open the session's
    // standalone event stream and call holdOpen() once it is up.
    virtual void openStandaloneStream() { fail("this transport has no standalone stream"); }

    // For transports: progress of the session.
    void markOpening();
    void noteFirstEvent();                       // first SSE event or first reply
    void beginHandshake();                       // sends initialize
    void onJsonRpcMessage(std::string_view json);
    void onPostAccepted(Role role);              // 2xx for a POST without a pending reply
    void onPostFinished(Role role, std::int64_t callId, bool ok, std::string_view reason);
    void fail(std::string_view reason);
    void holdOpen();                             // connections scenario: setup done, keep it

    EventLoop& loop_;
    const SessionPlan& plan_;
    const std::string headers_;   // the plan's common headers and this session's Authorization
    ThreadControl& control_;
    RunStats& stats_;
    LiveCounters& live_;

private:
    static constexpr std::int64_t kInitializeId = 0;

    void markReady();
    void endSetup();
    void pump();
    void sendCall(std::int64_t id);
    void onReply(std::int64_t id, bool isError, std::optional<std::string_view> result);
    void onStreamedEvent(std::string_view json, std::string_view params);
    bool takeOutstanding(std::int64_t id, Clock::time_point& sentAt);

    struct QueuedPost {
        std::string body;
        Role role;
        std::int64_t callId;
    };
    std::deque<QueuedPost> queuedPosts_;  // bounded: inflight + 2 (the handshake's messages)

    Phase phase_ = Phase::Idle;
    bool setupCounted_ = false;
    bool holding_ = false;
    bool firstEventSeen_ = false;
    bool finished_ = false;
    Clock::time_point startedAt_{};
    std::int64_t nextId_ = 1;
    std::vector<std::pair<std::int64_t, Clock::time_point>> outstanding_;  // <= inflight entries
    std::optional<SequenceTracker> sequence_;
    Clock::time_point streamStartedAt_{};
};

std::string buildInitializeRequest(std::string_view protocolVersion);
std::string buildInitializedNotification();
std::string buildStreamCall(std::int64_t id, std::uint64_t count, std::uint32_t size);

}  // namespace mcp::bench
