// DeadlineExchanger: every wait of a case is cut at the case's deadline, and expiry is reported.
#include "conformance/deadline_exchanger.h"
#include "conformance/fake_mcp_server.h"

#include <gtest/gtest.h>

namespace mcp::conformance {
namespace {

using ::testing::_;
using testing::MockHttpExchanger;

TEST(DeadlineExchanger, PassesShortWaitsThroughUnchanged) {
    MockHttpExchanger inner;
    EXPECT_CALL(inner, open(_, milliseconds(100))).WillOnce([](const OutgoingRequest&, milliseconds) {
        return testing::makeResponse(200, {}, "ok");
    });
    DeadlineExchanger bounded(inner, Clock::now() + std::chrono::hours(1));
    auto opened = bounded.open(OutgoingRequest{}, milliseconds(100));
    ASSERT_TRUE(opened.stream);
    EXPECT_FALSE(bounded.expired());
}

TEST(DeadlineExchanger, CutsAWaitLongerThanWhatIsLeftAndSaysSo) {
    MockHttpExchanger inner;
    milliseconds asked{0};
    EXPECT_CALL(inner, open(_, _)).WillOnce([&](const OutgoingRequest&, milliseconds t) {
        asked = t;
        OpenResult r;
        r.timedOut = true;
        return r;
    });
    DeadlineExchanger bounded(inner, Clock::now() + std::chrono::seconds(2));
    bounded.open(OutgoingRequest{}, std::chrono::minutes(10));
    EXPECT_LE(asked.count(), 2000);
    EXPECT_TRUE(bounded.expired());
}

TEST(DeadlineExchanger, RefusesToStartAfterTheDeadlineAndCutsStreamReads) {
    MockHttpExchanger inner;
    EXPECT_CALL(inner, open(_, _)).Times(0);
    DeadlineExchanger spent(inner, Clock::now() - milliseconds(1));
    auto opened = spent.open(OutgoingRequest{}, milliseconds(100));
    EXPECT_FALSE(opened.stream);
    EXPECT_TRUE(opened.timedOut);
    EXPECT_TRUE(spent.expired());

    MockHttpExchanger endless;
    EXPECT_CALL(endless, open(_, _)).WillOnce([](const OutgoingRequest&, milliseconds) {
        return testing::makeResponse(200, {{"Content-Type", "text/event-stream"}}, "", 1, true);
    });
    DeadlineExchanger bounded(endless, Clock::now() + milliseconds(50));
    auto stream = bounded.open(OutgoingRequest{}, milliseconds(10));
    ASSERT_TRUE(stream.stream);
    std::string body;
    // The fake stream has nothing more to give: a read asked to wait an hour is cut to what is left.
    EXPECT_EQ(stream.stream->read(body, std::chrono::hours(1)), ReadStatus::Timeout);
    EXPECT_TRUE(bounded.expired());
}

}  // namespace
}  // namespace mcp::conformance
