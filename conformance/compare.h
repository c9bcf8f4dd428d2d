// Comparison of conformance runs: `mcp-conformance --compare A.json B.json [...]` reads JSON
// reports (of one server over time, or of several servers) and says which cases changed
// verdict between them, printed for a person and written as JSON or HTML.
//
//   auto cmp = compareReports({{"old.json", oldText}, {"new.json", newText}}, error);
//   std::cout << compareText(*cmp);    // "JR-12  MUST  pass -> fail  A method the server ..."
#pragma once

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace mcp::conformance {

struct ComparedRun {
    std::string name;        // the file name as given
    std::string url, transport, revision;
    std::map<std::string, std::size_t> counts;   // the report's counts
};

struct ChangedCase {
    std::string id, level, requirement;
    std::vector<std::string> verdicts;   // one per run; "not run" when the report lacks the case
};

struct Comparison {
    std::vector<ComparedRun> runs;
    std::vector<ChangedCase> changed;    // in case-id order of first appearance
    std::size_t unchanged = 0;
};

// Parses each (name, JSON report text); nullopt with a reason when one is not a report.
std::optional<Comparison> compareReports(const std::vector<std::pair<std::string, std::string>>& reports, std::string& error);
std::string compareText(const Comparison& comparison);
std::string compareJson(const Comparison& comparison);
std::string compareHtml(const Comparison& comparison);

}  // namespace mcp::conformance
