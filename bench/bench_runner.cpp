// BenchRunner: thread orchestration, progress and memory sampling for one run.
#include "bench/bench_runner.h"

#include "bench/client_thread.h"
#include "bench/exhaustion_run.h"
#include "bench/process_probe.h"
#include "protocol/bearer.h"

#include <Poco/Exception.h>
#include <Poco/String.h>
#include <Poco/URI.h>

#include <arpa/inet.h>
#include <netdb.h>
#include <unistd.h>

#include <cstdio>
#include <iostream>
#include <memory>
#include <thread>

namespace mcp::bench {
namespace {

bool resolveIpv4(const std::string& host, std::uint16_t port, sockaddr_in& out) {
    addrinfo hints{};
    hints.ai_family = AF_INET;
    hints.ai_socktype = SOCK_STREAM;
    addrinfo* found = nullptr;
    if (getaddrinfo(host.c_str(), nullptr, &hints, &found) != 0 || !found) return false;
    out = *reinterpret_cast<sockaddr_in*>(found->ai_addr);
    out.sin_port = htons(port);
    freeaddrinfo(found);
    return true;
}

std::uint64_t sumOf(const std::vector<std::unique_ptr<ClientThread>>& threads,
                    std::atomic<std::uint64_t> LiveCounters::*counter) {
    std::uint64_t total = 0;
    for (const auto& t : threads) total += (t->live().*counter).load(std::memory_order_relaxed);
    return total;
}

std::uint32_t connectionsPerSession(const BenchOptions& o) {
    if (o.scenario == Scenario::Connections) return 1;  // the held stream (POSTs are closed by then)
    return 1 + o.inflight;  // the event stream and one POST connection per call in flight
}

std::uint64_t descriptorsFor(const BenchOptions& o) {
    if (o.scenario == Scenario::Exhaustion)  // held connections, plus one probe at a time
        return descriptorsNeeded(o.idleConnections + o.slowlorisConnections + 2, 1);
    return descriptorsNeeded(o.sessions, connectionsPerSession(o));
}

}  // namespace

BenchRun runBench(const BenchOptions& options) {
    BenchRun run;
    BenchResult result;
    result.options = options;
    result.options.token.clear();
    result.transport = options.effectiveTransport();

    SessionPlan plan;
    plan.scenario = options.scenario;
    plan.inflight = options.inflight;
    plan.events = options.events;
    plan.eventSize = options.eventSize;
    plan.url = options.url;
    {
        std::string error;
        auto calls = makeToolCallPlan(options, error);
        if (!calls) {
            run.error = error;
            return run;
        }
        plan.calls = std::move(*calls);
    }
    plan.setupTimeout = std::chrono::duration_cast<Clock::duration>(
        std::chrono::duration<double>(options.connectTimeoutSeconds));
    try {
        Poco::URI uri(options.url);
        plan.path = uri.getPathEtc().empty() ? "/" : uri.getPathEtc();
        if (!resolveIpv4(uri.getHost(), uri.getPort(), plan.target)) {
            run.error = "cannot resolve host '" + uri.getHost() + "'";
            return run;
        }
        plan.commonHeaders = "Host: " + uri.getHost() + ":" + std::to_string(uri.getPort()) + "\r\n";
    } catch (const Poco::Exception& e) {
        run.error = "bad --url: " + e.displayText();
        return run;
    }
    bool hasAuthorization = false;
    for (const auto& [name, value] : options.headers) {
        plan.commonHeaders += name + ": " + value + "\r\n";
        if (Poco::icompare(name, "Authorization") == 0) {
            hasAuthorization = true;
            auto parsed = parseBearerCredentials(value);
            result.tokenFingerprint = parsed.ok() ? tokenFingerprint(parsed.token) : tokenFingerprint(value);
        }
    }
    if (!hasAuthorization) {
        const std::string token = options.token.empty() ? "mcp-bench-token" : options.token;
        if (options.tokenCount <= 1) {
            plan.authorizations.push_back("Authorization: Bearer " + token + "\r\n");
        } else {
            for (std::uint32_t i = 0; i < options.tokenCount; ++i)
                plan.authorizations.push_back("Authorization: Bearer " + token + "-" + std::to_string(i) + "\r\n");
        }
        result.tokenFingerprint = tokenFingerprint(token) + (options.tokenCount > 1 ? " (and " + std::to_string(options.tokenCount) + " variants)" : "");
    }

    const FileLimit limit = raiseFileLimit();
    result.fileLimit = limit.soft;
    const std::uint64_t needed = descriptorsFor(options);
    if (limit.soft < needed)
        std::cerr << "mcp-bench: warning: file descriptor limit " << limit.soft << " (hard " << limit.hard
                  << ") is below the " << needed << " this run needs; raise it with `ulimit -n`\n";

    if (options.scenario == Scenario::Exhaustion) {
        const Clock::time_point started = Clock::now();
        const Clock::time_point deadline = started + std::chrono::duration_cast<Clock::duration>(
                                                         std::chrono::duration<double>(options.durationSeconds));
        result.exhaustion = runExhaustion(options, plan, result.transport, deadline);
        result.stats.sessionsOpened = result.exhaustion->probesOk;
        result.stats.sessionsFailed = result.exhaustion->probesFailed;
        result.elapsedSeconds = std::chrono::duration<double>(Clock::now() - started).count();
        run.result = std::move(result);
        return run;
    }

    // Share sessions and the call budget across threads.
    const std::uint32_t threadCount = options.clientThreads();
    result.clientThreads = threadCount;
    std::vector<std::unique_ptr<ClientThread>> threads;
    for (std::uint32_t i = 0; i < threadCount; ++i) {
        const std::uint32_t sessions = options.sessions / threadCount + (i < options.sessions % threadCount ? 1 : 0);
        const std::uint64_t quota = options.maxCalls / threadCount + (i < options.maxCalls % threadCount ? 1 : 0);
        const std::uint32_t burst = std::max<std::uint32_t>(1, options.connectBurst);
        threads.push_back(std::make_unique<ClientThread>(plan, sessions, quota, burst, result.transport));
    }

    result.rssBeforeKib = residentKib(options.pid);
    const std::optional<double> serverCpuBefore = processCpuSeconds(options.pid);
    const double clientCpuBefore = ownProcessCpuSeconds();
    const Clock::time_point started = Clock::now();
    const Clock::time_point deadline = started + std::chrono::duration_cast<Clock::duration>(
                                                     std::chrono::duration<double>(options.durationSeconds));
    std::atomic<bool> stop{false};
    std::atomic<std::uint32_t> running{threadCount};
    std::vector<std::thread> workers;
    for (auto& t : threads)
        workers.emplace_back([&, client = t.get()] {
            client->run(deadline, stop);
            --running;
        });

    // Progress and the memory sample, until every worker has stopped (each is deadline-bound).
    const bool showProgress = options.progress && isatty(STDERR_FILENO);
    bool memorySampled = false;
    Clock::time_point allSettledAt{};
    while (running.load() > 0) {
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
        const std::uint64_t open = sumOf(threads, &LiveCounters::sessionsOpen);
        const std::uint64_t failed = sumOf(threads, &LiveCounters::sessionsFailed);
        if (!memorySampled && options.scenario == Scenario::Connections && open + failed >= options.sessions) {
            // Let the server finish its per-session bookkeeping before sampling.
            if (allSettledAt == Clock::time_point{}) allSettledAt = Clock::now();
            if (Clock::now() - allSettledAt >= std::chrono::milliseconds(500)) {
                result.rssAfterOpenKib = residentKib(options.pid);
                result.sessionsHeldWhenSampled = sumOf(threads, &LiveCounters::sessionsOpen);
                memorySampled = true;
            }
        }
        if (showProgress) {
            const double elapsed = std::chrono::duration<double>(Clock::now() - started).count();
            std::fprintf(stderr, "\r[%s] %5.1f/%.0f s  sessions %llu open %llu failed  calls %llu  events %llu   ",
                         std::string(toString(options.scenario)).c_str(), elapsed, options.durationSeconds,
                         static_cast<unsigned long long>(open), static_cast<unsigned long long>(failed),
                         static_cast<unsigned long long>(sumOf(threads, &LiveCounters::callsCompleted)),
                         static_cast<unsigned long long>(sumOf(threads, &LiveCounters::eventsReceived)));
        }
    }
    for (auto& w : workers) w.join();
    if (showProgress) std::fprintf(stderr, "\n");
    result.elapsedSeconds = std::chrono::duration<double>(Clock::now() - started).count();
    result.clientCpuSeconds = ownProcessCpuSeconds() - clientCpuBefore;
    if (const auto after = processCpuSeconds(options.pid); after && serverCpuBefore)
        result.serverCpuSeconds = *after - *serverCpuBefore;
    for (const auto& t : threads)
        if (t->wallSeconds() > 0)
            result.busiestClientThreadShare = std::max(result.busiestClientThreadShare, t->cpuSeconds() / t->wallSeconds());
    if (!memorySampled && options.scenario == Scenario::Connections) {
        // The run ended before every session settled: report what was held at the end.
        result.sessionsHeldWhenSampled = 0;
    }
    for (auto& t : threads) result.stats.merge(t->stats());
    if (result.stats.sessionsOpened == options.sessions && result.stats.lastSessionOpenedAt > started)
        result.allOpenSeconds = std::chrono::duration<double>(result.stats.lastSessionOpenedAt - started).count();
    run.result = std::move(result);
    return run;
}

}  // namespace mcp::bench
