// McpClientSession: handshake, scenario actions and reply accounting shared by both transports.
#include "bench/mcp_client_session.h"

#include "bench/json_member_scanner.h"
#include "protocol/json_rpc.h"

#include <algorithm>
#include <atomic>

namespace mcp::bench {

std::string buildInitializeRequest(std::string_view protocolVersion) {
    return mcp::serialize(mcp::makeInitializeRequest(JsonRpcId(std::int64_t{0}), std::string(protocolVersion), "mcp-bench", "0.1.0"));
}

std::string buildInitializedNotification() {
    return mcp::serialize(mcp::makeNotification("notifications/initialized"));
}

std::string buildStreamCall(std::int64_t id, std::uint64_t count, std::uint32_t size) {
    return R"({"jsonrpc":"2.0","id":)" + std::to_string(id) +
           R"(,"method":"tools/call","params":{"name":"stream","arguments":{"count":)" +
           std::to_string(count) + R"(,"size":)" + std::to_string(size) + "}}}";
}

namespace {
// The next session's turn among the plan's tokens (sessions of every thread take turns).
std::string headersFor(const SessionPlan& plan) {
    static std::atomic<std::uint64_t> nextSession{0};
    if (plan.authorizations.empty()) return plan.commonHeaders;
    return plan.commonHeaders + plan.authorizations[nextSession++ % plan.authorizations.size()];
}
}  // namespace

McpClientSession::McpClientSession(EventLoop& loop, const SessionPlan& plan, ThreadControl& control,
                                   RunStats& stats, LiveCounters& live)
    : loop_(loop), plan_(plan), headers_(headersFor(plan)), control_(control), stats_(stats), live_(live) {}

void McpClientSession::markOpening() {
    phase_ = Phase::Opening;
    startedAt_ = Clock::now();
    setupCounted_ = true;
    ++control_.setupsInProgress;
}

void McpClientSession::endSetup() {
    if (!setupCounted_) return;
    setupCounted_ = false;
    --control_.setupsInProgress;
}

void McpClientSession::noteFirstEvent() {
    if (firstEventSeen_) return;
    firstEventSeen_ = true;
    stats_.firstEventLatency.record(static_cast<std::uint64_t>(
        std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now() - startedAt_).count()));
}

void McpClientSession::holdOpen() {
    holding_ = true;
    phase_ = Phase::Ready;
    ++stats_.sessionsOpened;
    stats_.lastSessionOpenedAt = Clock::now();
    ++live_.sessionsOpen;
    endSetup();
}

void McpClientSession::fail(std::string_view reason) {
    if (settled()) return;
    const bool wasOpen = holding_ || phase_ == Phase::Ready;
    phase_ = Phase::Failed;
    holding_ = false;
    endSetup();
    if (wasOpen && live_.sessionsOpen > 0) --live_.sessionsOpen;
    // Calls that will never be answered now count as errors.
    stats_.callErrors += outstanding_.size();
    outstanding_.clear();
    queuedPosts_.clear();
    ++stats_.sessionsFailed;
    ++live_.sessionsFailed;
    stats_.noteFailure(reason);
    closeConnections();
}

void McpClientSession::checkSetupTimeout(Clock::time_point now) {
    if (setupCounted_ && now - startedAt_ > plan_.setupTimeout) fail("timed out setting up the session");
}

void McpClientSession::finish() {
    if (finished_) return;
    // A session the run asked for but that never opened is a failure, not a smaller run.
    if (phase_ == Phase::Idle || phase_ == Phase::Opening || phase_ == Phase::Handshaking)
        fail(phase_ == Phase::Idle ? "not started when the run ended" : "not open when the run ended");
    finished_ = true;
    endSetup();
    if (!settled() && !outstanding_.empty()) {
        stats_.callErrors += outstanding_.size();
        for (std::size_t i = 0; i < outstanding_.size(); ++i) stats_.noteFailure("reply never came (still outstanding at the end)");
        outstanding_.clear();
    }
    if (sequence_) stats_.sequences.add(*sequence_);
    closeConnections();
}

bool McpClientSession::postMessage(std::string body, Role role, std::int64_t callId) {
    if (queuedPosts_.empty()) {
        switch (tryPost(body, role, callId)) {
        case PostOutcome::Sent: return true;
        case PostOutcome::Failed: return false;
        case PostOutcome::NoFreeConnection: break;
        }
    }
    if (queuedPosts_.size() >= plan_.inflight + 2) return false;
    queuedPosts_.push_back({std::move(body), role, callId});
    return true;
}

void McpClientSession::sendQueuedPosts() {
    while (!queuedPosts_.empty() && !settled()) {
        QueuedPost& next = queuedPosts_.front();
        const PostOutcome outcome = tryPost(next.body, next.role, next.callId);
        if (outcome == PostOutcome::NoFreeConnection) return;
        QueuedPost failed = std::move(next);
        queuedPosts_.pop_front();
        if (outcome == PostOutcome::Failed) {
            onPostFinished(failed.role, failed.callId, false, "could not send a queued POST");
            return;
        }
    }
}

void McpClientSession::beginHandshake() {
    phase_ = Phase::Handshaking;
    if (!postMessage(buildInitializeRequest(protocolVersion()), Role::Initialize, kInitializeId))
        fail("could not send initialize");
}

void McpClientSession::onPostAccepted(Role role) {
    if (role == Role::Initialized) markReady();
    else if (role == Role::Call) pump();
}

