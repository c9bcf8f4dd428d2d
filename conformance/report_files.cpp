// File reporters: JSON (complete evidence) and JUnit XML (CI). The HTML page is report_html.cpp.
#include "conformance/reporters.h"

#include "conformance/json_util.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include <cstdio>
#include <sstream>

namespace mcp::conformance {

std::string xmlEscape(const std::string& raw) {
    std::string text = sanitizeUtf8(raw);
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        unsigned char c = static_cast<unsigned char>(text[i]);
        switch (c) {
        case '<': out += "&lt;"; break;
        case '>': out += "&gt;"; break;
        case '&': out += "&amp;"; break;
        case '"': out += "&quot;"; break;
        case '\'': out += "&#39;"; break;
        case '\n': out += "&#10;"; break;
        case '\r': out += "&#13;"; break;
        case '\t': out += "&#9;"; break;
        default:
            if (c < 0x20 || c == 0x7f) {
                char buf[8];
                std::snprintf(buf, sizeof buf, "\\x%02x", c);
                out += buf;
            } else if (c == 0xEF && i + 2 < text.size() && static_cast<unsigned char>(text[i + 1]) == 0xBF &&
                       (static_cast<unsigned char>(text[i + 2]) == 0xBE || static_cast<unsigned char>(text[i + 2]) == 0xBF)) {
                out += "\\ufff";
                out += static_cast<unsigned char>(text[i + 2]) == 0xBE ? 'e' : 'f';
                i += 2;
            } else {
                out += static_cast<char>(c);
            }
        }
    }
    return out;
}

std::string clean(const Redactor& red, const std::string& text) { return sanitizeUtf8(red.apply(text)); }

namespace {

Poco::JSON::Object::Ptr ordered() { return new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER); }

}  // namespace

std::string jsonReport(const ReportInput& input) {
    const auto& red = input.redactor;
    auto root = ordered();
    root->set("tool", "mcp-conformance");
    root->set("url", clean(red, input.target.url()));
    root->set("transport", std::string(toString(input.facts.transport)));
    root->set("revision", std::string(mcp::toString(input.facts.runRevision)));
    root->set("transportDetection", clean(red, input.facts.probeDetail));
    auto answers = ordered();
    for (const auto& [req, ans] : input.facts.initializeAnswers) answers->set(clean(red, req), clean(red, ans));
    root->set("initializeAnswers", answers);
    root->set("authRequired", input.facts.authRequired);
    root->set("acceptsAnyToken", input.facts.acceptsAnyToken);
    root->set("elapsedMs", input.report.elapsedMs);
    const auto& c = input.report.counts;
    auto counts = ordered();
    counts->set("passed", c.passed);
    counts->set("failed", c.failed + c.harnessErrors);
    counts->set("warnings", c.warnings);
    counts->set("info", c.info);
    counts->set("skipped", c.notJudged());
    counts->set("notApplicable", c.skipped);
    counts->set("blocked", c.blocked);
    counts->set("inconclusive", c.inconclusive);
    counts->set("unsupported", c.unsupported);
    counts->set("harnessErrors", c.harnessErrors);
    counts->set("expectedFailures", c.expectedFailures);
    root->set("counts", counts);
    Poco::JSON::Array::Ptr stale = new Poco::JSON::Array;
    for (const auto& s : input.report.staleEntries) stale->add(clean(red, s));
    root->set("staleBaselineEntries", stale);
    Poco::JSON::Array::Ptr cases = new Poco::JSON::Array;
    for (const auto& r : input.report.results) {
        const auto& caseRed = r.redactorOr(input.redactor);
        auto item = ordered();
        item->set("id", r.def->id);
        item->set("row", rowId(r.def->id));
        item->set("level", std::string(toString(r.def->level)));
        item->set("revisions", describeRevisions(r.def->revisions));
        item->set("ranAt", r.revision);
        item->set("requirement", r.def->requirement);
        item->set("specRef", r.def->specRef);
        item->set("verdict", std::string(toString(r.verdict)));
        item->set("rawVerdict", std::string(toString(r.outcome.verdict)));
        item->set("expectedFailure", r.expectedFailure);
        item->set("expected", clean(caseRed, r.outcome.expected));
        item->set("actual", clean(caseRed, r.outcome.actual));
        item->set("note", clean(caseRed, r.outcome.note));
        item->set("elapsedMs", r.elapsedMs);
        Poco::JSON::Array::Ptr exchanges = new Poco::JSON::Array;
        for (const auto& e : r.exchanges) {
            auto x = ordered();
            x->set("request", sanitizeUtf8(renderRequest(e, caseRed)));
            x->set("response", sanitizeUtf8(renderResponse(e, caseRed)));
            x->set("status", e.response ? e.response->status : 0);
            x->set("curl", sanitizeUtf8(curlCommand(e, input.target, caseRed)));
            x->set("startedMs", e.startedMs);
            x->set("durationMs", e.durationMs);
            exchanges->add(x);
        }
        item->set("exchanges", exchanges);
        cases->add(item);
    }
    root->set("cases", cases);
    std::ostringstream out;
    root->stringify(out, 2);
    return out.str();   // every field above is already redacted
}

