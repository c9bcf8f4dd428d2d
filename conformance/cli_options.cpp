// Option parsing, environment expansion and --help for mcp-conformance.
#include "conformance/cli_options.h"

#include "protocol/bearer.h"

#include <cstdlib>

namespace mcp::conformance {

std::string helpText() {
    return R"(Usage: mcp-conformance --url URL [options]

Runs numbered conformance cases (ids from mcp-requirements.md) against an MCP server reached
over HTTP with a bearer token, and reports, case by case, where it breaks the protocol, the
transport, or the bearer-auth and header-echo contract.

Target:
  --url URL               the server's legacy SSE URL (http://127.0.0.1:8787/sse) or its
                          Streamable HTTP URL (.../mcp); http:// or https://
  --transport T           auto (default), sse or streamable-http. auto probes as the spec's
                          backwards-compatibility section says: POST initialize, and on a 4xx
                          GET the URL and expect an `endpoint` event
  --header 'Name: value'  extra request header, repeatable; ${ENV} is expanded. An
                          Authorization header here is used as the credentials; values of
                          headers whose name mentions auth, key, token, secret, cookie,
                          session or password are redacted like tokens
  --token T               shorthand for --header 'Authorization: Bearer T' (${ENV} expanded)
  --token-alt T2          a second valid token, for cases that need two identities
  --cacert FILE           PEM CA bundle to verify an https server with
  --insecure              do not verify the https server's certificate
  --timeout SECONDS       deadline of one exchange or stream wait (default 5); a case
                          concludes "nothing arrived" only after this full wait or a fence
  --case-timeout SECONDS  overall budget of one case, every exchange and retry included
                          (default: the larger of 60 and 8 x --timeout); a case that runs out
                          is inconclusive
  --max-time SECONDS      budget of the whole run (default 1800); cases not started by then
                          are skipped

Selection:
  --spec-version REV      run at this revision (2024-11-05, 2025-03-26, 2025-06-18,
                          2025-11-25); default: the newest the server negotiates, with
                          revision-specific cases run at their own revision when supported
  --strict                SHOULD-level cases count as failures instead of warnings
  --filter PATTERN        only these cases: comma-separated ids or prefixes (AB-5, ECHO-),
                          * and ? wildcards (T-SH-4*)
  --list                  print the catalog (id, level, revisions, transport, requirement);
                          "[not graded: why]" ends the line of a case that only reports unsupported
  --jobs N                run N independent cases in parallel (default 4)
  --expected-failures F   baseline file of case ids expected to fail, one per line (# comments);
                          the run fails on a new failure and on a stale entry (a listed case
                          that now passes)

Reports (tokens are redacted in every output):
  --json FILE             every case with verdict, expected, actual and the wire exchange
  --junit FILE            JUnit XML
  --html FILE             a self-contained HTML page
  --trace                 print every HTTP exchange of every case
  --help                  this text

Comparison (no run):
  --compare A.json B.json [...]
                          which cases changed verdict between JSON reports (of one server over
                          time, or of several servers); printed, and written with --json /
                          --html FILE. Exit 0 when no case changed, 1 when some did

Verdicts: pass (positive evidence), fail (a MUST broken), warning (a SHOULD, interop or
ambiguous row missed), info (behaviour recorded), skipped (not applicable to this target),
blocked (a precondition failed; the note names the case that reports it), inconclusive
(nothing observed that could be judged), unsupported, harness-error. Every failure shows
Requirement / Expected / Actual and a curl command that reproduces it (export MCP_TOKEN /
MCP_TOKEN_ALT to run it). Tokens of any length are redacted everywhere.

Exit status: 0 no case failed, 1 a case failed (or a stale baseline entry), 2 bad usage,
3 the target cannot be reached, or does not answer as an MCP server (nothing to grade).
)";
}

std::string expandEnv(const std::string& text) {
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text.compare(i, 3, "$${") == 0) {
            out += "${";
            i += 2;
            continue;
        }
        if (text.compare(i, 2, "${") == 0) {
            auto close = text.find('}', i + 2);
            if (close != std::string::npos) {
                auto name = text.substr(i + 2, close - i - 2);
                if (const char* value = std::getenv(name.c_str())) out += value;
                i = close;
                continue;
            }
        }
        out += text[i];
    }
    return out;
}

