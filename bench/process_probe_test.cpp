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

TEST(ProcessProbe, ReadsCpuTicksAfterTheCommandName) {
    // Fields 14 and 15 are utime and stime; the command name may hold spaces and parentheses.
    EXPECT_EQ(parseStatCpuTicks("42 (my (odd) name) S 1 2 3 4 5 6 7 8 9 10 120 30 0 0 20"), 150u);
    EXPECT_FALSE(parseStatCpuTicks("42 (short) S 1 2"));
    EXPECT_FALSE(parseStatCpuTicks("no parenthesis"));
    EXPECT_TRUE(processCpuSeconds(getpid()));
    EXPECT_FALSE(processCpuSeconds(0));
}

}  // namespace mcp::bench
