// BenchOptions: parsing and validation of mcp-bench's command line.
#include "bench/bench_options.h"

#include "bench/tool_call_plan.h"

#include <algorithm>
#include <charconv>
#include <thread>
#include <functional>
#include <map>

namespace mcp::bench {
namespace {

template <typename Number>
bool parseNumber(std::string_view text, Number& out) {
    auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
    return ec == std::errc() && ptr == text.data() + text.size() && !text.empty();
}

std::string checkRange(std::string_view name, double value, double low, double high) {
    if (value < low || value > high)
        return std::string(name) + " must be between " + std::to_string(low) + " and " + std::to_string(high);
    return {};
}

bool endsWith(std::string_view s, std::string_view suffix) {
    return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

}  // namespace

std::string_view toString(Scenario scenario) {
    switch (scenario) {
    case Scenario::Roundtrip: return "roundtrip";
    case Scenario::Stream: return "stream";
    case Scenario::Connections: return "connections";
    case Scenario::Exhaustion: return "exhaustion";
    }
    return "?";
}

TransportKind BenchOptions::effectiveTransport() const {
    if (transport != TransportKind::Auto) return transport;
    std::string_view path = url;
    if (const auto query = path.find('?'); query != std::string_view::npos) path = path.substr(0, query);
    while (endsWith(path, "/")) path.remove_suffix(1);
    return endsWith(path, "/sse") ? TransportKind::LegacySse : TransportKind::StreamableHttp;
}

std::uint32_t BenchOptions::clientThreads() const {
    std::uint32_t count = threads;
    if (count == 0) count = std::max(1u, std::thread::hardware_concurrency() / 2);
    return std::max(1u, std::min(count, sessions));
}

std::string benchUsage() {
    return R"(mcp-bench: load generator for MCP servers over HTTP (legacy SSE or Streamable HTTP)

usage: mcp-bench --url URL [options]

  --url URL              http://127.0.0.1:PORT/sse (legacy) or http://127.0.0.1:PORT/mcp (Streamable HTTP)
  --transport T          auto (default: legacy when the path ends in /sse), legacy (sse), streamable (streamable-http)
  --token TOKEN          bearer token, sent as "Authorization: Bearer TOKEN" (only its fingerprint is printed)
  --tokens N             spread the sessions over N tokens, TOKEN-0 .. TOKEN-(N-1) (default 1: TOKEN itself);
                         a server may limit sessions per token (the reference server: 100)
  --header 'Name: value' extra request header (repeatable)
  --scenario S           roundtrip (default), stream, connections, exhaustion
  --sessions N           MCP sessions (default 16); exhaustion: fresh sessions probed one after another
  --inflight C           roundtrip: calls in flight per session (default 1)
  --duration SECONDS     bound on the measured phase (default 10)
  --max-calls N          roundtrip: stop after N calls in total (default 10000000)
  --events N             stream: events per session (default 10000)
  --event-size BYTES     stream: size of each event's JSON-RPC message (default 100)
  --pid PID              server pid: report its resident memory (VmRSS) before/after opening sessions
  --tool NAME            roundtrip: the tool to call (default add, with a = the call's id, b = 2,
                         and each result's text checked to be the sum)
  --arguments JSON       roundtrip: the tool's arguments, the same for every call (a JSON object)
  --expect JSON          roundtrip: what each result must contain (matched as a subset of the
                         call's `result`: objects by member, arrays from the first element)
  --json FILE            also write the results as JSON
  --client-threads N     client event-loop threads (default: one per two cores; --threads is
                         the same option)
  --connect-timeout S    per-connection connect + first response bound (default 5)
  --connect-burst N      connections being set up at once per thread (default 256)
  --idle N               exhaustion: connections held open without sending a byte (default 1000)
  --slowloris M          exhaustion: connections trickling a request head that never ends (default 300)
  --slowloris-interval S exhaustion: seconds between the bytes of each slowloris connection (default 2)
  --probe-interval S     exhaustion: seconds between the starts of fresh sessions (default 0.1)
  --no-progress          no progress line, even on a terminal
  --help                 this text

Every run stops by itself: after --duration seconds of measurement at the latest, sooner when
the scenario's count is reached. Handshakes are bounded by --connect-timeout.
)";
}

ParsedBenchOptions parseBenchOptions(const std::vector<std::string>& args) {
    ParsedBenchOptions result;
    BenchOptions& o = result.options;
    std::string& error = result.error;

    using Setter = std::function<std::string(std::string_view)>;
    auto uintSetter = [](auto& field, std::string_view name, double low, double high) -> Setter {
        return [&field, name, low, high](std::string_view value) -> std::string {
            std::uint64_t n = 0;
            if (!parseNumber(value, n)) return std::string(name) + " needs a whole number, got '" + std::string(value) + "'";
            if (auto e = checkRange(name, static_cast<double>(n), low, high); !e.empty()) return e;
            field = static_cast<std::remove_reference_t<decltype(field)>>(n);
            return {};
        };
    };
    auto secondsSetter = [](double& field, std::string_view name, double low, double high) -> Setter {
        return [&field, name, low, high](std::string_view value) -> std::string {
            double seconds = 0;
            if (!parseNumber(value, seconds)) return std::string(name) + " needs a number of seconds, got '" + std::string(value) + "'";
            if (auto e = checkRange(name, seconds, low, high); !e.empty()) return e;
            field = seconds;
            return {};
        };
    };

    const std::map<std::string, Setter, std::less<>> valued = {
        {"--url", [&](std::string_view v) -> std::string { o.url = v; return {}; }},
        {"--token", [&](std::string_view v) -> std::string { o.token = v; return {}; }},
        {"--json", [&](std::string_view v) -> std::string { o.jsonPath = v; return {}; }},
        {"--header", [&](std::string_view v) -> std::string {
             const auto colon = v.find(':');
             if (colon == std::string_view::npos || colon == 0) return "--header needs 'Name: value'";
             std::string_view value = v.substr(colon + 1);
             while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
             if (v.find_first_of("\r\n") != std::string_view::npos) return "--header must not contain CR or LF";
             o.headers.emplace_back(std::string(v.substr(0, colon)), std::string(value));
             return {};
         }},
        {"--scenario", [&](std::string_view v) -> std::string {
             if (v == "roundtrip") o.scenario = Scenario::Roundtrip;
             else if (v == "stream") o.scenario = Scenario::Stream;
             else if (v == "connections") o.scenario = Scenario::Connections;
             else if (v == "exhaustion") o.scenario = Scenario::Exhaustion;
             else return "--scenario must be roundtrip, stream, connections or exhaustion";
             return {};
         }},
        {"--transport", [&](std::string_view v) -> std::string {
             auto kind = mcp::parseTransportKind(v);
             if (!kind) return "--transport must be auto, legacy (or sse) or streamable (or streamable-http)";
             o.transport = *kind;
             return {};
         }},
        {"--sessions", uintSetter(o.sessions, "--sessions", 1, 1'000'000)},
        {"--tokens", uintSetter(o.tokenCount, "--tokens", 1, 1'000'000)},
        {"--inflight", uintSetter(o.inflight, "--inflight", 1, 1024)},
        {"--max-calls", uintSetter(o.maxCalls, "--max-calls", 1, 1e12)},
        {"--events", uintSetter(o.events, "--events", 1, 100'000'000)},
        {"--event-size", uintSetter(o.eventSize, "--event-size", 1, 1024 * 1024)},
        {"--pid", uintSetter(o.pid, "--pid", 1, 4'194'304)},
        {"--threads", uintSetter(o.threads, "--threads", 1, 64)},
        {"--client-threads", uintSetter(o.threads, "--client-threads", 1, 64)},
        {"--tool", [&](std::string_view v) -> std::string { o.tool = v; return v.empty() ? "--tool needs a name" : ""; }},
        {"--arguments", [&](std::string_view v) -> std::string { o.argumentsJson = v; return {}; }},
        {"--expect", [&](std::string_view v) -> std::string { o.expectJson = v; return {}; }},
        {"--connect-burst", uintSetter(o.connectBurst, "--connect-burst", 1, 65'536)},
        {"--idle", uintSetter(o.idleConnections, "--idle", 0, 1'000'000)},
        {"--slowloris", uintSetter(o.slowlorisConnections, "--slowloris", 0, 1'000'000)},
        {"--slowloris-interval", secondsSetter(o.slowlorisIntervalSeconds, "--slowloris-interval", 0.01, 600)},
        {"--probe-interval", secondsSetter(o.probeIntervalSeconds, "--probe-interval", 0, 600)},
        {"--duration", secondsSetter(o.durationSeconds, "--duration", 0.01, 3600)},
        {"--connect-timeout", secondsSetter(o.connectTimeoutSeconds, "--connect-timeout", 0.01, 600)},
    };

    for (std::size_t i = 0; i < args.size() && error.empty(); ++i) {
        std::string_view arg = args[i];
        if (arg == "--help" || arg == "-h") {
            o.help = true;
            continue;
        }
        if (arg == "--no-progress") {
            o.progress = false;
            continue;
        }
        std::string_view name = arg;
        std::string_view value;
        bool hasValue = false;
        if (const auto eq = arg.find('='); arg.starts_with("--") && eq != std::string_view::npos) {
            name = arg.substr(0, eq);
            value = arg.substr(eq + 1);
            hasValue = true;
        }
        const auto setter = valued.find(name);
        if (setter == valued.end()) {
            error = "unknown option '" + std::string(name) + "' (see --help)";
            break;
        }
        if (!hasValue) {
            if (i + 1 >= args.size()) {
                error = std::string(name) + " needs a value";
                break;
            }
            value = args[++i];
        }
        error = setter->second(value);
    }
    if (error.empty() && !o.help) {
        if (o.url.empty()) error = "--url is required (see --help)";
        else if (!o.url.starts_with("http://")) error = "--url must start with http:// (TLS is not supported by mcp-bench)";
        else if (!o.argumentsJson.empty() || !o.expectJson.empty() || !o.tool.empty()) {
            if (o.scenario != Scenario::Roundtrip) error = "--tool, --arguments and --expect are for the roundtrip scenario";
            else makeToolCallPlan(o, error);
        }
    }
    return result;
}

std::optional<ToolCallPlan> makeToolCallPlan(const BenchOptions& options, std::string& error) {
    if ((options.tool.empty() || options.tool == "add") && options.argumentsJson.empty()) {
        if (!options.expectJson.empty()) {
            error = "--expect needs --arguments (add's default arguments change with every call)";
            return std::nullopt;
        }
        return ToolCallPlan::addWithSum();
    }
    return ToolCallPlan::custom(options.tool.empty() ? "add" : options.tool, options.argumentsJson, options.expectJson, error);
}

}  // namespace mcp::bench
