// BenchReport: table and JSON rendering of a BenchResult.
#include "bench/bench_report.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include <algorithm>
#include <cstdio>
#include <sstream>

namespace mcp::bench {
namespace {

double millis(std::uint64_t nanos) { return static_cast<double>(nanos) / 1e6; }

std::string fixed(double value, int decimals) {
    char text[64];
    std::snprintf(text, sizeof text, "%.*f", decimals, value);
    return text;
}

void row(std::ostringstream& out, std::string_view name, const std::string& value) {
    out << "  " << name;
    for (std::size_t i = name.size(); i < 30; ++i) out << ' ';
    out << value << '\n';
}

Poco::JSON::Object::Ptr latencyJson(const LatencyHistogram& h) {
    Poco::JSON::Object::Ptr o = new Poco::JSON::Object;
    o->set("count", h.count());
    o->set("p50_ms", millis(h.percentile(50)));
    o->set("p90_ms", millis(h.percentile(90)));
    o->set("p99_ms", millis(h.percentile(99)));
    o->set("max_ms", millis(h.max()));
    o->set("mean_ms", h.mean() / 1e6);
    return o;
}

std::string latencyLine(const LatencyHistogram& h) {
    return "p50 " + fixed(millis(h.percentile(50)), 3) + " ms, p90 " + fixed(millis(h.percentile(90)), 3) +
           " ms, p99 " + fixed(millis(h.percentile(99)), 3) + " ms, max " + fixed(millis(h.max()), 3) + " ms";
}

}  // namespace

double medianOf(std::vector<double> values) {
    if (values.empty()) return 0;
    const auto middle = values.begin() + static_cast<std::ptrdiff_t>(values.size() / 2);
    std::nth_element(values.begin(), middle, values.end());
    if (values.size() % 2 == 1) return *middle;
    const double upper = *middle;
    const double lower = *std::max_element(values.begin(), middle);
    return (lower + upper) / 2;
}

double BenchResult::measuredSeconds() const {
    if (stats.firstCallAt == Clock::time_point::max() || stats.lastReplyAt <= stats.firstCallAt) return 0;
    return std::chrono::duration<double>(stats.lastReplyAt - stats.firstCallAt).count();
}

double BenchResult::callsPerSecond() const {
    const double seconds = measuredSeconds();
    return seconds > 0 ? static_cast<double>(stats.callsOk) / seconds : 0;
}

double BenchResult::eventsPerSecond() const {
    const double seconds = measuredSeconds();
    return seconds > 0 ? static_cast<double>(stats.eventsReceived) / seconds : 0;
}

double BenchResult::eventBytesPerSecond() const {
    const double seconds = measuredSeconds();
    return seconds > 0 ? static_cast<double>(stats.eventBytes) / seconds : 0;
}

std::optional<double> BenchResult::rssPerSessionKib() const {
    if (!rssBeforeKib || !rssAfterOpenKib || sessionsHeldWhenSampled == 0) return std::nullopt;
    const double grown = static_cast<double>(*rssAfterOpenKib) - static_cast<double>(*rssBeforeKib);
    return grown / static_cast<double>(sessionsHeldWhenSampled);
}

std::string formatTable(const BenchResult& r) {
    const BenchOptions& o = r.options;
    std::ostringstream out;
    out << "mcp-bench " << toString(o.scenario) << " against " << o.url << " (" << toString(r.transport)
        << ", token " << r.tokenFingerprint << ")\n";
    row(out, "sessions", std::to_string(o.sessions) + " requested, " + std::to_string(r.stats.sessionsOpened) +
                             " opened, " + std::to_string(r.stats.sessionsFailed) + " failed");
    row(out, "client threads", std::to_string(r.clientThreads));
    row(out, "run time", fixed(r.elapsedSeconds, 2) + " s (bound " + fixed(o.durationSeconds, 1) + " s)");
    if (r.elapsedSeconds > 0)
        row(out, "client CPU", fixed(r.clientCpuSeconds, 2) + " s (" + fixed(100 * r.clientCpuSeconds / r.elapsedSeconds, 0) +
                                   "% of a core; busiest thread " + fixed(100 * r.busiestClientThreadShare, 0) + "%)");
    if (r.serverCpuSeconds && r.elapsedSeconds > 0)
        row(out, "server CPU", fixed(*r.serverCpuSeconds, 2) + " s (" + fixed(100 * *r.serverCpuSeconds / r.elapsedSeconds, 0) + "% of a core)");
    switch (o.scenario) {
    case Scenario::Roundtrip:
        row(out, "calls in flight per session", std::to_string(o.inflight));
        row(out, "tool", (o.tool.empty() ? std::string("add") : o.tool) +
                             (o.argumentsJson.empty() ? " (a = call id, b = 2; sum checked)"
                                                      : o.expectJson.empty() ? " (results not checked: no --expect)" : " (results checked against --expect)"));
        row(out, "calls ok / errors", std::to_string(r.stats.callsOk) + " / " + std::to_string(r.stats.callErrors));
        row(out, "calls per second", fixed(r.callsPerSecond(), 0) + " (over " + fixed(r.measuredSeconds(), 2) + " s)");
        row(out, "latency", latencyLine(r.stats.callLatency));
        break;
    case Scenario::Stream: {
        const auto& s = r.stats.sequences;
        row(out, "events requested", std::to_string(o.events) + " per session of " + std::to_string(o.eventSize) + " bytes");
        row(out, "events received", std::to_string(r.stats.eventsReceived) + " in " + fixed(r.measuredSeconds(), 2) + " s");
        row(out, "events per second (total)", fixed(r.eventsPerSecond(), 0));
        row(out, "MB per second (total)", fixed(r.eventBytesPerSecond() / 1e6, 2));
        row(out, "events/s per connection", "median " + fixed(medianOf(r.stats.sessionEventRates), 0) + " over " +
                                               std::to_string(r.stats.sessionEventRates.size()) + " finished streams");
        row(out, "lost / duplicated / reordered", std::to_string(s.lost) + " / " + std::to_string(s.duplicates) + " / " +
                                                     std::to_string(s.reordered) + " (unexpected " + std::to_string(s.unexpected) + ")");
        row(out, "stream calls ok / errors", std::to_string(r.stats.callsOk) + " / " + std::to_string(r.stats.callErrors));
        break;
    }
    case Scenario::Connections:
        row(out, "time to first event", latencyLine(r.stats.firstEventLatency));
        row(out, "all sessions open after", r.allOpenSeconds ? fixed(*r.allOpenSeconds, 3) + " s" : std::string("(not all opened)"));
        row(out, "sessions held at sample", std::to_string(r.sessionsHeldWhenSampled));
        if (r.rssBeforeKib && r.rssAfterOpenKib) {
            row(out, "server RSS before / after", std::to_string(*r.rssBeforeKib) + " KiB / " + std::to_string(*r.rssAfterOpenKib) + " KiB");
            if (auto per = r.rssPerSessionKib()) row(out, "server RSS per session", fixed(*per, 2) + " KiB");
        } else {
            row(out, "server RSS", "not sampled (pass --pid)");
        }
        break;
    case Scenario::Exhaustion:
        if (const auto& e = r.exhaustion) {
            row(out, "held idle / slowloris", std::to_string(e->idleHeld) + " / " + std::to_string(e->slowlorisHeld) + " open at the end (" +
                                                  std::to_string(o.idleConnections) + " / " + std::to_string(o.slowlorisConnections) + " asked)");
            row(out, "closed by the server", std::to_string(e->idleClosedByServer) + " idle, " +
                                                 std::to_string(e->slowlorisClosedByServer) + " slowloris (each reopened)");
            row(out, "held connections up after", fixed(e->holdSetupSeconds, 2) + " s (" + std::to_string(e->heldConnectFailures) + " connect failures)");
            row(out, "fresh sessions ok / failed", std::to_string(e->probesOk) + " / " + std::to_string(e->probesFailed));
            row(out, "fresh session latency", latencyLine(e->probeLatency));
            for (const auto& [reason, count] : e->probeFailures) row(out, "probe failure", std::to_string(count) + " x " + reason);
            if (e->rssBeforeKib && e->rssEndKib)
                row(out, "server RSS before / end", std::to_string(*e->rssBeforeKib) + " KiB / " + std::to_string(*e->rssEndKib) + " KiB");
            if (e->threadsEnd) row(out, "server threads at end", std::to_string(*e->threadsEnd));
        }
        break;
    }
    for (const auto& [reason, count] : r.stats.failureReasons) row(out, "failure", std::to_string(count) + " x " + reason);
    if (o.scenario != Scenario::Exhaustion)
        row(out, "errors", r.errors() == 0 ? std::string("0 (every reply, result and event checked)")
                                           : std::to_string(r.errors()) + ": the run FAILED");
    return out.str();
}

std::string formatVerdict(const BenchResult& r) {
    std::string text;
    if (r.options.scenario != Scenario::Exhaustion && r.errors() > 0) {
        const auto& s = r.stats;
        text += "mcp-bench: the run FAILED with " + std::to_string(r.errors()) + " errors (" + std::to_string(s.callErrors) +
                " failed calls, " + std::to_string(s.unknownReplies) + " replies to unknown ids, " +
                std::to_string(s.sessionsFailed) + " failed sessions, " + std::to_string(s.sequences.lost) + " lost / " +
                std::to_string(s.sequences.duplicates) + " duplicated / " + std::to_string(s.sequences.reordered) +
                " reordered / " + std::to_string(s.sequences.unexpected) + " unexpected events); its figures do not count\n";
    }
    if (r.clientBound()) {
        text += "mcp-bench: warning: mcp-bench, not the server, may be the limit: its busiest thread was busy " +
                fixed(100 * r.busiestClientThreadShare, 0) + "% of the run and it used " + fixed(r.clientCpuSeconds, 2) +
                " s of CPU" + (r.serverCpuSeconds ? " against the server's " + fixed(*r.serverCpuSeconds, 2) + " s" : std::string()) +
                " (" + std::to_string(r.clientThreads) + " client threads; try --client-threads " + std::to_string(r.clientThreads + 1) +
                ", or free cores for the client)\n";
    }
    return text;
}

std::string toJson(const BenchResult& r) {
    const BenchOptions& o = r.options;
    Poco::JSON::Object::Ptr root = new Poco::JSON::Object;
    Poco::JSON::Object::Ptr config = new Poco::JSON::Object;
    config->set("url", o.url);
    config->set("scenario", std::string(toString(o.scenario)));
    config->set("transport", std::string(toString(r.transport)));
    config->set("sessions", o.sessions);
    config->set("inflight", o.inflight);
    config->set("duration_s", o.durationSeconds);
    config->set("max_calls", o.maxCalls);
    config->set("events", o.events);
    config->set("event_size", o.eventSize);
    config->set("threads", r.clientThreads);
    config->set("tool", o.tool.empty() ? std::string("add") : o.tool);
    config->set("token_fingerprint", r.tokenFingerprint);
    config->set("file_limit", r.fileLimit);
    root->set("config", config);

    root->set("elapsed_s", r.elapsedSeconds);
    root->set("measured_s", r.measuredSeconds());
    root->set("sessions_opened", r.stats.sessionsOpened);
    root->set("sessions_failed", r.stats.sessionsFailed);
    root->set("calls_ok", r.stats.callsOk);
    root->set("call_errors", r.stats.callErrors);
    root->set("unknown_replies", r.stats.unknownReplies);
    root->set("errors", r.errors());
    Poco::JSON::Object::Ptr cpu = new Poco::JSON::Object;
    cpu->set("client_s", r.clientCpuSeconds);
    cpu->set("client_busiest_thread_share", r.busiestClientThreadShare);
    cpu->set("client_bound", r.clientBound());
    if (r.serverCpuSeconds) cpu->set("server_s", *r.serverCpuSeconds);
    root->set("cpu", cpu);
    root->set("calls_per_s", r.callsPerSecond());
    root->set("call_latency", latencyJson(r.stats.callLatency));
    root->set("first_event_latency", latencyJson(r.stats.firstEventLatency));
    if (r.allOpenSeconds) root->set("all_open_s", *r.allOpenSeconds);

    Poco::JSON::Object::Ptr stream = new Poco::JSON::Object;
    stream->set("events", r.stats.eventsReceived);
    stream->set("bytes", r.stats.eventBytes);
    stream->set("events_per_s", r.eventsPerSecond());
    stream->set("bytes_per_s", r.eventBytesPerSecond());
    stream->set("events_per_s_per_connection_median", medianOf(r.stats.sessionEventRates));
    stream->set("expected", r.stats.sequences.expected);
    stream->set("lost", r.stats.sequences.lost);
    stream->set("duplicated", r.stats.sequences.duplicates);
    stream->set("reordered", r.stats.sequences.reordered);
    stream->set("unexpected", r.stats.sequences.unexpected);
    root->set("stream", stream);

    Poco::JSON::Object::Ptr memory = new Poco::JSON::Object;
    memory->set("pid", o.pid);
    memory->set("sessions_held", r.sessionsHeldWhenSampled);
    if (r.rssBeforeKib) memory->set("rss_before_kib", *r.rssBeforeKib);
    if (r.rssAfterOpenKib) memory->set("rss_after_open_kib", *r.rssAfterOpenKib);
    if (auto per = r.rssPerSessionKib()) memory->set("rss_per_session_kib", *per);
    root->set("server_memory", memory);

    if (const auto& e = r.exhaustion) {
        Poco::JSON::Object::Ptr ex = new Poco::JSON::Object;
        ex->set("idle_requested", o.idleConnections);
        ex->set("slowloris_requested", o.slowlorisConnections);
        ex->set("slowloris_interval_s", o.slowlorisIntervalSeconds);
        ex->set("idle_held", e->idleHeld);
        ex->set("slowloris_held", e->slowlorisHeld);
        ex->set("idle_closed_by_server", e->idleClosedByServer);
        ex->set("slowloris_closed_by_server", e->slowlorisClosedByServer);
        ex->set("held_connect_failures", e->heldConnectFailures);
        ex->set("hold_setup_s", e->holdSetupSeconds);
        ex->set("probes_ok", e->probesOk);
        ex->set("probes_failed", e->probesFailed);
        ex->set("probe_latency", latencyJson(e->probeLatency));
        if (e->rssBeforeKib) ex->set("server_rss_before_kib", *e->rssBeforeKib);
        if (e->rssEndKib) ex->set("server_rss_end_kib", *e->rssEndKib);
        if (e->threadsEnd) ex->set("server_threads_end", *e->threadsEnd);
        Poco::JSON::Object::Ptr reasons = new Poco::JSON::Object;
        for (const auto& [reason, count] : e->probeFailures) reasons->set(reason, count);
        ex->set("probe_failures", reasons);
        root->set("exhaustion", ex);
    }

    Poco::JSON::Object::Ptr failures = new Poco::JSON::Object;
    for (const auto& [reason, count] : r.stats.failureReasons) failures->set(reason, count);
    root->set("failures", failures);

    std::ostringstream out;
    root->stringify(out, 2);
    out << '\n';
    return out.str();
}

}  // namespace mcp::bench