CliParse parseCommandLine(const std::vector<std::string>& args) {
    CliParse out;
    CliOptions o;
    auto need = [&](std::size_t& i, const std::string& name) -> std::optional<std::string> {
        if (i + 1 >= args.size()) {
            out.error = name + " needs a value";
            return std::nullopt;
        }
        return args[++i];
    };
    for (std::size_t i = 0; i < args.size(); ++i) {
        std::string a = args[i];
        std::optional<std::string> inlineValue;
        if (a.rfind("--", 0) == 0) {
            auto eq = a.find('=');
            if (eq != std::string::npos) {
                inlineValue = a.substr(eq + 1);
                a = a.substr(0, eq);
            }
        }
        auto value = [&]() -> std::optional<std::string> {
            if (inlineValue) return inlineValue;
            return need(i, a);
        };
        if (a == "--help" || a == "-h") o.help = true;
        else if (a == "--url") { auto v = value(); if (!v) return out; o.url = *v; }
        else if (a == "--transport") {
            auto v = value(); if (!v) return out;
            auto kind = mcp::parseTransportKind(*v);
            if (!kind) { out.error = "--transport must be auto, sse or streamable-http"; return out; }
            o.transport = *kind;
        }
        else if (a == "--header") {
            auto v = value(); if (!v) return out;
            auto expanded = expandEnv(*v);
            auto colon = expanded.find(':');
            if (colon == std::string::npos || colon == 0) { out.error = "--header needs 'Name: value'"; return out; }
            o.headerLines.push_back(expanded);
        }
        else if (a == "--token") { auto v = value(); if (!v) return out; o.token = expandEnv(*v); }
        else if (a == "--token-alt") { auto v = value(); if (!v) return out; o.tokenAlt = expandEnv(*v); }
        else if (a == "--cacert") { auto v = value(); if (!v) return out; o.caFile = *v; }
        else if (a == "--insecure") o.insecure = true;
        else if (a == "--spec-version") {
            auto v = value(); if (!v) return out;
            o.specVersion = mcp::parseRevision(*v);
            if (!o.specVersion) { out.error = "unknown --spec-version " + *v; return out; }
        }
        else if (a == "--strict") o.strict = true;
        else if (a == "--filter") { auto v = value(); if (!v) return out; o.filter = *v; }
        else if (a == "--list") o.list = true;
        else if (a == "--timeout") {
            auto v = value(); if (!v) return out;
            try { o.timeoutSeconds = std::stod(*v); } catch (...) { o.timeoutSeconds = -1; }
            if (!(o.timeoutSeconds > 0 && o.timeoutSeconds <= 600)) { out.error = "--timeout must be a number of seconds in (0, 600]"; return out; }
        }
        else if (a == "--case-timeout" || a == "--max-time") {
            auto v = value(); if (!v) return out;
            double seconds = -1;
            try { seconds = std::stod(*v); } catch (...) {}
            if (!(seconds > 0 && seconds <= 86400)) { out.error = a + " must be a number of seconds in (0, 86400]"; return out; }
            if (a == "--case-timeout") o.caseTimeoutSeconds = seconds;
            else o.maxTimeSeconds = seconds;
        }
        else if (a == "--jobs") {
            auto v = value(); if (!v) return out;
            try { o.jobs = std::stoi(*v); } catch (...) { o.jobs = 0; }
            if (o.jobs < 1 || o.jobs > 64) { out.error = "--jobs must be between 1 and 64"; return out; }
        }
        else if (a == "--expected-failures") { auto v = value(); if (!v) return out; o.expectedFailures = *v; }
        else if (a == "--json") { auto v = value(); if (!v) return out; o.jsonFile = *v; }
        else if (a == "--junit") { auto v = value(); if (!v) return out; o.junitFile = *v; }
        else if (a == "--html") { auto v = value(); if (!v) return out; o.htmlFile = *v; }
        else if (a == "--trace") o.trace = true;
        else if (a == "--compare") {
            while (i + 1 < args.size() && args[i + 1].rfind("--", 0) != 0) o.compareFiles.push_back(args[++i]);
            if (o.compareFiles.size() < 2) { out.error = "--compare needs at least two JSON reports"; return out; }
        }
        else { out.error = "unknown argument " + a; return out; }
    }
    if (!o.help && !o.list && o.compareFiles.empty() && o.url.empty()) {
        out.error = "--url is required";
        return out;
    }
    out.options = o;
    return out;
}

std::optional<Target> makeTarget(const CliOptions& o, std::string& error) {
    auto target = Target::fromUrl(o.url, &error);
    if (!target) return std::nullopt;
    target->transport = o.transport;
    target->tls = {o.caFile, o.insecure};
    target->timeout = milliseconds(static_cast<long long>(o.timeoutSeconds * 1000));
    target->specVersion = o.specVersion;
    for (const auto& line : o.headerLines) {
        auto colon = line.find(':');
        auto name = line.substr(0, colon);
        auto value = line.substr(colon + 1);
        auto start = value.find_first_not_of(" \t");
        value = start == std::string::npos ? "" : value.substr(start);
        if (equalsIgnoreCase(name, "Authorization")) target->authorization = value;
        else target->extraHeaders.push_back({name, value});
    }
    if (o.token) target->authorization = "Bearer " + *o.token;
    if (o.tokenAlt) target->authorizationAlt = "Bearer " + *o.tokenAlt;
    return target;
}

}  // namespace mcp::conformance
