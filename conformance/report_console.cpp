// Console reporter: progress, failure details with a reproducing curl, final counts.
#include "conformance/reporters.h"

#include "conformance/json_util.h"

#include <algorithm>
#include <iomanip>

namespace mcp::conformance {
namespace {

const char* colorOf(Verdict v) {
    switch (v) {
    case Verdict::Pass: return "\033[32m";
    case Verdict::Fail: case Verdict::HarnessError: return "\033[31m";
    case Verdict::Warning: return "\033[33m";
    default: return "\033[90m";
    }
}

std::string indent(const std::string& text, const std::string& prefix) {
    std::string out;
    std::size_t start = 0;
    while (start < text.size()) {
        auto nl = text.find('\n', start);
        out += prefix + text.substr(start, nl == std::string::npos ? std::string::npos : nl - start + 1);
        if (nl == std::string::npos) break;
        start = nl + 1;
    }
    if (!out.empty() && out.back() != '\n') out += '\n';
    return out;
}

void printDetail(std::ostream& out, const CaseResult& r, const ReportInput& input, bool tty) {
    const auto& red = r.redactorOr(input.redactor);
    out << (tty ? colorOf(r.verdict) : "") << toString(r.verdict) << (tty ? "\033[0m" : "") << " " << r.def->id
        << " [" << toString(r.def->level) << ", " << r.revision << "]" << (r.expectedFailure ? " (expected failure)" : "") << "\n";
    out << "  Requirement: " << r.def->requirement << " (" << r.def->specRef << ")\n";
    if (!r.outcome.expected.empty()) out << "  Expected:    " << red.apply(sanitizeUtf8(r.outcome.expected)) << "\n";
    if (!r.outcome.actual.empty()) out << "  Actual:      " << red.apply(sanitizeUtf8(r.outcome.actual)) << "\n";
    if (!r.outcome.note.empty()) out << "  Note:        " << red.apply(sanitizeUtf8(r.outcome.note)) << "\n";
    if (!r.exchanges.empty()) {
        // The last exchange is usually the one that showed the problem.
        out << "  Reproduce:   " << curlCommand(r.exchanges.back(), input.target, red) << "\n";
    }
}

}  // namespace

std::string summaryLine(const RunCounts& c) {
    return std::to_string(c.passed) + " passed, " + std::to_string(c.failed + c.harnessErrors) + " failed, " +
           std::to_string(c.notJudged()) + " skipped";
}

void printProgress(std::ostream& out, const CaseResult& result, std::size_t done, std::size_t total, bool tty) {
    if (!tty) return;
    out << "\r\033[K[" << done << "/" << total << "] " << colorOf(result.verdict) << toString(result.verdict) << "\033[0m "
        << result.def->id << std::flush;
}

void printSummary(std::ostream& out, const ReportInput& input, bool tty) {
    const auto& report = input.report;
    out << "mcp-conformance: " << input.redactor.apply(input.target.url()) << " (" << toString(input.facts.transport)
        << ", revision " << mcp::toString(input.facts.runRevision) << ", " << report.results.size() << " cases, "
        << std::fixed << std::setprecision(0) << report.elapsedMs << " ms)\n";
    for (const auto& r : report.results)
        if (r.verdict == Verdict::Fail || r.verdict == Verdict::HarnessError) printDetail(out, r, input, tty);
    for (const auto& r : report.results)
        if (r.verdict == Verdict::Warning) printDetail(out, r, input, tty);
    // Findings that grade nothing (e.g. "the server does not require authentication"), one line each.
    for (const auto& r : report.results)
        if (r.verdict == Verdict::Info)
            out << "info " << r.def->id << ": " << excerpt(r.redactorOr(input.redactor).apply(sanitizeUtf8(r.outcome.actual)), 240) << "\n";
    const auto& c = report.counts;
    if (!report.staleEntries.empty()) {
        out << "stale expected-failure entries (these cases no longer fail; remove them from the baseline):";
        for (const auto& id : report.staleEntries) out << " " << id;
        out << "\n";
    }
    if (c.expectedFailures) out << c.expectedFailures << " expected failures (baseline)\n";
    if (c.harnessErrors) out << c.harnessErrors << " harness errors (counted as failed)\n";
    if (c.blocked || c.inconclusive || c.unsupported)
        out << c.blocked << " blocked, " << c.inconclusive << " inconclusive, " << c.unsupported
            << " unsupported (counted as skipped: nothing judged)\n";
    out << c.warnings << " warnings, " << c.info << " informational\n";
    out << summaryLine(c) << "\n";
}

void printTrace(std::ostream& out, const CaseResult& r, const Target& target, const Redactor& redactor) {
    out << "=== " << r.def->id << " (" << toString(r.verdict) << ", " << r.exchanges.size() << " exchanges)\n";
    for (const auto& e : r.exchanges) {
        out << indent(renderRequest(e, redactor), "> ");
        out << indent(renderResponse(e, redactor), "< ");
        out << "  $ " << curlCommand(e, target, redactor) << "\n";
    }
}

void printCatalog(std::ostream& out, const CaseCatalog& catalog) {
    for (const auto& c : catalog.cases()) {
        std::string transports = c.transports == kBothTransports ? "both" : c.transports == kLegacy ? "sse" : "streamable-http";
        out << std::left << std::setw(22) << c.id << " " << std::setw(8) << toString(c.level) << " " << std::setw(22)
            << describeRevisions(c.revisions) << " " << std::setw(16) << transports << " " << c.requirement;
        if (!c.notGraded.empty()) out << " [not graded: " << c.notGraded << "]";
        out << "\n";
    }
}

}  // namespace mcp::conformance
