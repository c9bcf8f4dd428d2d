// Tests for the process probes: VmRSS parsing, this process's RSS, descriptor arithmetic.
#include "bench/process_probe.h"

#include <unistd.h>

#include <gtest/gtest.h>

namespace mcp::bench {

TEST(ProcessProbe, ParsesVmRss) {
    EXPECT_EQ(parseVmRssKib("Name:\tx\nVmPeak:\t 9 kB\nVmRSS:\t   12345 kB\nThreads: 1\n"), 12345u);
    EXPECT_FALSE(parseVmRssKib("Name:\tx\n"));
    EXPECT_FALSE(parseVmRssKib("VmRSS:\t kB\n"));
}

TEST(ProcessProbe, ReadsOwnResidentMemory) {
    const auto kib = residentKib(getpid());
    ASSERT_TRUE(kib);
    EXPECT_GT(*kib, 0u);
    EXPECT_FALSE(residentKib(0));
}

TEST(ProcessProbe, CountsDescriptorsWithMargin) {
    EXPECT_GT(descriptorsNeeded(10'000, 1), 10'000u);
    EXPECT_GE(descriptorsNeeded(16, 3), 48u);
}

}  // namespace mcp::bench
