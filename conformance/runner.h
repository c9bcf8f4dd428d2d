// Runner: learns the target's basic facts once (transport, revisions, auth mode, tools),
// selects the cases that apply, runs them (in parallel with --jobs), grades raw outcomes by
// level (a missed SHOULD is a warning unless --strict) and applies the expected-failures
// baseline (a listed case that fails is expected; one that passes is a stale entry).
#pragma once

#include "conformance/conformance_case.h"

#include <functional>
#include <set>
#include <string>
#include <vector>

namespace mcp::conformance {

struct CaseResult {
    const CaseDef* def = nullptr;
    Outcome outcome;                 // as the case returned it
    Verdict verdict = Verdict::Pass; // graded
    std::string revision;            // revision the case ran at ("" when not run)
    std::vector<Exchange> exchanges;
    double elapsedMs = 0;
    bool expectedFailure = false;    // failed, and listed in the baseline
    bool staleBaselineEntry = false; // listed in the baseline, but did not fail
    std::shared_ptr<const Redactor> redactor;   // the run's secrets plus the tokens this case made up
    const Redactor& redactorOr(const Redactor& fallback) const { return redactor ? *redactor : fallback; }
};

struct RunOptions {
    bool strict = false;
    std::string filter;              // see matchesFilter
    int jobs = 4;
    milliseconds caseTimeout{60000}; // overall budget of one case (every exchange and retry)
    std::optional<Deadline> runDeadline;   // cases not started by then are skipped
    std::optional<std::set<std::string>> expectedFailures;
    FramingLedger* framing = nullptr;   // collects every response's framing for the HF-* cases
    std::function<void(const CaseResult&, std::size_t done, std::size_t total)> onCaseDone;
};

struct RunCounts {
    std::size_t passed = 0, failed = 0, warnings = 0, info = 0, skipped = 0, blocked = 0, inconclusive = 0,
                unsupported = 0, harnessErrors = 0;
    std::size_t expectedFailures = 0, staleEntries = 0;
    // Cases that judged nothing: the "skipped" of the summary line.
    std::size_t notJudged() const { return skipped + blocked + inconclusive + unsupported; }
};

struct RunReport {
    std::vector<CaseResult> results;
    RunCounts counts;
    std::vector<std::string> staleEntries;  // baseline ids that did not fail (includes ids not run)
    double elapsedMs = 0;
    // A new failure, a harness error or a stale baseline entry fails the run.
    bool failed() const { return counts.failed > counts.expectedFailures || counts.harnessErrors > 0 || !staleEntries.empty(); }
};

struct FactsResult {
    TargetFacts facts;
    bool unreachable = false;
    std::string error;
};
FactsResult discoverFacts(HttpExchanger& http, const Target& target);

// Filter syntax: comma-separated patterns; `*` and `?` are wildcards; a pattern without
// wildcards matches the id itself, its ".suffix" cases, and ids it is a prefix of ending in '-'
// ("AB-" matches every AB row; "AB-5" matches AB-5 and AB-5.x but not AB-50).
bool matchesFilter(const std::string& id, const std::string& filter);

std::vector<const CaseDef*> selectCases(const CaseCatalog& catalog, const std::string& filter);

RunReport runCases(const std::vector<const CaseDef*>& cases, const Target& target, const TargetFacts& facts,
                   HttpExchanger& http, Redactor& redactor, const RunOptions& options);

// Reads a baseline file: one case id per line, '#' comments and blank lines ignored.
std::optional<std::set<std::string>> readExpectedFailures(const std::string& path, std::string& error);

}  // namespace mcp::conformance