void McpClientSession::onPostFinished(Role role, std::int64_t callId, bool ok, std::string_view reason) {
    if (settled()) return;
    if (role != Role::Call) {
        if (!ok) fail(reason);
        return;
    }
    // A call whose POST failed, or whose response ended without its reply, is an error.
    Clock::time_point sentAt;
    if (takeOutstanding(callId, sentAt)) {
        ++stats_.callErrors;
        stats_.noteFailure(ok ? std::string_view("response ended without the call's reply") : reason);
        if (plan_.scenario == Scenario::Stream) {
            phase_ = Phase::Done;
            return;
        }
    }
    pump();
}

void McpClientSession::markReady() {
    if (phase_ != Phase::Handshaking) return;
    if (plan_.scenario == Scenario::Connections) {
        openStandaloneStream();  // counted as open by holdOpen() once the stream is up
        return;
    }
    phase_ = Phase::Ready;
    ++stats_.sessionsOpened;
    stats_.lastSessionOpenedAt = Clock::now();
    ++live_.sessionsOpen;
    endSetup();
    if (plan_.scenario == Scenario::Stream) {
        sequence_.emplace(plan_.events);
        streamStartedAt_ = Clock::now();
        const std::int64_t id = nextId_++;
        stats_.firstCallAt = std::min(stats_.firstCallAt, streamStartedAt_);
        outstanding_.emplace_back(id, streamStartedAt_);
        if (!postMessage(buildStreamCall(id, plan_.events, plan_.eventSize), Role::Call, id))
            fail("could not send the stream call");
        return;
    }
    pump();
}

void McpClientSession::pump() {
    if (phase_ != Phase::Ready || plan_.scenario != Scenario::Roundtrip) return;
    while (!control_.stopping && outstanding_.size() < plan_.inflight &&
           control_.callsIssued < control_.callQuota) {
        const std::int64_t id = nextId_++;
        const Clock::time_point now = Clock::now();
        outstanding_.emplace_back(id, now);
        if (!postMessage(plan_.calls.buildCall(id), Role::Call, id)) {
            outstanding_.pop_back();
            --nextId_;
            return;  // resumes when a POST completes
        }
        ++control_.callsIssued;
        stats_.firstCallAt = std::min(stats_.firstCallAt, now);
    }
}

bool McpClientSession::takeOutstanding(std::int64_t id, Clock::time_point& sentAt) {
    auto it = std::find_if(outstanding_.begin(), outstanding_.end(), [id](const auto& e) { return e.first == id; });
    if (it == outstanding_.end()) return false;
    sentAt = it->second;
    *it = outstanding_.back();
    outstanding_.pop_back();
    return true;
}

void McpClientSession::onJsonRpcMessage(std::string_view json) {
    noteFirstEvent();
    // One pass over the message's top-level members (the stream scenario reads ~10^6 per second).
    JsonRpcMembers members;
    scanJsonRpcMembers(json, members);
    const auto& [id, method, params, error, result] = members;
    if (!id) {
        if (params) onStreamedEvent(json, *params);
        return;
    }
    if (method) return;  // a server-to-client request: not used here
    const auto number = parseJsonInteger(*id);
    if (!number) {
        ++stats_.unknownReplies;
        stats_.noteFailure("reply with a non-integer id");
        return;
    }
    const bool isError = error.has_value() || !result ||
                         findJsonMember(*result, "isError") == std::optional<std::string_view>("true");
    onReply(*number, isError, result);
}

void McpClientSession::onStreamedEvent(std::string_view json, std::string_view params) {
    if (!sequence_) return;  // notifications outside the stream scenario (e.g. logging)
    const auto seq = findJsonPath(params, {"data", "seq"});
    if (!seq) return;
    const auto number = parseJsonInteger(*seq);
    sequence_->observe(number ? *number : -1);
    ++stats_.eventsReceived;
    stats_.eventBytes += json.size();
    live_.eventsReceived.fetch_add(1, std::memory_order_relaxed);
}

void McpClientSession::onReply(std::int64_t id, bool isError, std::optional<std::string_view> result) {
    if (id == kInitializeId && phase_ == Phase::Handshaking) {
        if (isError) {
            fail("initialize answered with an error");
            return;
        }
        if (!postMessage(buildInitializedNotification(), Role::Initialized, 0))
            fail("could not send notifications/initialized");
        return;
    }
    Clock::time_point sentAt;
    if (!takeOutstanding(id, sentAt)) {
        ++stats_.unknownReplies;
        stats_.noteFailure("reply to an unknown or repeated id");
        return;
    }
    const Clock::time_point now = Clock::now();
    const std::string_view wrong =
        isError || plan_.scenario != Scenario::Roundtrip ? std::string_view() : plan_.calls.check(*result, id);
    if (isError) {
        ++stats_.callErrors;
        stats_.noteFailure(result ? "tools/call answered with an error" : "reply without result or error");
    } else if (!wrong.empty()) {
        ++stats_.callErrors;
        stats_.noteFailure(wrong);
    } else {
        ++stats_.callsOk;
        stats_.callLatency.record(static_cast<std::uint64_t>(
            std::chrono::duration_cast<std::chrono::nanoseconds>(now - sentAt).count()));
    }
    stats_.lastReplyAt = std::max(stats_.lastReplyAt, now);
    live_.callsCompleted.fetch_add(1, std::memory_order_relaxed);
    if (plan_.scenario == Scenario::Stream) {
        const double seconds = std::chrono::duration<double>(now - streamStartedAt_).count();
        if (sequence_ && seconds > 0) stats_.sessionEventRates.push_back(static_cast<double>(sequence_->distinct()) / seconds);
        phase_ = Phase::Done;
        return;
    }
    pump();
}

}  // namespace mcp::bench
