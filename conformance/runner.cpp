// Fact discovery, case selection, parallel execution, grading and the baseline.
#include "conformance/runner.h"

#include "conformance/deadline_exchanger.h"
#include "conformance/json_util.h"
#include "conformance/session_closer.h"
#include "conformance/www_authenticate.h"

#include <algorithm>
#include <atomic>
#include <fstream>
#include <mutex>
#include <random>
#include <thread>

namespace mcp::conformance {
namespace {

// A DELETE that ends a finished case's session waits this long at most.
constexpr milliseconds kSessionCloseTimeout{2000};

bool globMatch(std::string_view text, std::string_view pattern) {
    std::size_t t = 0, p = 0, star = std::string_view::npos, mark = 0;
    while (t < text.size()) {
        if (p < pattern.size() && (pattern[p] == '?' || pattern[p] == text[t])) {
            ++t;
            ++p;
        } else if (p < pattern.size() && pattern[p] == '*') {
            star = p++;
            mark = t;
        } else if (star != std::string_view::npos) {
            p = star + 1;
            t = ++mark;
        } else {
            return false;
        }
    }
    while (p < pattern.size() && pattern[p] == '*') ++p;
    return p == pattern.size();
}

Verdict grade(const CaseDef& def, Verdict raw, bool strict) {
    if (raw != Verdict::Fail && raw != Verdict::Warning) return raw;
    switch (def.level) {
    case Level::Must: return raw;
    case Level::Should: return strict ? Verdict::Fail : Verdict::Warning;
    default: return Verdict::Warning;
    }
}

std::string randomB64(std::size_t n) {
    static const char kChars[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    std::mt19937_64 rng{std::random_device{}()};
    std::string out;
    for (std::size_t i = 0; i < n; ++i) out += kChars[rng() % (sizeof(kChars) - 1)];
    return out;
}

}  // namespace

bool matchesFilter(const std::string& id, const std::string& filter) {
    if (filter.empty()) return true;
    std::size_t start = 0;
    while (start <= filter.size()) {
        auto comma = filter.find(',', start);
        auto pattern = filter.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
        if (!pattern.empty()) {
            if (pattern.find_first_of("*?") != std::string::npos) {
                if (globMatch(id, pattern)) return true;
            } else if (id == pattern || id.rfind(pattern + ".", 0) == 0 ||
                       (pattern.back() == '-' && id.rfind(pattern, 0) == 0)) {
                return true;
            }
        }
        if (comma == std::string::npos) break;
        start = comma + 1;
    }
    return false;
}

std::vector<const CaseDef*> selectCases(const CaseCatalog& catalog, const std::string& filter) {
    std::vector<const CaseDef*> out;
    for (const auto& c : catalog.cases())
        if (matchesFilter(c.id, filter)) out.push_back(&c);
    return out;
}

namespace {

// tools/list of an open session: names and input schemas (fixtures are built from them).
void learnTools(ClientSession& session, TargetFacts& facts) {
    auto list = session.request("tools/list");
    if (!list.response) return;
    auto tools = getArray(list.response->result(), "tools");
    for (std::size_t i = 0; tools && i < tools->size(); ++i) {
        auto tool = tools->getObject(static_cast<unsigned>(i));
        auto name = getString(tool, "name");
        if (!name) continue;
        facts.tools.insert(*name);
        facts.toolSchemas[*name] = getObject(tool, "inputSchema");
    }
}

// RFC 9728 discovery: a resource_metadata parameter in the challenge, or a well-known URL
// (path-suffixed or root) answering 200 with a JSON object.
bool publishesAuthMetadata(HttpExchanger& http, const Target& target, const std::optional<std::string>& challenge) {
    if (challenge) {
        auto parsed = parseChallenges(*challenge);
        if (parsed.bearer() && parsed.bearer()->param("resource_metadata")) return true;
    }
    for (const auto& path : {"/.well-known/oauth-protected-resource" + target.path, std::string("/.well-known/oauth-protected-resource")}) {
        OutgoingRequest get;
        get.target = path;
        get.headers = target.extraHeaders;
        get.headers.push_back({"Accept", "application/json"});
        auto result = fetchAll(http, get, target.timeout, 65536);
        if (result.status() == 200 && parseObject(result.body)) return true;
    }
    return false;
}

}  // namespace

FactsResult discoverFacts(HttpExchanger& http, const Target& target) {
    FactsResult out;
    auto& facts = out.facts;
    bool eventStream = false;
    if (target.transport == TransportKind::Auto) {
        auto probe = probeTransport(http, target);
        if (probe.unreachable) {
            out.unreachable = true;
            out.error = probe.detail;
            return out;
        }
        facts.transport = probe.transport.value_or(TransportKind::StreamableHttp);
        facts.probeDetail = probe.detail;
        eventStream = probe.eventStream;
        if (!probe.anyResponse) {
            // A server that accepts connections and never answers: nothing to grade, and every
            // further probe would only wait for the same deadline.
            facts.looksLikeMcp = false;
            facts.notMcpDetail = "the server accepted the connection but sent no HTTP response within the timeout (" +
                                 std::to_string(target.timeout.count()) + " ms): " + probe.detail;
            return out;
        }
    } else {
        facts.transport = target.transport;
        facts.probeDetail = "transport set by --transport";
    }
    // Which revisions does the server accept as asked (LC-3)?
    std::optional<std::string> newestAnswer;
    bool anyConnected = false;
    std::string lastError;
    for (auto revision : mcp::kAllRevisions) {
        SessionOptions options;
        options.protocolVersion = std::string(mcp::toString(revision));
        auto opened = openSession(http, target, facts.transport, options);
        if (opened.initializeReply.httpStatus || opened.streamHead.status) anyConnected = true;
        if (opened.streamHead.status == 200 &&
            mediaType(opened.streamHead.headers.get("Content-Type").value_or("")) == "text/event-stream")
            eventStream = true;
        auto answer = opened.session ? opened.session->negotiatedVersion : std::string();
        if (!opened.session) lastError = opened.error;
        facts.initializeAnswers[options.protocolVersion] = answer;
        if (answer == options.protocolVersion) facts.supportedRevisions |= revisionBit(revision);
        if (!answer.empty()) newestAnswer = answer;
        if (opened.session && facts.tools.empty()) learnTools(*opened.session, facts);
    }
    if (!anyConnected) {
        OutgoingRequest ping;
        ping.target = target.pathAndQuery();
        auto result = fetchAll(http, ping, target.timeout, 1024);
        if (result.connectFailed) {
            out.unreachable = true;
            out.error = result.error;
            return out;
        }
    }
    if (!newestAnswer && !eventStream) {
        facts.looksLikeMcp = false;
        facts.notMcpDetail = "no initialize succeeded (" + lastError + ") and the URL serves no SSE stream; " + facts.probeDetail;
        return out;
    }
    if (target.specVersion) {
        facts.runRevision = *target.specVersion;
    } else {
        facts.runRevision = mcp::latestRevision();
        bool found = false;
        for (auto it = mcp::kAllRevisions.rbegin(); it != mcp::kAllRevisions.rend(); ++it)
            if (facts.supportedRevisions & revisionBit(*it)) {
                facts.runRevision = *it;
                found = true;
                break;
            }
        if (!found && newestAnswer)
            if (auto parsed = mcp::parseRevision(*newestAnswer)) facts.runRevision = *parsed;
    }
    // Auth mode, from what the server does: does a request without credentials get 401? Is any
    // well-formed token accepted? Does it publish RFC 9728 metadata?
    {
        SessionOptions none;
        none.useTargetAuthorization = false;
        none.initialize = facts.transport == TransportKind::StreamableHttp;
        none.protocolVersion = std::string(mcp::toString(facts.runRevision));
        auto opened = openSession(http, target, facts.transport, none);
        const auto& head = facts.transport == TransportKind::LegacySse ? opened.streamHead : HttpResponseHead{opened.initializeReply.httpStatus, "", opened.initializeReply.headers};
        facts.authRequired = head.status == 401;
        if (!facts.authRequired) {
            // A server that refuses a malformed credential checks credentials, even if it lets a
            // request without any through: that is an AU-3 deviation, not an unprotected server.
            SessionOptions malformed;
            malformed.authorization = "Bearer tok\"en";
            malformed.initialize = none.initialize;
            malformed.protocolVersion = none.protocolVersion;
            auto refused = openSession(http, target, facts.transport, malformed);
            int status = facts.transport == TransportKind::LegacySse ? refused.streamHead.status : refused.initializeReply.httpStatus;
            facts.authRequired = status == 401 || status == 400 || status == 403;
        }
        SessionOptions random;
        random.authorization = "Bearer " + randomB64(40);
        random.protocolVersion = none.protocolVersion;
        facts.acceptsAnyToken = openSession(http, target, facts.transport, random).session != nullptr;
        if (facts.authRequired) facts.publishesAuthMetadata = publishesAuthMetadata(http, target, head.headers.has("WWW-Authenticate") ? std::optional<std::string>(*head.headers.get("WWW-Authenticate")) : std::nullopt);
    }
    if (!newestAnswer) out.error = "no initialize succeeded: " + lastError;
    return out;
}

RunReport runCases(const std::vector<const CaseDef*>& cases, const Target& target, const TargetFacts& facts,
                   HttpExchanger& http, Redactor& redactor, const RunOptions& options) {
    RunReport report;
    auto started = Clock::now();
    report.results.resize(cases.size());
    std::atomic<std::size_t> next{0};
    std::atomic<std::size_t> done{0};
    std::mutex progressMutex;

    auto runOne = [&](std::size_t index) {
        const CaseDef& def = *cases[index];
        CaseResult& result = report.results[index];
        result.def = &def;
        auto caseStart = Clock::now();
        TransportSet transportBit = facts.transport == TransportKind::LegacySse ? kLegacy : kStreamable;
        std::optional<mcp::Revision> revision;
        if (def.revisions & revisionBit(facts.runRevision)) {
            revision = facts.runRevision;
        } else if (!target.specVersion) {
            for (auto it = mcp::kAllRevisions.rbegin(); it != mcp::kAllRevisions.rend(); ++it)
                if ((def.revisions & revisionBit(*it)) && (facts.supportedRevisions & revisionBit(*it))) {
                    revision = *it;
                    break;
                }
        }
        if (!(def.transports & transportBit)) {
            result.outcome = Outcome::skip("applies to the " + std::string(def.transports == kLegacy ? "legacy HTTP+SSE" : "Streamable HTTP") +
                                           " transport; the target is " + std::string(toString(facts.transport)));
        } else if (!revision) {
            result.outcome = Outcome::skip("applies to revisions " + describeRevisions(def.revisions) +
                                           "; the server does not negotiate any of them" +
                                           (target.specVersion ? " (or --spec-version excludes them)" : ""));
        } else if (options.runDeadline && Clock::now() >= *options.runDeadline) {
            result.outcome = Outcome::skip("the run's time budget (--max-time) was spent before this case started");
        } else {
            result.revision = std::string(mcp::toString(*revision));
            auto deadline = caseStart + options.caseTimeout;
            if (options.runDeadline) deadline = std::min(deadline, *options.runDeadline);
            ExchangeLog log;
            auto caseRedactor = std::make_shared<Redactor>(redactor);
            DeadlineExchanger bounded(http, deadline);
            SessionCloser closer(bounded);
            RecordingExchanger recording(closer, log, *caseRedactor, options.framing, def.id);
            CaseContext ctx(target, facts, recording, *caseRedactor, *revision);
            ctx.framing = options.framing;
            result.redactor = caseRedactor;
            try {
                result.outcome = def.run(ctx);
            } catch (const std::exception& e) {
                result.outcome = Outcome::harness(std::string("exception in the case: ") + e.what());
            } catch (...) {
                result.outcome = Outcome::harness("unknown exception in the case");
            }
            // A wait cut by the case's budget saw less than the case asked for: nothing it
            // concluded from that wait is evidence.
            auto v = result.outcome.verdict;
            if (bounded.expired() && v != Verdict::Skipped && v != Verdict::Blocked && v != Verdict::HarnessError &&
                v != Verdict::Unsupported) {
                auto seconds = std::chrono::duration_cast<std::chrono::seconds>(options.caseTimeout).count();
                result.outcome.note = "ran out of its " + std::to_string(seconds) + " s budget (--case-timeout) before it could judge; last seen: " +
                                      (result.outcome.actual.empty() ? result.outcome.note : result.outcome.actual);
                result.outcome.verdict = Verdict::Inconclusive;
                result.outcome.actual.clear();
            }
            result.exchanges = log.snapshot(*caseRedactor);
            // Not part of the case: its sessions end so they count against no server quota.
            closer.closeAll(http, target.extraHeaders, std::min<milliseconds>(target.timeout, kSessionCloseTimeout));
        }
        result.verdict = grade(def, result.outcome.verdict, options.strict);
        result.elapsedMs = std::chrono::duration<double, std::milli>(Clock::now() - caseStart).count();
        if (options.expectedFailures) {
            bool listed = options.expectedFailures->count(def.id) > 0;
            if (listed && result.verdict == Verdict::Fail) result.expectedFailure = true;
            if (listed && (result.verdict == Verdict::Pass || result.verdict == Verdict::Warning)) result.staleBaselineEntry = true;
        }
        std::lock_guard lock(progressMutex);   // progress numbers in the order cases finish
        auto count = ++done;
        if (options.onCaseDone) options.onCaseDone(result, count, cases.size());
    };

    // Two phases: the cases that grade what the others saw (runsLast) start after all of them.
    std::vector<std::size_t> order;
    for (bool last : {false, true})
        for (std::size_t i = 0; i < cases.size(); ++i)
            if (cases[i]->runsLast == last) order.push_back(i);
    auto firstLast = static_cast<std::size_t>(
        std::find_if(order.begin(), order.end(), [&](std::size_t i) { return cases[i]->runsLast; }) - order.begin());
    int jobs = std::max(1, options.jobs);
    for (auto [begin, end] : {std::pair{std::size_t{0}, firstLast}, std::pair{firstLast, order.size()}}) {
        next = begin;
        std::vector<std::thread> workers;
        for (int j = 0; j < jobs; ++j)
            workers.emplace_back([&, end = end] {
                for (std::size_t k = next++; k < end; k = next++) runOne(order[k]);
            });
        for (auto& w : workers) w.join();
    }

    for (const auto& r : report.results) {
        switch (r.verdict) {
        case Verdict::Pass: ++report.counts.passed; break;
        case Verdict::Fail: ++report.counts.failed; break;
        case Verdict::Warning: ++report.counts.warnings; break;
        case Verdict::Info: ++report.counts.info; break;
        case Verdict::Skipped: ++report.counts.skipped; break;
        case Verdict::Blocked: ++report.counts.blocked; break;
        case Verdict::Inconclusive: ++report.counts.inconclusive; break;
        case Verdict::Unsupported: ++report.counts.unsupported; break;
        case Verdict::HarnessError: ++report.counts.harnessErrors; break;
        }
        if (r.expectedFailure) ++report.counts.expectedFailures;
        if (r.staleBaselineEntry) report.staleEntries.push_back(r.def->id);
    }
    if (options.expectedFailures) {
        for (const auto& id : *options.expectedFailures) {
            bool ran = false;
            for (const auto& r : report.results)
                if (r.def->id == id) ran = true;
            if (!ran && options.filter.empty()) report.staleEntries.push_back(id + " (no such case)");
        }
    }
    report.counts.staleEntries = report.staleEntries.size();
    report.elapsedMs = std::chrono::duration<double, std::milli>(Clock::now() - started).count();
    return report;
}

std::optional<std::set<std::string>> readExpectedFailures(const std::string& path, std::string& error) {
    std::ifstream in(path);
    if (!in) {
        error = "cannot read " + path;
        return std::nullopt;
    }
    std::set<std::string> ids;
    std::string line;
    while (std::getline(in, line)) {
        auto hash = line.find('#');
        if (hash != std::string::npos) line.resize(hash);
        auto start = line.find_first_not_of(" \t\r");
        if (start == std::string::npos) continue;
        auto end = line.find_last_not_of(" \t\r");
        ids.insert(line.substr(start, end - start + 1));
    }
    return ids;
}

}  // namespace mcp::conformance
