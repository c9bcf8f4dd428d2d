// The HTML report: one self-contained page a person reads in ten seconds. It opens on a
// summary (target, transport, revision, counts by verdict and by level, the failures first),
// then a table of every case with filters (failures only, by level, by area), then each
// case's Requirement / Expected / Actual with its redacted wire exchanges and curl command.
// Element ids and data-* attributes are stable: the browser test reads them.
#include "conformance/reporters.h"

#include <map>
#include <sstream>

namespace mcp::conformance {
namespace {

// "T-SH-31" -> "T-SH", "JR-7.null" -> "JR": the requirement area of a case id.
std::string areaOf(const std::string& caseId) {
    std::string row = rowId(caseId);
    auto dash = row.rfind('-');
    return dash == std::string::npos ? row : row.substr(0, dash);
}

bool isFailure(Verdict v) { return v == Verdict::Fail || v == Verdict::HarnessError; }

constexpr const char* kStyle =
    "body{font-family:system-ui,sans-serif;margin:1.5em auto;max-width:80em;padding:0 1em;color:#222}"
    "h1{margin:.2em 0}.target{font-size:1.1em;color:#444}.counts{display:flex;gap:.6em;flex-wrap:wrap;margin:1em 0}"
    ".count{border-radius:8px;padding:.5em 1em;min-width:6em;text-align:center}.count b{display:block;font-size:1.8em}"
    "table{border-collapse:collapse;width:100%}td,th{border:1px solid #ccc;padding:4px 8px;vertical-align:top;text-align:left}"
    ".pass{background:#dfd}.fail,.harness-error{background:#fdd}.warning{background:#ffd}.info{background:#def}"
    ".blocked,.inconclusive{background:#f3e6d8}.skipped,.unsupported{background:#eee}"
    ".verdict-ok{background:#dfd;border:2px solid #3a3}.verdict-bad{background:#fdd;border:2px solid #c33}"
    ".banner{padding:.6em 1em;border-radius:8px;font-size:1.2em;margin:.5em 0}"
    ".filters{margin:1em 0;display:flex;gap:1.5em;align-items:center;flex-wrap:wrap}"
    "pre{white-space:pre-wrap;background:#f6f6f6;padding:6px;max-height:30em;overflow:auto}";

// Filters rows of #cases by the three controls and says how many are shown.
constexpr const char* kScript = R"JS(
(function () {
  var failures = document.getElementById('filter-failures');
  var level = document.getElementById('filter-level');
  var area = document.getElementById('filter-area');
  function apply() {
    var rows = document.querySelectorAll('#cases tr.case');
    var shown = 0;
    for (var i = 0; i < rows.length; i++) {
      var r = rows[i];
      var ok = (!failures.checked || r.dataset.failure === 'yes') &&
               (level.value === '' || r.dataset.level === level.value) &&
               (area.value === '' || r.dataset.area === area.value);
      r.hidden = !ok;
      if (ok) shown++;
    }
    document.getElementById('shown-count').textContent = String(shown);
  }
  failures.addEventListener('change', apply);
  level.addEventListener('change', apply);
  area.addEventListener('change', apply);
  apply();
})();
)JS";

}  // namespace

