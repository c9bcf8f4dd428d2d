// Fault modes: deliberate, realistic server bugs that `--fault NAME` switches on, so
// the conformance suite can prove that each of its cases catches what it claims to.
// The list, with the case that must catch each fault, is fixtures/fault-modes.tsv.
#pragma once

#include <bitset>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mcp::server {

enum class Fault {
    NoAuth,
    NoChallenge,
    CaseSensitiveScheme,
    SingleSpaceOnly,
    QueryToken,
    EchoTruncated,
    EchoSchemeStripped,
    EchoFirstSession,
    LegacyNoEndpointEvent,
    SseUnterminatedEvents,
    IdStringified,
    UnknownMethodOk,
    ParseErrorCode,
    NotificationAnswered,
    ToolNotFoundResult,
    SessionSurvivesDelete,
    ProtocolVersionIgnored,
    VersionDowngrade,
    PredictableSessionId,
    NoOriginCheck,
    LegacyReplyInPostBody,
    Count_
};

std::string_view faultName(Fault fault);
std::optional<Fault> parseFault(std::string_view name);
std::vector<std::string_view> allFaultNames();

class FaultSet {
public:
    void enable(Fault fault) { bits_.set(static_cast<std::size_t>(fault)); }
    bool has(Fault fault) const { return bits_.test(static_cast<std::size_t>(fault)); }
    bool any() const { return bits_.any(); }

private:
    std::bitset<static_cast<std::size_t>(Fault::Count_)> bits_;
};

}  // namespace mcp::server
