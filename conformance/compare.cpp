// Verdict changes between JSON reports.
#include "conformance/compare.h"

#include "conformance/json_util.h"
#include "conformance/reporters.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <set>
#include <sstream>

namespace mcp::conformance {
namespace {

constexpr const char* kNotRun = "not run";

struct CaseInfo {
    std::string level, requirement;
};

}  // namespace

std::optional<Comparison> compareReports(const std::vector<std::pair<std::string, std::string>>& reports, std::string& error) {
    if (reports.size() < 2) {
        error = "--compare needs at least two JSON reports";
        return std::nullopt;
    }
    Comparison out;
    std::vector<std::string> order;                 // case ids, first appearance
    std::map<std::string, CaseInfo> info;
    std::vector<std::map<std::string, std::string>> verdicts;
    for (const auto& [name, text] : reports) {
        Poco::JSON::Object::Ptr root;
        try {
            root = Poco::JSON::Parser().parse(text).extract<Poco::JSON::Object::Ptr>();
        } catch (const std::exception&) {
        }
        auto cases = getArray(root, "cases");
        if (!root || !cases || getString(root, "tool") != "mcp-conformance") {
            error = name + " is not an mcp-conformance JSON report (--json FILE)";
            return std::nullopt;
        }
        ComparedRun run{name, getString(root, "url").value_or(""), getString(root, "transport").value_or(""),
                        getString(root, "revision").value_or(""), {}};
        if (auto counts = getObject(root, "counts"))
            for (const auto& key : counts->getNames())
                if (counts->get(key).isInteger()) run.counts[key] = counts->getValue<std::size_t>(key);
        out.runs.push_back(run);
        auto& mine = verdicts.emplace_back();
        for (std::size_t i = 0; i < cases->size(); ++i) {
            auto c = cases->getObject(static_cast<unsigned>(i));
            auto id = getString(c, "id");
            if (!id) continue;
            if (!info.count(*id)) {
                order.push_back(*id);
                info[*id] = {getString(c, "level").value_or(""), getString(c, "requirement").value_or("")};
            }
            mine[*id] = getString(c, "verdict").value_or("?");
        }
    }
    for (const auto& id : order) {
        ChangedCase row{id, info[id].level, info[id].requirement, {}};
        for (const auto& run : verdicts) row.verdicts.push_back(run.count(id) ? run.at(id) : kNotRun);
        bool same = std::set<std::string>(row.verdicts.begin(), row.verdicts.end()).size() == 1;
        if (same) ++out.unchanged;
        else out.changed.push_back(std::move(row));
    }
    return out;
}

std::string compareText(const Comparison& c) {
    std::ostringstream out;
    for (std::size_t i = 0; i < c.runs.size(); ++i)
        out << "[" << i + 1 << "] " << c.runs[i].name << ": " << c.runs[i].url << " (" << c.runs[i].transport << ", "
            << c.runs[i].revision << ")\n";
    if (c.changed.empty()) out << "no case changed verdict\n";
    for (const auto& row : c.changed) {
        out << row.id << "  " << row.level << "  ";
        for (std::size_t i = 0; i < row.verdicts.size(); ++i) out << (i ? " -> " : "") << row.verdicts[i];
        out << "  " << row.requirement << "\n";
    }
    out << c.changed.size() << " changed, " << c.unchanged << " unchanged\n";
    return out.str();
}

std::string compareJson(const Comparison& c) {
    Poco::JSON::Object::Ptr root = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
    root->set("tool", "mcp-conformance --compare");
    Poco::JSON::Array::Ptr runs = new Poco::JSON::Array;
    for (const auto& r : c.runs) {
        Poco::JSON::Object::Ptr run = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
        run->set("report", r.name);
        run->set("url", r.url);
        run->set("transport", r.transport);
        run->set("revision", r.revision);
        Poco::JSON::Object::Ptr counts = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
        for (const auto& [k, v] : r.counts) counts->set(k, v);
        run->set("counts", counts);
        runs->add(run);
    }
    root->set("runs", runs);
    Poco::JSON::Array::Ptr changed = new Poco::JSON::Array;
    for (const auto& row : c.changed) {
        Poco::JSON::Object::Ptr item = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
        item->set("id", row.id);
        item->set("level", row.level);
        item->set("requirement", row.requirement);
        Poco::JSON::Array::Ptr v = new Poco::JSON::Array;
        for (const auto& verdict : row.verdicts) v->add(verdict);
        item->set("verdicts", v);
        changed->add(item);
    }
    root->set("changed", changed);
    root->set("unchanged", c.unchanged);
    std::ostringstream out;
    root->stringify(out, 2);
    return out.str() + "\n";
}

std::string compareHtml(const Comparison& c) {
    std::ostringstream out;
    out << "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>mcp-conformance comparison</title>"
           "<link rel=\"icon\" href=\"data:,\"><style>body{font-family:system-ui,sans-serif;margin:1.5em auto;max-width:80em;"
           "padding:0 1em}table{border-collapse:collapse;width:100%}td,th{border:1px solid #ccc;padding:4px 8px;text-align:left}"
           ".pass{background:#dfd}.fail,.harness-error{background:#fdd}.warning{background:#ffd}.info{background:#def}"
           "</style></head><body><h1>mcp-conformance comparison</h1>\n<ol id=\"runs\">";
    for (const auto& r : c.runs)
        out << "<li><code>" << xmlEscape(r.name) << "</code>: " << xmlEscape(r.url) << " (" << xmlEscape(r.transport) << ", "
            << xmlEscape(r.revision) << ")</li>";
    out << "</ol>\n<p id=\"summary\"><b id=\"changed-count\">" << c.changed.size() << "</b> cases changed verdict, " << c.unchanged
        << " unchanged.</p>\n<table id=\"changed\"><tr><th>id</th><th>level</th>";
    for (std::size_t i = 0; i < c.runs.size(); ++i) out << "<th>[" << i + 1 << "]</th>";
    out << "<th>requirement</th></tr>\n";
    for (const auto& row : c.changed) {
        out << "<tr><td>" << xmlEscape(row.id) << "</td><td>" << xmlEscape(row.level) << "</td>";
        for (const auto& v : row.verdicts) out << "<td class=\"" << xmlEscape(v) << "\">" << xmlEscape(v) << "</td>";
        out << "<td>" << xmlEscape(row.requirement) << "</td></tr>\n";
    }
    out << "</table></body></html>\n";
    return out.str();
}

}  // namespace mcp::conformance
