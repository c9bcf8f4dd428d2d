// Command-line options of mcp-conformance: a small hand-written parser (so every error is a
// clear "bad usage" with exit code 2) and the --help text that documents every option.
#pragma once

#include "conformance/target.h"

#include <optional>
#include <string>
#include <vector>

namespace mcp::conformance {

struct CliOptions {
    std::string url;
    TransportKind transport = TransportKind::Auto;
    std::vector<std::string> headerLines;   // "Name: value", ${ENV} already expanded
    std::optional<std::string> token, tokenAlt;
    std::string caFile;
    bool insecure = false;
    std::optional<mcp::Revision> specVersion;
    bool strict = false;
    std::string filter;
    bool list = false;
    double timeoutSeconds = 5;
    std::optional<double> caseTimeoutSeconds;   // default: max(60, 8 x timeout)
    double maxTimeSeconds = 1800;               // the whole run
    int jobs = 4;
    std::optional<std::string> expectedFailures, jsonFile, junitFile, htmlFile;
    bool trace = false;
    std::vector<std::string> compareFiles;      // --compare A.json B.json [...]: no run, a comparison
    bool help = false;
};

struct CliParse {
    std::optional<CliOptions> options;   // null on bad usage
    std::string error;
};

CliParse parseCommandLine(const std::vector<std::string>& args);
std::string helpText();
// Expands ${NAME} from the environment (unset -> empty); "$${" stays literal "${".
std::string expandEnv(const std::string& text);
// Builds the Target the options describe; nullopt with a reason on bad input.
std::optional<Target> makeTarget(const CliOptions& options, std::string& error);

}  // namespace mcp::conformance
