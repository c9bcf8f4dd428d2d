// Tests for the legacy transport's endpoint resolution (the `endpoint` event's data).
#include "bench/legacy_sse_session.h"

#include <gtest/gtest.h>

namespace mcp::bench {

TEST(LegacySseEndpoint, ResolvesRelativePathsAgainstTheStreamUrl) {
    EXPECT_EQ(resolveEndpointTarget("http://127.0.0.1:8080/sse", "/sse/message?sessionId=ab12"),
              "/sse/message?sessionId=ab12");
    EXPECT_EQ(resolveEndpointTarget("http://127.0.0.1:8080/base/sse", "message?sessionId=1"),
              "/base/message?sessionId=1");
}

TEST(LegacySseEndpoint, AcceptsAbsoluteUrlsOfTheSameOrigin) {
    EXPECT_EQ(resolveEndpointTarget("http://127.0.0.1:8080/sse", "http://127.0.0.1:8080/messages?s=1"),
              "/messages?s=1");
}

TEST(LegacySseEndpoint, RefusesOtherOrigins) {
    EXPECT_EQ(resolveEndpointTarget("http://127.0.0.1:8080/sse", "http://127.0.0.1:9090/messages"), "");
    EXPECT_EQ(resolveEndpointTarget("http://127.0.0.1:8080/sse", "http://example.invalid/messages"), "");
}

}  // namespace mcp::bench
