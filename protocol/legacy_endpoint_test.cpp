// Resolving the legacy `endpoint` event (the suite and mcp-bench both use this).
#include "protocol/legacy_endpoint.h"

#include <gtest/gtest.h>

namespace mcp {
namespace {

std::optional<std::string> resolve(std::string_view streamUrl, std::string_view data) {
    std::string error;
    auto target = resolveLegacyEndpoint(streamUrl, data, error);
    if (!target) {
        EXPECT_FALSE(error.empty());
    }
    return target;
}

TEST(LegacyEndpoint, ResolvesRelativeReferencesAgainstTheStreamUrl) {
    EXPECT_EQ(resolve("http://127.0.0.1:8787/sse", "/sse/message?sessionId=ab"), "/sse/message?sessionId=ab");
    EXPECT_EQ(resolve("http://127.0.0.1:8787/sse", "message?sessionId=ab"), "/message?sessionId=ab");
    EXPECT_EQ(resolve("http://127.0.0.1:8080/base/sse", "message?sessionId=1"), "/base/message?sessionId=1");
}

TEST(LegacyEndpoint, KeepsSameOriginAbsoluteUrlsAndNeverSendsTheFragment) {
    EXPECT_EQ(resolve("http://127.0.0.1:8787/sse", "http://127.0.0.1:8787/m?s=1#frag"), "/m?s=1");
    EXPECT_EQ(resolve("http://127.0.0.1:8787/sse", "/sse/message?sessionId=ab#x"), "/sse/message?sessionId=ab");
}

TEST(LegacyEndpoint, RefusesOtherOriginsAndBytesARequestTargetCannotHold) {
    EXPECT_FALSE(resolve("http://127.0.0.1:8787/sse", ""));
    EXPECT_FALSE(resolve("http://127.0.0.1:8787/sse", "http://evil.example/m"));
    EXPECT_FALSE(resolve("http://127.0.0.1:8787/sse", "//evil.example/m"));
    EXPECT_FALSE(resolve("http://127.0.0.1:8787/sse", "https://127.0.0.1:8787/m"));
    EXPECT_FALSE(resolve("http://127.0.0.1:8080/sse", "http://127.0.0.1:9090/messages"));
    EXPECT_FALSE(resolve("http://127.0.0.1:8787/sse", "/m?x=a b"));
}

}  // namespace
}  // namespace mcp
