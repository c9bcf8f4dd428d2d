// SessionRegistry quotas: eviction takes the longest-idle session that owes its client
// nothing, never one with a tool call in flight, a request to the client awaiting its answer,
// events a stream still owes, or a message being handled; when every candidate owes work the
// new session is refused and nothing is evicted. Time is a ManualClock; no socket, no sleep.
#include "reference-server/session_registry.h"

#include <gtest/gtest.h>

#include <future>
#include <thread>

namespace mcp::server {
namespace {

using namespace std::chrono_literals;

// A channel whose streams owe events while `owes` is set.
class OwingChannel : public SessionChannel {
public:
    void send(std::string, const std::optional<JsonRpcId>&) override {}
    void finish(const JsonRpcId&, std::optional<std::string>) override {}
    void after(std::chrono::milliseconds, std::function<void()>) override {}
    void disconnect(const JsonRpcId&, std::chrono::milliseconds) override {}
    void close() override {}
    bool owesEvents() const override { return owes; }
    bool owes = true;
};

class RegistryTest : public ::testing::Test {
protected:
    // Sessions are created one clock tick apart, so the first is the longest idle.
    std::shared_ptr<Session> open(SessionRegistry& registry, const std::string& token) {
        clock_.advance(1s);
        SessionAdmission admission = registry.create(TransportKind::StreamableHttp, token, "Bearer " + token);
        EXPECT_TRUE(admission.session) << "refused";
        EXPECT_TRUE(admission.evicted.empty());
        return admission.session;
    }
    ManualClock clock_;
};

// One kind of work a session can owe its client.
enum class Work { CallInFlight, AwaitingClient, StreamOwesEvents, MessageBeingHandled };

class SessionWithWork : public RegistryTest, public ::testing::WithParamInterface<Work> {
protected:
    // Gives `session` the work of the test's parameter until the returned guard is destroyed.
    std::shared_ptr<void> owe(Session& session) {
        switch (GetParam()) {
            case Work::CallInFlight:
                session.mcp.callsInFlight.emplace(JsonRpcId(std::int64_t{7}), nullptr);
                return nullptr;
            case Work::AwaitingClient:
                session.mcp.awaitingClient.emplace(JsonRpcId(std::int64_t{1}), [](const JsonRpcMessage&) {});
                return nullptr;
            case Work::StreamOwesEvents:
                session.mcp.channel = std::make_shared<OwingChannel>();
                return nullptr;
            case Work::MessageBeingHandled: {
                // Another thread holds the session's lock, as a worker handling a message does.
                auto release = std::make_shared<std::promise<void>>();
                auto locked = std::make_shared<std::promise<void>>();
                std::future<void> isLocked = locked->get_future();
                auto holder = std::make_shared<std::thread>([&session, locked, done = release->get_future()]() mutable {
                    std::lock_guard lock(session.mutex);
                    locked->set_value();
                    done.wait();
                });
                isLocked.wait();
                return std::shared_ptr<void>(nullptr, [release, holder](void*) {
                    release->set_value();
                    holder->join();
                });
            }
        }
        return nullptr;
    }
};

TEST_P(SessionWithWork, TheTokenQuotaEvictsTheLongestIdleSessionThatOwesNothing) {
    SessionRegistry registry(100, 3, SessionRegistry::randomSessionId, clock_);
    auto busy = open(registry, "t");
    auto idle = open(registry, "t");
    auto recent = open(registry, "t");
    auto guard = owe(*busy);
    clock_.advance(1s);
    SessionAdmission admission = registry.create(TransportKind::StreamableHttp, "t", "Bearer t");
    ASSERT_TRUE(admission.session);
    ASSERT_EQ(admission.evicted.size(), 1u);
    EXPECT_EQ(admission.evicted[0].session, idle) << "the longest-idle session owes work: the next one goes";
    EXPECT_EQ(admission.evicted[0].limit, SessionLimit::PerToken);
    EXPECT_TRUE(registry.find(busy->id, "t"));
    EXPECT_FALSE(registry.find(idle->id, "t"));
}

TEST_P(SessionWithWork, WhenEverySessionOfTheTokenOwesWorkTheNewOneIsRefused) {
    SessionRegistry registry(100, 2, SessionRegistry::randomSessionId, clock_);
    auto first = open(registry, "t");
    auto second = open(registry, "t");
    auto firstGuard = owe(*first);
    second->mcp.callsInFlight.emplace(JsonRpcId(std::int64_t{1}), nullptr);
    SessionAdmission admission = registry.create(TransportKind::StreamableHttp, "t", "Bearer t");
    EXPECT_FALSE(admission.session);
    EXPECT_EQ(admission.refusedBy, SessionLimit::PerToken);
    EXPECT_TRUE(admission.evicted.empty());
    EXPECT_EQ(registry.size(), 2u);
    EXPECT_TRUE(open(registry, "other")) << "another token still gets a session";
}

TEST_P(SessionWithWork, AtTheServerWideLimitOnlyASessionThatOwesNothingMakesRoom) {
    SessionRegistry registry(2, 100, SessionRegistry::randomSessionId, clock_);
    auto busy = open(registry, "a");
    auto idle = open(registry, "b");
    auto guard = owe(*busy);
    SessionAdmission admission = registry.create(TransportKind::StreamableHttp, "c", "Bearer c");
    ASSERT_TRUE(admission.session);
    ASSERT_EQ(admission.evicted.size(), 1u);
    EXPECT_EQ(admission.evicted[0].session, idle);
    EXPECT_EQ(admission.evicted[0].limit, SessionLimit::ServerWide);

    admission.session->mcp.callsInFlight.emplace(JsonRpcId(std::int64_t{1}), nullptr);
    SessionAdmission refused = registry.create(TransportKind::StreamableHttp, "d", "Bearer d");
    EXPECT_FALSE(refused.session);
    EXPECT_EQ(refused.refusedBy, SessionLimit::ServerWide);
    EXPECT_TRUE(refused.evicted.empty());
    EXPECT_EQ(registry.size(), 2u);
}

TEST_P(SessionWithWork, IdleExpirySparesASessionThatOwesWork) {
    SessionRegistry registry(100, 100, SessionRegistry::randomSessionId, clock_);
    auto busy = open(registry, "t");
    auto idle = open(registry, "t");
    std::vector<RemovedSession> expired;
    {
        auto guard = owe(*busy);
        clock_.advance(31min);
        expired = registry.expireIdle(30min);
    }
    ASSERT_EQ(expired.size(), 1u);
    EXPECT_EQ(expired[0].session, idle);
    EXPECT_TRUE(registry.find(busy->id, "t")) << "a session with work in progress does not expire";
}

INSTANTIATE_TEST_SUITE_P(Kinds, SessionWithWork,
                         ::testing::Values(Work::CallInFlight, Work::AwaitingClient, Work::StreamOwesEvents,
                                           Work::MessageBeingHandled),
                         [](const ::testing::TestParamInfo<Work>& test) {
                             switch (test.param) {
                                 case Work::CallInFlight: return "CallInFlight";
                                 case Work::AwaitingClient: return "AwaitingClient";
                                 case Work::StreamOwesEvents: return "StreamOwesEvents";
                                 case Work::MessageBeingHandled: return "MessageBeingHandled";
                             }
                             return "Unknown";
                         });

TEST_F(RegistryTest, ASessionWhoseWorkEndedIsEvictableAgain) {
    SessionRegistry registry(100, 1, SessionRegistry::randomSessionId, clock_);
    auto session = open(registry, "t");
    auto channel = std::make_shared<OwingChannel>();
    session->mcp.channel = channel;
    EXPECT_FALSE(registry.create(TransportKind::StreamableHttp, "t", "Bearer t").session);
    channel->owes = false;  // the reader caught up
    SessionAdmission admission = registry.create(TransportKind::StreamableHttp, "t", "Bearer t");
    ASSERT_TRUE(admission.session);
    ASSERT_EQ(admission.evicted.size(), 1u);
    EXPECT_EQ(admission.evicted[0].session, session);
    // Handed over locked: nothing can start on it before the caller ends it, and ending it never waits.
    EXPECT_TRUE(admission.evicted[0].lock.owns_lock());
    EXPECT_FALSE(std::async(std::launch::async, [&] { return session->mutex.try_lock(); }).get());
}

TEST_F(RegistryTest, ASessionExpiresOnceItsWorkEnded) {
    SessionRegistry registry(100, 100, SessionRegistry::randomSessionId, clock_);
    auto session = open(registry, "t");
    auto channel = std::make_shared<OwingChannel>();
    session->mcp.channel = channel;
    clock_.advance(31min);
    EXPECT_TRUE(registry.expireIdle(30min).empty());
    channel->owes = false;  // the reader caught up
    auto expired = registry.expireIdle(30min);
    ASSERT_EQ(expired.size(), 1u);
    EXPECT_EQ(expired[0].session, session);
    EXPECT_EQ(registry.size(), 0u);
}

TEST_F(RegistryTest, ASessionMakesItsResumptionLogOnFirstUse) {
    SessionRegistry registry(100, 100, SessionRegistry::randomSessionId, clock_);
    auto session = open(registry, "t");
    std::uint64_t stream = session->log().openStream();
    EXPECT_EQ(session->log().record(stream, 1, "data: x\n\n"), std::to_string(stream) + "-1");
    auto replay = session->log().after(stream, 0);
    ASSERT_TRUE(replay);
    EXPECT_EQ(*replay, std::vector<std::string>{"data: x\n\n"});
}

}  // namespace
}  // namespace mcp::server
