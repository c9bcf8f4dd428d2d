// mcp-conformance: numbered conformance cases against any MCP server URL.
#include "conformance/cli_options.h"
#include "conformance/compare.h"
#include "conformance/json_util.h"
#include "conformance/reporters.h"
#include "conformance/runner.h"
#include "protocol/bearer.h"

#include <Poco/Net/SSLManager.h>

#include <csignal>
#include <fstream>
#include <sstream>
#include <iostream>
#include <unistd.h>

using namespace mcp::conformance;

namespace {

bool writeFile(const std::string& path, const std::string& content) {
    std::ofstream out(path, std::ios::binary);
    out << content;
    return static_cast<bool>(out);
}

// Header names whose values are credentials (redacted like tokens, whatever their length).
bool credentialHeader(const std::string& name) {
    auto lower = toLowerAscii(name);
    for (const char* word : {"auth", "key", "token", "secret", "cookie", "session", "password"})
        if (lower.find(word) != std::string::npos) return true;
    return false;
}

void registerSecrets(const CliOptions& options, const Target& target, Redactor& redactor) {
    auto credential = [&](const std::optional<std::string>& auth, const std::string& variable) {
        if (!auth) return;
        auto parsed = mcp::parseBearerCredentials(*auth);
        if (parsed.ok()) redactor.addSecret(parsed.token, variable);
        auto sp = auth->find(' ');
        if (sp != std::string::npos) {
            auto rest = auth->substr(sp);
            auto start = rest.find_first_not_of(' ');
            if (start != std::string::npos) redactor.addSecret(rest.substr(start), variable);
        } else {
            redactor.addSecret(*auth, variable);
        }
    };
    credential(target.authorization, "MCP_TOKEN");
    credential(target.authorizationAlt, "MCP_TOKEN_ALT");
    if (options.token) redactor.addSecret(*options.token, "MCP_TOKEN");
    if (options.tokenAlt) redactor.addSecret(*options.tokenAlt, "MCP_TOKEN_ALT");
    for (const auto& h : target.extraHeaders)
        if (credentialHeader(h.name)) redactor.addSecret(h.value);
}

// What to tell a user whose URL answered, but not as an MCP server.
std::string notMcpAdvice(const TargetFacts& facts, const Target& target) {
    std::string advice = "nothing to grade: " + facts.notMcpDetail + "\nWhat to try: ";
    if (facts.notMcpDetail.find(" 401") != std::string::npos || facts.notMcpDetail.find("HTTP 401") != std::string::npos)
        advice += target.authorization ? "the server refused the credentials; check --token / --header 'Authorization: ...'"
                                       : "the server wants credentials: pass --token TOKEN (or --header 'Authorization: ...')";
    else
        advice += "check the URL's path (MCP servers usually serve Streamable HTTP at /mcp and legacy HTTP+SSE at /sse), "
                  "--transport, and any headers the server needs; `curl -i` the URL to see what it serves";
    return advice;
}

// --compare: reads the reports, prints the changes, writes --json / --html when asked.
int compareRuns(const CliOptions& options) {
    std::vector<std::pair<std::string, std::string>> reports;
    for (const auto& file : options.compareFiles) {
        std::ifstream in(file, std::ios::binary);
        if (!in) {
            std::cerr << "mcp-conformance: cannot read " << file << "\n";
            return 2;
        }
        std::ostringstream text;
        text << in.rdbuf();
        reports.emplace_back(file, text.str());
    }
    std::string error;
    auto comparison = compareReports(reports, error);
    if (!comparison) {
        std::cerr << "mcp-conformance: " << error << "\n";
        return 2;
    }
    std::cout << compareText(*comparison);
    bool ok = true;
    if (options.jsonFile) ok &= writeFile(*options.jsonFile, compareJson(*comparison));
    if (options.htmlFile) ok &= writeFile(*options.htmlFile, compareHtml(*comparison));
    if (!ok) return 2;
    return comparison->changed.empty() ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
    // A server that closes while we still write (413, 431, a crash) must not kill the suite.
    std::signal(SIGPIPE, SIG_IGN);
    std::vector<std::string> args(argv + 1, argv + argc);
    auto parsed = parseCommandLine(args);
    if (!parsed.options) {
        std::cerr << "mcp-conformance: " << parsed.error << "\nTry --help.\n";
        return 2;
    }
    const auto& options = *parsed.options;
    if (options.help) {
        std::cout << helpText();
        return 0;
    }
    if (!options.compareFiles.empty()) return compareRuns(options);
    auto catalog = CaseCatalog::full();
    if (options.list) {
        CaseCatalog selected;
        for (const auto* c : selectCases(catalog, options.filter)) selected.add(*c);
        printCatalog(std::cout, selected);
        return 0;
    }
    std::string error;
    auto target = makeTarget(options, error);
    if (!target) {
        std::cerr << "mcp-conformance: " << error << "\n";
        return 2;
    }
    RunOptions run;
    run.strict = options.strict;
    run.filter = options.filter;
    run.jobs = options.jobs;
    auto caseSeconds = options.caseTimeoutSeconds.value_or(std::max(60.0, 8 * options.timeoutSeconds));
    run.caseTimeout = milliseconds(static_cast<long long>(caseSeconds * 1000));
    auto runStart = Clock::now();
    run.runDeadline = runStart + milliseconds(static_cast<long long>(options.maxTimeSeconds * 1000));
    if (options.expectedFailures) {
        run.expectedFailures = readExpectedFailures(*options.expectedFailures, error);
        if (!run.expectedFailures) {
            std::cerr << "mcp-conformance: " << error << "\n";
            return 2;
        }
    }
    auto cases = selectCases(catalog, options.filter);
    if (cases.empty()) {
        std::cerr << "mcp-conformance: --filter " << options.filter << " selects no case\n";
        return 2;
    }
    Redactor redactor;
    registerSecrets(options, *target, redactor);
    if (target->origin.scheme == "https") Poco::Net::initializeSSL();

    SocketHttpExchanger http(target->origin, target->tls);
    // Every response of the run, discovery included, is evidence for the HF-* framing cases.
    FramingLedger framing;
    run.framing = &framing;
    bool tty = isatty(STDERR_FILENO);
    if (tty) std::cerr << "probing " << redactor.apply(target->url()) << " ..." << std::flush;
    ExchangeLog discoveryLog;
    RecordingExchanger discovery(http, discoveryLog, redactor, &framing, "discovery");
    auto facts = discoverFacts(discovery, *target);
    if (tty) std::cerr << "\r\033[K" << std::flush;
    if (facts.unreachable) {
        std::cerr << "mcp-conformance: cannot reach the target: " << sanitizeUtf8(redactor.apply(facts.error)) << "\n";
        return 3;
    }
    if (!facts.facts.looksLikeMcp) {
        std::cerr << "mcp-conformance: " << sanitizeUtf8(redactor.apply(target->url())) << " does not answer as an MCP server; "
                  << sanitizeUtf8(redactor.apply(notMcpAdvice(facts.facts, *target))) << "\n";
        return 3;
    }
    if (target->authorization) {
        auto credentials = mcp::parseBearerCredentials(*target->authorization);
        if (credentials.ok() && credentials.token.size() < 8)
            std::cerr << "mcp-conformance: note: the token is shorter than 8 characters; every occurrence of it in the "
                         "reports is redacted, which may hide unrelated text\n";
    }
    run.onCaseDone = [&](const CaseResult& result, std::size_t done, std::size_t total) {
        if (options.trace) printTrace(std::cout, result, *target, result.redactorOr(redactor));
        printProgress(std::cerr, result, done, total, tty);
    };
    auto report = runCases(cases, *target, facts.facts, http, redactor, run);
    if (tty) std::cerr << "\r\033[K" << std::flush;   // clear the progress line
    ReportInput input{*target, facts.facts, report, redactor};
    if (!facts.error.empty()) std::cout << "note: " << sanitizeUtf8(redactor.apply(facts.error)) << "\n";
    printSummary(std::cout, input, isatty(STDOUT_FILENO));
    bool ok = true;
    if (options.jsonFile) ok &= writeFile(*options.jsonFile, jsonReport(input));
    if (options.junitFile) ok &= writeFile(*options.junitFile, junitReport(input));
    if (options.htmlFile) ok &= writeFile(*options.htmlFile, htmlReport(input));
    if (!ok) std::cerr << "mcp-conformance: could not write a report file\n";
    if (target->origin.scheme == "https") Poco::Net::uninitializeSSL();
    return report.failed() ? 1 : 0;
}
