// Reporters: console (progress on a TTY, Requirement / Expected / Actual / curl for every
// failure, final "N passed, N failed, N skipped"), JSON (every case with its wire exchange),
// JUnit XML and a self-contained HTML page. All output goes through the Redactor.
#pragma once

#include "conformance/runner.h"

#include <ostream>
#include <string>

namespace mcp::conformance {

struct ReportInput {
    const Target& target;
    const TargetFacts& facts;
    const RunReport& report;
    const Redactor& redactor;
};

// One progress line per case (TTY: overwritten in place; otherwise nothing until the summary).
void printProgress(std::ostream& out, const CaseResult& result, std::size_t done, std::size_t total, bool tty);
// Failures and warnings in detail, then the counts. Ends with "N passed, N failed, N skipped".
void printSummary(std::ostream& out, const ReportInput& input, bool tty);
// --trace: every exchange of a case, redacted.
void printTrace(std::ostream& out, const CaseResult& result, const Target& target, const Redactor& redactor);
// --list: id, level, revisions, transports, requirement.
void printCatalog(std::ostream& out, const CaseCatalog& catalog);

std::string summaryLine(const RunCounts& counts);
// Text for XML/HTML character data and attributes: valid UTF-8 (invalid bytes become \xNN),
// without the code points XML forbids (controls other than TAB/LF/CR, U+FFFE, U+FFFF), escaped.
std::string xmlEscape(const std::string& raw);
// Every string that reaches a report: redacted, then valid UTF-8.
std::string clean(const Redactor& red, const std::string& text);
std::string jsonReport(const ReportInput& input);
std::string junitReport(const ReportInput& input);
std::string htmlReport(const ReportInput& input);

}  // namespace mcp::conformance