std::string htmlReport(const ReportInput& input) {
    const auto& red = input.redactor;
    const auto& c = input.report.counts;
    const auto& results = input.report.results;
    std::ostringstream out;
    out << "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>mcp-conformance report</title><link rel=\"icon\" href=\"data:,\"><style>" << kStyle
        << "</style></head><body>\n";

    // --- summary ------------------------------------------------------------------------------
    std::size_t failed = c.failed + c.harnessErrors;
    bool runFailed = input.report.failed();
    out << "<h1>mcp-conformance</h1>\n<p class=\"target\" id=\"target\"><code>" << xmlEscape(clean(red, input.target.url()))
        << "</code> &mdash; <span id=\"transport\">" << toString(input.facts.transport) << "</span>, revision <span id=\"revision\">"
        << mcp::toString(input.facts.runRevision) << "</span>, " << results.size() << " cases in "
        << static_cast<long>(input.report.elapsedMs) << " ms</p>\n";
    out << "<p id=\"outcome\" class=\"banner " << (runFailed ? "verdict-bad" : "verdict-ok") << "\">"
        << (runFailed ? "FAILED: " : "OK: ") << xmlEscape(summaryLine(c)) << "</p>\n";
    out << "<div class=\"counts\">";
    auto count = [&](const char* id, const char* label, std::size_t n, const char* cls) {
        out << "<div class=\"count " << cls << "\"><b id=\"count-" << id << "\">" << n << "</b>" << label << "</div>";
    };
    count("passed", "passed", c.passed, "pass");
    count("failed", "failed", failed, "fail");
    count("warnings", "warnings", c.warnings, "warning");
    count("info", "informational", c.info, "info");
    count("skipped", "not judged", c.notJudged(), "skipped");
    out << "</div>\n";

    // Counts by level: where the failures are.
    std::map<std::string, std::map<std::string, std::size_t>> byLevel;
    for (const auto& r : results) ++byLevel[std::string(toString(r.def->level))][std::string(toString(r.verdict))];
    out << "<table id=\"by-level\"><tr><th>level</th><th>pass</th><th>fail</th><th>warning</th><th>info</th><th>not judged</th></tr>\n";
    for (const char* level : {"MUST", "SHOULD", "MAY", "INTEROP", "INFO"}) {
        auto& v = byLevel[level];
        std::size_t notJudged = v["skipped"] + v["blocked"] + v["inconclusive"] + v["unsupported"];
        out << "<tr data-level=\"" << level << "\"><td>" << level << "</td><td>" << v["pass"] << "</td><td>"
            << v["fail"] + v["harness-error"] << "</td><td>" << v["warning"] << "</td><td>" << v["info"] << "</td><td>" << notJudged
            << "</td></tr>\n";
    }
    out << "</table>\n";

    // The failures first, one line each.
    out << "<h2>Failures</h2>\n";
    if (failed == 0) {
        out << "<p id=\"failures\">None.</p>\n";
    } else {
        out << "<table id=\"failures\"><tr><th>id</th><th>level</th><th>requirement</th><th>actual</th></tr>\n";
        for (const auto& r : results) {
            if (!isFailure(r.verdict)) continue;
            const auto& cr = r.redactorOr(red);
            out << "<tr class=\"" << toString(r.verdict) << "\"><td><a href=\"#" << xmlEscape(r.def->id) << "\">" << xmlEscape(r.def->id)
                << "</a>" << (r.expectedFailure ? " (expected)" : "") << "</td><td>" << toString(r.def->level) << "</td><td>"
                << xmlEscape(r.def->requirement) << "</td><td>"
                << xmlEscape(clean(cr, r.outcome.actual.empty() ? r.outcome.note : r.outcome.actual)) << "</td></tr>\n";
        }
        out << "</table>\n";
    }

    // --- every case, filterable -----------------------------------------------------------------
    std::map<std::string, std::size_t> areas;
    for (const auto& r : results) ++areas[areaOf(r.def->id)];
    out << "<h2>All cases</h2>\n<div class=\"filters\"><label><input type=\"checkbox\" id=\"filter-failures\"> failures only</label>"
        << "<label>level <select id=\"filter-level\"><option value=\"\">all</option>";
    for (const char* level : {"MUST", "SHOULD", "MAY", "INTEROP", "INFO"}) out << "<option>" << level << "</option>";
    out << "</select></label><label>area <select id=\"filter-area\"><option value=\"\">all</option>";
    for (const auto& [area, n] : areas) out << "<option value=\"" << xmlEscape(area) << "\">" << xmlEscape(area) << " (" << n << ")</option>";
    out << "</select></label><span><span id=\"shown-count\">" << results.size() << "</span> of " << results.size()
        << " shown</span></div>\n";
    out << "<table id=\"cases\"><tr><th>id</th><th>level</th><th>verdict</th><th>requirement</th></tr>\n";
    for (const auto& r : results) {
        auto v = std::string(toString(r.verdict));
        out << "<tr class=\"case " << v << "\" data-verdict=\"" << v << "\" data-level=\"" << toString(r.def->level) << "\" data-area=\""
            << xmlEscape(areaOf(r.def->id)) << "\" data-failure=\"" << (isFailure(r.verdict) ? "yes" : "no") << "\"><td><a href=\"#"
            << xmlEscape(r.def->id) << "\">" << xmlEscape(r.def->id) << "</a></td><td>" << toString(r.def->level) << "</td><td>" << v
            << "</td><td>" << xmlEscape(r.def->requirement) << "</td></tr>\n";
    }
    out << "</table>\n";

    // --- details ----------------------------------------------------------------------------------
    out << "<h2>Details</h2>\n";
    for (const auto& r : results) {
        const auto& cr = r.redactorOr(red);
        out << "<section class=\"detail\"><h3 id=\"" << xmlEscape(r.def->id) << "\">" << xmlEscape(r.def->id) << " &mdash; "
            << toString(r.verdict) << "</h3>";
        out << "<p><b>Requirement:</b> " << xmlEscape(r.def->requirement) << " <i>(" << xmlEscape(r.def->specRef) << ")</i></p>";
        if (!r.outcome.expected.empty()) out << "<p><b>Expected:</b> " << xmlEscape(clean(cr, r.outcome.expected)) << "</p>";
        if (!r.outcome.actual.empty()) out << "<p><b>Actual:</b> " << xmlEscape(clean(cr, r.outcome.actual)) << "</p>";
        if (!r.outcome.note.empty()) out << "<p><b>Note:</b> " << xmlEscape(clean(cr, r.outcome.note)) << "</p>";
        for (const auto& e : r.exchanges) {
            out << "<details><summary>" << xmlEscape(e.request.method + " " + clean(cr, e.request.target)) << " &rarr; "
                << (e.response ? std::to_string(e.response->status) : std::string("no response")) << "</summary><pre>"
                << xmlEscape(renderRequest(e, cr)) << "</pre><pre>" << xmlEscape(renderResponse(e, cr)) << "</pre><pre>$ "
                << xmlEscape(curlCommand(e, input.target, cr)) << "</pre></details>\n";
        }
        out << "</section>\n";
    }
    out << "<script>" << kScript << "</script>\n</body></html>\n";
    return out.str();
}

}  // namespace mcp::conformance
