// mcp-conformance: numbered conformance cases against any MCP server URL.
#include "conformance/cli_options.h"
#include "conformance/reporters.h"
#include "conformance/runner.h"
#include "protocol/bearer.h"

#include <Poco/Net/SSLManager.h>

#include <csignal>
#include <fstream>
#include <iostream>
#include <unistd.h>

using namespace mcpc;

namespace {

bool writeFile(const std::string& path, const std::string& content) {
    std::ofstream out(path, std::ios::binary);
    out << content;
    return static_cast<bool>(out);
}

void registerSecrets(const CliOptions& options, const Target& target, Redactor& redactor) {
    auto credential = [&](const std::optional<std::string>& auth) {
        if (!auth) return;
        auto parsed = mcp::parseBearerCredentials(*auth);
        if (parsed.ok()) redactor.addSecret(parsed.token);
        auto sp = auth->find(' ');
        if (sp != std::string::npos) {
            auto rest = auth->substr(sp);
            auto start = rest.find_first_not_of(' ');
            if (start != std::string::npos) redactor.addSecret(rest.substr(start));
        } else {
            redactor.addSecret(*auth);
        }
    };
    credential(target.authorization);
    credential(target.authorizationAlt);
    if (options.token) redactor.addSecret(*options.token);
    if (options.tokenAlt) redactor.addSecret(*options.tokenAlt);
    // Values of user headers may be API keys as well.
    for (const auto& h : target.extraHeaders) redactor.addSecret(h.value);
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
    bool tty = isatty(STDERR_FILENO);
    if (tty) std::cerr << "probing " << redactor.apply(target->url()) << " ..." << std::flush;
    auto facts = discoverFacts(http, *target);
    if (tty) std::cerr << "\r\033[K" << std::flush;
    if (facts.unreachable) {
        std::cerr << "mcp-conformance: cannot reach the target: " << redactor.apply(facts.error) << "\n";
        return 3;
    }
    run.onCaseDone = [&](const CaseResult& result, std::size_t done, std::size_t total) {
        if (options.trace) printTrace(std::cout, result, *target, result.redactorOr(redactor));
        printProgress(std::cerr, result, done, total, tty);
    };
    auto report = runCases(cases, *target, facts.facts, http, redactor, run);
    if (tty) std::cerr << "\r\033[K" << std::flush;   // clear the progress line
    ReportInput input{*target, facts.facts, report, redactor};
    if (!facts.error.empty()) std::cout << "note: " << redactor.apply(facts.error) << "\n";
    printSummary(std::cout, input, isatty(STDOUT_FILENO));
    bool ok = true;
    if (options.jsonFile) ok &= writeFile(*options.jsonFile, jsonReport(input));
    if (options.junitFile) ok &= writeFile(*options.junitFile, junitReport(input));
    if (options.htmlFile) ok &= writeFile(*options.htmlFile, htmlReport(input));
    if (!ok) std::cerr << "mcp-conformance: could not write a report file\n";
    if (target->origin.scheme == "https") Poco::Net::uninitializeSSL();
    return report.failed() ? 1 : 0;
}