namespace {
// JUnit durations: decimal seconds, never scientific notation ("0.000012", not "1.2e-05").
std::string seconds(double ms) {
    char text[32];
    std::snprintf(text, sizeof text, "%.6f", ms / 1000.0);
    return text;
}
}  // namespace

std::string junitReport(const ReportInput& input) {
    const auto& c = input.report.counts;
    std::ostringstream out;
    out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
    out << "<testsuites><testsuite name=\"mcp-conformance\" tests=\"" << input.report.results.size() << "\" failures=\""
        << c.failed << "\" errors=\"" << c.harnessErrors << "\" skipped=\"" << c.notJudged() << "\" time=\""
        << seconds(input.report.elapsedMs) << "\">\n";
    for (const auto& r : input.report.results) {
        const auto& red = r.redactorOr(input.redactor);
        out << "  <testcase classname=\"mcp." << xmlEscape(rowId(r.def->id).substr(0, rowId(r.def->id).rfind('-')))
            << "\" name=\"" << xmlEscape(r.def->id + " " + r.def->requirement) << "\" time=\"" << seconds(r.elapsedMs) << "\">";
        std::string detail = "Requirement: " + r.def->requirement + "\nExpected: " + r.outcome.expected +
                             "\nActual: " + r.outcome.actual + (r.outcome.note.empty() ? "" : "\nNote: " + r.outcome.note);
        if (!r.exchanges.empty()) detail += "\nReproduce: " + curlCommand(r.exchanges.back(), input.target, red);
        detail = clean(red, detail);
        switch (r.verdict) {
        case Verdict::Fail:
            out << "<failure message=\"" << xmlEscape(clean(red, r.outcome.actual)) << "\">" << xmlEscape(detail) << "</failure>";
            break;
        case Verdict::HarnessError:
            out << "<error message=\"" << xmlEscape(clean(red, r.outcome.note)) << "\">" << xmlEscape(detail) << "</error>";
            break;
        case Verdict::Skipped:
        case Verdict::Blocked:
        case Verdict::Inconclusive:
        case Verdict::Unsupported:
            // The reason as text content: the Jenkins JUnit schema (junit-4.xsd) types <skipped> as a string.
            out << "<skipped>" << xmlEscape(std::string(toString(r.verdict)) + ": " + clean(red, r.outcome.note)) << "</skipped>";
            break;
        case Verdict::Info:
            out << "<system-out>" << xmlEscape("INFO\n" + detail) << "</system-out>";
            break;
        case Verdict::Warning:
            out << "<system-out>" << xmlEscape("WARNING\n" + detail) << "</system-out>";
            break;
        case Verdict::Pass:
            break;
        }
        out << "</testcase>\n";
    }
    out << "</testsuite></testsuites>\n";
    return out.str();
}

}  // namespace mcp::conformance
