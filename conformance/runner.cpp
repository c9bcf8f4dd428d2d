// Fact discovery, case selection, parallel execution, grading and the baseline.
#include "conformance/runner.h"

#include "conformance/json_util.h"

#include <atomic>
#include <fstream>
#include <mutex>
#include <random>
#include <thread>

namespace mcpc {
namespace {

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

FactsResult discoverFacts(HttpExchanger& http, const Target& target) {
    FactsResult out;
    auto& facts = out.facts;
    if (target.transport == TransportKind::Auto) {
        auto probe = probeTransport(http, target);
        if (probe.unreachable) {
            out.unreachable = true;
            out.error = probe.detail;
            return out;
        }
        facts.transport = probe.transport.value_or(TransportKind::StreamableHttp);
        facts.probeDetail = probe.detail;
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
        auto answer = opened.session ? opened.session->negotiatedVersion : std::string();
        if (!opened.session) lastError = opened.error;
        facts.initializeAnswers[options.protocolVersion] = answer;
        if (answer == options.protocolVersion) facts.supportedRevisions |= revisionBit(revision);
        if (!answer.empty()) newestAnswer = answer;
        if (opened.session && facts.tools.empty()) {
            auto list = opened.session->request("tools/list");
            if (list.response)
                if (auto tools = getArray(list.response->result(), "tools"))
                    for (std::size_t i = 0; i < tools->size(); ++i)
                        if (auto name = getString(tools->getObject(static_cast<unsigned>(i)), "name")) facts.tools.insert(*name);
        }
    }
    if (!anyConnected) {
        HttpRequest ping;
        ping.target = target.pathAndQuery();
        auto result = fetchAll(http, ping, target.timeout, 1024);
        if (result.connectFailed) {
            out.unreachable = true;
            out.error = result.error;
            return out;
        }
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
    // Auth mode: does a request without credentials get 401? Is any well-formed token accepted?
    {
        SessionOptions none;
        none.useTargetAuthorization = false;
        none.protocolVersion = std::string(mcp::toString(facts.runRevision));
        auto opened = openSession(http, target, facts.transport, none);
        int status = facts.transport == TransportKind::LegacySse ? opened.streamHead.status : opened.initializeReply.httpStatus;
        facts.authRequired = status == 401;
        SessionOptions random;
        random.authorization = "Bearer " + randomB64(40);
        random.protocolVersion = none.protocolVersion;
        facts.acceptsAnyToken = openSession(http, target, facts.transport, random).session != nullptr;
    }
    if (facts.initializeAnswers.empty() || !newestAnswer) out.error = "no initialize succeeded: " + lastError;
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
        } else {
            result.revision = std::string(mcp::toString(*revision));
            ExchangeLog log;
            RecordingExchanger recording(http, log);
            auto caseRedactor = std::make_shared<Redactor>(redactor);
            CaseContext ctx(target, facts, recording, *caseRedactor, *revision);
            result.redactor = caseRedactor;
            try {
                result.outcome = def.run(ctx);
            } catch (const std::exception& e) {
                result.outcome = Outcome::harness(std::string("exception in the case: ") + e.what());
            } catch (...) {
                result.outcome = Outcome::harness("unknown exception in the case");
            }
            result.exchanges = log.snapshot();
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

    int jobs = std::max(1, options.jobs);
    std::vector<std::thread> workers;
    for (int j = 0; j < jobs; ++j)
        workers.emplace_back([&] {
            for (std::size_t i = next++; i < cases.size(); i = next++) runOne(i);
        });
    for (auto& w : workers) w.join();

    for (const auto& r : report.results) {
        switch (r.verdict) {
        case Verdict::Pass: ++report.counts.passed; break;
        case Verdict::Fail: ++report.counts.failed; break;
        case Verdict::Warning: ++report.counts.warnings; break;
        case Verdict::Skipped: ++report.counts.skipped; break;
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

}  // namespace mcpc
