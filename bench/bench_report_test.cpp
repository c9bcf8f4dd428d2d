// Tests for BenchReport: derived figures, the table's content and the JSON's shape.
#include "bench/bench_report.h"

#include <Poco/JSON/Parser.h>

#include <gtest/gtest.h>

namespace mcp::bench {
namespace {

BenchResult roundtripResult() {
    BenchResult r;
    r.options.url = "http://127.0.0.1:1/sse";
    r.tokenFingerprint = "sha256:0123456789ab";
    r.stats.callsOk = 1000;
    r.stats.callLatency.record(1'000'000);
    const Clock::time_point t0{};
    r.stats.firstCallAt = t0;
    r.stats.lastReplyAt = t0 + std::chrono::seconds(2);
    return r;
}

}  // namespace

TEST(BenchReport, DerivesRatesFromTheMeasuredWindow) {
    const BenchResult r = roundtripResult();
    EXPECT_DOUBLE_EQ(r.measuredSeconds(), 2.0);
    EXPECT_DOUBLE_EQ(r.callsPerSecond(), 500.0);
}

TEST(BenchReport, NoWindowMeansNoRate) {
    BenchResult r;
    EXPECT_DOUBLE_EQ(r.callsPerSecond(), 0.0);
    EXPECT_FALSE(r.rssPerSessionKib());
}

TEST(BenchReport, MemoryPerSession) {
    BenchResult r;
    r.rssBeforeKib = 1000;
    r.rssAfterOpenKib = 3000;
    r.sessionsHeldWhenSampled = 100;
    ASSERT_TRUE(r.rssPerSessionKib());
    EXPECT_DOUBLE_EQ(*r.rssPerSessionKib(), 20.0);
}

TEST(BenchReport, TableShowsFingerprintNotToken) {
    BenchResult r = roundtripResult();
    r.options.token = "";  // the runner clears it before reporting
    const std::string table = formatTable(r);
    EXPECT_NE(table.find("sha256:0123456789ab"), std::string::npos);
    EXPECT_NE(table.find("calls per second"), std::string::npos);
}

TEST(BenchReport, JsonIsParseableWithTheMainFigures) {
    const std::string json = toJson(roundtripResult());
    Poco::JSON::Parser parser;
    auto root = parser.parse(json).extract<Poco::JSON::Object::Ptr>();
    EXPECT_DOUBLE_EQ(root->getValue<double>("calls_per_s"), 500.0);
    EXPECT_TRUE(root->getObject("call_latency")->has("p99_ms"));
    EXPECT_EQ(root->getObject("config")->getValue<std::string>("token_fingerprint"), "sha256:0123456789ab");
}

TEST(BenchReport, MedianOfOddAndEven) {
    EXPECT_DOUBLE_EQ(medianOf({3, 1, 2}), 2.0);
    EXPECT_DOUBLE_EQ(medianOf({4, 1, 3, 2}), 2.5);
    EXPECT_DOUBLE_EQ(medianOf({}), 0.0);
}

TEST(BenchReport, WarnsWhenTheClientIsTheLimit) {
    BenchResult result;
    result.clientThreads = 1;
    result.busiestClientThreadShare = 0.5;
    result.clientCpuSeconds = 1.0;
    result.serverCpuSeconds = 2.0;
    EXPECT_FALSE(result.clientBound());
    EXPECT_EQ(formatVerdict(result), "");
    result.serverCpuSeconds = 0.9;  // the client needed more CPU than the server
    EXPECT_TRUE(result.clientBound());
    result.serverCpuSeconds.reset();
    EXPECT_FALSE(result.clientBound());
    result.busiestClientThreadShare = 0.95;  // a client thread never waited for the server
    EXPECT_TRUE(result.clientBound());
    EXPECT_NE(formatVerdict(result).find("may be the limit"), std::string::npos);
}

}  // namespace mcp::bench
