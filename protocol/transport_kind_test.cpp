// TransportKind names, as the command lines take them.
#include "protocol/transport_kind.h"

#include <gtest/gtest.h>

namespace mcp {
namespace {

TEST(TransportKind, NamesRoundTripAndBenchSpellingsAreAccepted) {
    for (auto kind : {TransportKind::Auto, TransportKind::LegacySse, TransportKind::StreamableHttp})
        EXPECT_EQ(parseTransportKind(toString(kind)), kind);
    EXPECT_EQ(parseTransportKind("legacy"), TransportKind::LegacySse);
    EXPECT_EQ(parseTransportKind("streamable"), TransportKind::StreamableHttp);
    EXPECT_EQ(parseTransportKind("SSE"), std::nullopt);
    EXPECT_EQ(parseTransportKind(""), std::nullopt);
}

}  // namespace
}  // namespace mcp
