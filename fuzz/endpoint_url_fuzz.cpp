// Fuzz target: how the conformance suite and mcp-bench resolve the legacy transport's
// `endpoint` event data into the target they POST to (mcp::resolveLegacyEndpoint,
// protocol/legacy_endpoint.h), both directly on raw bytes and through the suite's openSession
// reading a hostile server's event stream.
// The suite either refuses the data with a reason or keeps a POST target. Properties of an
// accepted endpoint:
//   - it is a valid origin-form request-target: starts with '/', no SP, CTL, '#' or raw
//     non-ASCII byte (it is written verbatim into the POST request line);
//   - it stays on the user's origin: data naming another scheme, host or port is refused;
//   - the session id survives: the query of the data is the query of the POST target.
// Input: byte 0 picks the stream URL the user gave; the rest is the event's data.
#include "conformance/mcp_client.h"
#include "protocol/legacy_endpoint.h"
#include "fuzz/fuzz_support.h"
#include "fuzz/scripted_exchanger.h"
#include "protocol/sse_encoder.h"

#include <Poco/URI.h>

#include <array>
#include <optional>

namespace {

using mcp::fuzz::FuzzInput;
using mcp::fuzz::ScriptedExchanger;

constexpr std::array<const char*, 4> kStreamUrls = {
    "http://127.0.0.1:8787/sse",
    "http://localhost:3000/mcp/sse?tenant=a",
    "https://[::1]:8443/a/b/sse",
    "http://example.test/sse",
};

bool isOriginFormTarget(std::string_view target) {
    if (target.empty() || target[0] != '/') return false;
    for (unsigned char c : target)
        if (c <= 0x20 || c == 0x7f || c == '#' || c >= 0x80) return false;
    return true;
}

// The query of a URI reference: after the first '?', before any '#' (RFC 3986 §3.4).
std::optional<std::string_view> queryOf(std::string_view reference) {
    reference = reference.substr(0, reference.find('#'));
    auto q = reference.find('?');
    if (q == std::string_view::npos) return std::nullopt;
    return reference.substr(q + 1);
}

// True when the data is an absolute or network-path reference to an origin other than the target's.
bool namesAnotherOrigin(const mcp::conformance::Target& target, const std::string& data) {
    try {
        Poco::URI base(target.url());
        Poco::URI resolved(base, data);
        return resolved.getScheme() != target.origin.scheme || resolved.getHost() != target.origin.host ||
               resolved.getPort() != target.origin.port;
    } catch (const std::exception&) {
        return false;   // not a URI reference: the suite must refuse it for that reason instead
    }
}

void checkAccepted(const mcp::conformance::Target& target, std::string_view data, const std::string& post) {
    FUZZ_CHECK(isOriginFormTarget(post), "the POST target is not a valid origin-form request-target");
    FUZZ_CHECK(!namesAnotherOrigin(target, std::string(data)), "an endpoint on another origin was accepted");
    if (auto query = queryOf(data); query && !query->empty())
        FUZZ_CHECK(queryOf(post) == query, "the endpoint's query (session id) changed on the way to the POST target");
}

void checkDirectResolution(const mcp::conformance::Target& target, std::string_view data) {
    std::string error;
    auto post = mcp::resolveLegacyEndpoint(target.url(), data, error);
    if (!post) {
        FUZZ_CHECK(!error.empty(), "an endpoint was refused without a reason");
        return;
    }
    checkAccepted(target, data, *post);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    FuzzInput in(data, size);
    auto target = mcp::conformance::Target::fromUrl(kStreamUrls[in.takeByte() % kStreamUrls.size()]);
    FUZZ_CHECK(target.has_value(), "a built-in stream URL does not parse");
    target->transport = mcp::conformance::TransportKind::LegacySse;
    target->timeout = mcp::conformance::milliseconds(100);

    std::string endpointData(in.rest());
    checkDirectResolution(*target, endpointData);

    std::string stream = mcp::encodeSseEvent({.event = "endpoint", .data = endpointData});
    ScriptedExchanger http({"HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n\r\n" + stream}, stream.size() + 64);

    mcp::conformance::SessionOptions options;
    options.initialize = false;
    auto opened = mcp::conformance::openSession(http, *target, mcp::conformance::TransportKind::LegacySse, options);
    if (!opened.session) {
        FUZZ_CHECK(!opened.error.empty(), "an endpoint was refused without a reason");
        return 0;
    }
    // The SSE encoder turns CR and CRLF into LF: check what the suite actually received.
    checkAccepted(*target, opened.session->endpointData, opened.session->endpointTarget);
    std::string error;
    FUZZ_CHECK(mcp::resolveLegacyEndpoint(target->url(), opened.session->endpointData, error) == opened.session->endpointTarget,
               "openSession and resolveEndpoint disagree");
    return 0;
}
