// Tests for MCP protocol revision names, parsing, negotiation and per-revision rules.
#include "protocol/protocol_version.h"

#include <gtest/gtest.h>

#include <string>

namespace mcp {
namespace {

TEST(ProtocolVersion, NamesRoundTripThroughParse) {
    const char* names[] = {"2024-11-05", "2025-03-26", "2025-06-18", "2025-11-25"};
    ASSERT_EQ(kAllRevisions.size(), 4u);
    for (std::size_t i = 0; i < kAllRevisions.size(); ++i) {
        EXPECT_EQ(toString(kAllRevisions[i]), names[i]);
        EXPECT_EQ(parseRevision(names[i]), kAllRevisions[i]);
    }
}

TEST(ProtocolVersion, ParseRejectsAnythingButExactNames) {
    for (const char* text : {"", "2025-06-18 ", " 2025-06-18", "2025-6-18", "2099-01-01", "2025-06-18\n",
                             "latest", "2025-06-1"})
        EXPECT_FALSE(parseRevision(text).has_value()) << '"' << text << '"';
    EXPECT_FALSE(parseRevision(std::string("2025-06-18\0", 11)).has_value());
}

TEST(ProtocolVersion, LatestIs20251125) {
    EXPECT_EQ(latestRevision(), Revision::V2025_11_25);
    EXPECT_EQ(toString(latestRevision()), "2025-11-25");
}

TEST(ProtocolVersion, NegotiateKeepsSupportedAndFallsBackToLatest) {
    for (Revision revision : kAllRevisions) EXPECT_EQ(negotiateRevision(toString(revision)), revision);
    EXPECT_EQ(negotiateRevision("2099-01-01"), Revision::V2025_11_25);
    EXPECT_EQ(negotiateRevision("2024-10-07"), Revision::V2025_11_25);
    EXPECT_EQ(negotiateRevision(""), Revision::V2025_11_25);
}

TEST(ProtocolVersion, RevisionRulesTable) {
    struct Row { Revision revision; bool batches, header, toolErrors, priming; };
    const Row rows[] = {
        {Revision::V2024_11_05, false, false, false, false},
        {Revision::V2025_03_26, true, false, false, false},
        {Revision::V2025_06_18, false, true, false, false},
        {Revision::V2025_11_25, false, true, true, true},
    };
    for (const Row& row : rows) {
        SCOPED_TRACE(std::string(toString(row.revision)));
        EXPECT_EQ(allowsBatches(row.revision), row.batches);
        EXPECT_EQ(requiresProtocolVersionHeader(row.revision), row.header);
        EXPECT_EQ(argumentErrorsAreToolErrors(row.revision), row.toolErrors);
        EXPECT_EQ(sendsPrimingEvent(row.revision), row.priming);
    }
}

}  // namespace
}  // namespace mcp
