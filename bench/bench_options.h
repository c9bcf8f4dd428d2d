// BenchOptions: mcp-bench's command line, parsed and validated without touching the network,
// so every limit that keeps a run bounded is checked (and unit-tested) in one place.
//
//   auto parsed = mcp::bench::parseBenchOptions({"--url", "http://127.0.0.1:8080/sse",
//                                                 "--scenario", "roundtrip", "--sessions=16"});
//   if (!parsed.error.empty()) die(parsed.error);
//   run(parsed.options);
#pragma once

#include "protocol/transport_kind.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace mcp::bench {

enum class Scenario { Roundtrip, Stream, Connections, Exhaustion };

struct BenchOptions {
    std::string url;                          // http://host:port/sse or .../mcp
    std::vector<std::pair<std::string, std::string>> headers;  // extra request headers
    std::string token;                        // bearer token (sent as "Authorization: Bearer <token>")
    std::uint32_t tokenCount = 1;             // >1: sessions take turns among <token>-0 .. <token>-(N-1)
    Scenario scenario = Scenario::Roundtrip;
    TransportKind transport = TransportKind::Auto;
    std::uint32_t sessions = 16;
    std::uint32_t inflight = 1;               // calls in flight per session (roundtrip)
    double durationSeconds = 10.0;            // hard bound on the measured phase
    std::uint64_t maxCalls = 10'000'000;      // roundtrip: stop after this many calls in total
    std::uint64_t events = 10'000;            // stream: events per session
    std::uint32_t eventSize = 100;            // stream: bytes per event (JSON-RPC message)
    std::int64_t pid = 0;                     // server pid for resident memory (0: none)
    std::string jsonPath;                     // --json FILE
    std::uint32_t threads = 0;                // client event-loop threads; 0: automatic (clientThreadsFor)
    std::string tool;                         // roundtrip: tool to call (empty: add, with its sum checked)
    std::string argumentsJson;                // --arguments: the tool's arguments (a JSON object)
    std::string expectJson;                   // --expect: what each result must contain
    double connectTimeoutSeconds = 5.0;
    std::uint32_t connectBurst = 256;         // connections being set up at once (per thread)
    std::uint32_t idleConnections = 1000;     // exhaustion: held connections that send nothing
    std::uint32_t slowlorisConnections = 300; // exhaustion: held connections trickling a request head
    double slowlorisIntervalSeconds = 2.0;    // exhaustion: one head byte per connection this often
    double probeIntervalSeconds = 0.1;        // exhaustion: a fresh session starts at most this often
    bool progress = true;                     // on a terminal only
    bool help = false;

    // The client threads a run uses: --client-threads, or automatically one per two cores
    // (the rest is left to a server on the same machine), never more than there are sessions.
    std::uint32_t clientThreads() const;

    // The transport implied by --transport or, for auto, by the URL path (".../sse" -> legacy).
    TransportKind effectiveTransport() const;
};

struct ParsedBenchOptions {
    BenchOptions options;
    std::string error;  // empty when valid
};

ParsedBenchOptions parseBenchOptions(const std::vector<std::string>& args);
std::string benchUsage();

class ToolCallPlan;
// The roundtrip calls the options ask for; nullopt with `error` set when --arguments or
// --expect is not valid JSON.
std::optional<ToolCallPlan> makeToolCallPlan(const BenchOptions& options, std::string& error);

std::string_view toString(Scenario scenario);

}  // namespace mcp::bench
