// Tests for BenchOptions: defaults, both option spellings, validation and transport choice.
#include "bench/bench_options.h"

#include <gtest/gtest.h>

namespace mcp::bench {

TEST(BenchOptions, DefaultsAreBounded) {
    const auto parsed = parseBenchOptions({"--url", "http://127.0.0.1:1/sse"});
    ASSERT_EQ(parsed.error, "");
    EXPECT_EQ(parsed.options.scenario, Scenario::Roundtrip);
    EXPECT_EQ(parsed.options.sessions, 16u);
    EXPECT_GT(parsed.options.durationSeconds, 0);
    EXPECT_GT(parsed.options.maxCalls, 0u);
}

TEST(BenchOptions, ParsesEveryOption) {
    const auto parsed = parseBenchOptions({"--url=http://127.0.0.1:9/mcp", "--scenario", "stream", "--sessions=100",
                                           "--inflight", "4", "--duration", "2.5", "--max-calls", "1000", "--events",
                                           "500", "--event-size", "200", "--pid", "1234", "--json", "out.json",
                                           "--threads", "2", "--header", "X-Test: a: b", "--token", "t0k",
                                           "--transport", "legacy", "--connect-timeout", "1", "--no-progress"});
    ASSERT_EQ(parsed.error, "");
    const auto& o = parsed.options;
    EXPECT_EQ(o.scenario, Scenario::Stream);
    EXPECT_EQ(o.sessions, 100u);
    EXPECT_EQ(o.inflight, 4u);
    EXPECT_DOUBLE_EQ(o.durationSeconds, 2.5);
    EXPECT_EQ(o.maxCalls, 1000u);
    EXPECT_EQ(o.events, 500u);
    EXPECT_EQ(o.eventSize, 200u);
    EXPECT_EQ(o.pid, 1234);
    EXPECT_EQ(o.jsonPath, "out.json");
    EXPECT_EQ(o.threads, 2u);
    ASSERT_EQ(o.headers.size(), 1u);
    EXPECT_EQ(o.headers[0].first, "X-Test");
    EXPECT_EQ(o.headers[0].second, "a: b");
    EXPECT_EQ(o.token, "t0k");
    EXPECT_EQ(o.effectiveTransport(), TransportKind::LegacySse);
    EXPECT_FALSE(o.progress);
}

TEST(BenchOptions, ParsesTheExhaustionScenario) {
    const auto parsed = parseBenchOptions({"--url=http://127.0.0.1:9/sse", "--scenario", "exhaustion", "--idle", "10000",
                                           "--slowloris", "300", "--slowloris-interval", "0.5", "--sessions", "50"});
    ASSERT_EQ(parsed.error, "");
    EXPECT_EQ(parsed.options.scenario, Scenario::Exhaustion);
    EXPECT_EQ(parsed.options.idleConnections, 10000u);
    EXPECT_EQ(parsed.options.slowlorisConnections, 300u);
    EXPECT_DOUBLE_EQ(parsed.options.slowlorisIntervalSeconds, 0.5);
    EXPECT_NE(parseBenchOptions({"--url=http://127.0.0.1:9/sse", "--slowloris-interval", "0"}).error, "");
    EXPECT_EQ(parseBenchOptions({"--url=http://127.0.0.1:9/sse", "--tokens", "100"}).options.tokenCount, 100u);
    EXPECT_NE(parseBenchOptions({"--url=http://127.0.0.1:9/sse", "--tokens", "0"}).error, "");
}

TEST(BenchOptions, TransportFollowsThePathWhenAuto) {
    EXPECT_EQ(parseBenchOptions({"--url", "http://127.0.0.1:1/sse"}).options.effectiveTransport(), TransportKind::LegacySse);
    EXPECT_EQ(parseBenchOptions({"--url", "http://127.0.0.1:1/sse/"}).options.effectiveTransport(), TransportKind::LegacySse);
    EXPECT_EQ(parseBenchOptions({"--url", "http://127.0.0.1:1/mcp"}).options.effectiveTransport(), TransportKind::StreamableHttp);
}

TEST(BenchOptions, RejectsOutOfRangeAndMalformedValues) {
    const std::vector<std::vector<std::string>> bad = {
        {"--url", "http://127.0.0.1:1/sse", "--sessions", "0"},
        {"--url", "http://127.0.0.1:1/sse", "--sessions", "ten"},
        {"--url", "http://127.0.0.1:1/sse", "--duration", "0"},
        {"--url", "http://127.0.0.1:1/sse", "--duration", "99999"},
        {"--url", "http://127.0.0.1:1/sse", "--scenario", "bogus"},
        {"--url", "http://127.0.0.1:1/sse", "--header", "no-colon"},
        {"--url", "http://127.0.0.1:1/sse", "--inflight"},
        {"--url", "https://127.0.0.1:1/sse"},
        {"--url", "http://127.0.0.1:1/sse", "--frobnicate", "1"},
        {"--sessions", "2"},
    };
    for (const auto& args : bad) EXPECT_NE(parseBenchOptions(args).error, "") << args.back();
}

TEST(BenchOptions, HelpNeedsNoUrl) {
    const auto parsed = parseBenchOptions({"--help"});
    EXPECT_EQ(parsed.error, "");
    EXPECT_TRUE(parsed.options.help);
    EXPECT_NE(benchUsage().find("--scenario"), std::string::npos);
}

}  // namespace mcp::bench
