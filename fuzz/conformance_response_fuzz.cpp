// Fuzz target: the conformance suite's handling of everything a server sends back. A hostile
// server, scripted from fuzz bytes (ScriptedExchanger), answers the requests of one case (or
// of fact discovery); the suite's runner, client transports, SSE and JSON readers and the
// evidence renderers turn that into a verdict. Properties: nothing crashes or hangs, no
// exception escapes a case (the runner would report a harness error), the verdict is one of
// the known ones, and rendering the recorded exchanges never throws.
// Input: a first line naming the case id, or "discover" for fact discovery (any other line
// picks a case by its byte sum, so every case stays reachable and seeds stay readable); one
// byte for the transport, revision and read size; then the server's raw responses, in
// order, separated by kResponseSeparator.
#include "conformance/conformance_case.h"
#include "conformance/runner.h"
#include "fuzz/fuzz_support.h"
#include "fuzz/scripted_exchanger.h"

#include <Poco/Logger.h>

#include <set>
#include <vector>

namespace {

using mcp::fuzz::FuzzInput;
using mcp::fuzz::ScriptedExchanger;

constexpr std::string_view kResponseSeparator = "\n--next-response--\n";
constexpr std::size_t kMaxResponses = 32;

// Cases that poll with sleeps while the server does not say 404 (40 x 25 ms each): correct,
// but they would cost a second per input. Everything else runs.
const std::set<std::string> kPollingCases = {"T-SSE-10", "LC-15"};

const std::vector<const mcp::conformance::CaseDef*>& fuzzableCases() {
    static const mcp::conformance::CaseCatalog catalog = mcp::conformance::CaseCatalog::full();
    static const std::vector<const mcp::conformance::CaseDef*> cases = [] {
        std::vector<const mcp::conformance::CaseDef*> out;
        for (const auto& c : catalog.cases())
            if (!kPollingCases.count(c.id)) out.push_back(&c);
        return out;
    }();
    return cases;
}

const mcp::conformance::CaseDef* pickCase(const std::vector<const mcp::conformance::CaseDef*>& cases, std::string_view line) {
    for (const auto* c : cases)
        if (c->id == line) return c;
    std::size_t sum = 0;
    for (unsigned char ch : line) sum += ch;
    return cases[sum % cases.size()];
}

bool isKnownVerdict(mcp::conformance::Verdict v) {
    switch (v) {
    case mcp::conformance::Verdict::Pass:
    case mcp::conformance::Verdict::Fail:
    case mcp::conformance::Verdict::Warning:
    case mcp::conformance::Verdict::Info:
    case mcp::conformance::Verdict::Skipped:
    case mcp::conformance::Verdict::Blocked:
    case mcp::conformance::Verdict::Inconclusive:
    case mcp::conformance::Verdict::Unsupported:
    case mcp::conformance::Verdict::HarnessError: return true;
    }
    return false;
}

mcp::conformance::TargetFacts factsFor(std::uint8_t flags) {
    mcp::conformance::TargetFacts facts;
    facts.transport = (flags & 1) ? mcp::conformance::TransportKind::LegacySse : mcp::conformance::TransportKind::StreamableHttp;
    facts.runRevision = mcp::kAllRevisions[(flags >> 1) % mcp::kAllRevisions.size()];
    facts.supportedRevisions = mcp::conformance::kAllRevisions;
    facts.authRequired = true;
    facts.tools = {"add", "getToken", "stream"};
    return facts;
}

void checkEvidenceRenders(const mcp::conformance::CaseResult& result, const mcp::conformance::Target& target, const mcp::conformance::Redactor& redactor) {
    for (const auto& exchange : result.exchanges) {
        (void)mcp::conformance::renderRequest(exchange, redactor);
        (void)mcp::conformance::renderResponse(exchange, redactor);
        (void)mcp::conformance::curlCommand(exchange, target, redactor);
    }
}

void runOneCase(const mcp::conformance::CaseDef& def, std::uint8_t flags, const mcp::conformance::Target& target, ScriptedExchanger& http,
                mcp::conformance::Redactor& redactor) {
    mcp::conformance::RunOptions options;
    options.jobs = 1;
    auto report = mcp::conformance::runCases({&def}, target, factsFor(flags), http, redactor, options);
    FUZZ_CHECK(report.results.size() == 1, "the runner lost the case");
    const auto& result = report.results[0];
    FUZZ_CHECK(isKnownVerdict(result.outcome.verdict) && isKnownVerdict(result.verdict), "an unknown verdict");
    bool escaped = result.outcome.verdict == mcp::conformance::Verdict::HarnessError &&
                   (result.outcome.note.rfind("exception in the case", 0) == 0 ||
                    result.outcome.note.rfind("unknown exception", 0) == 0);
    if (escaped) std::fprintf(stderr, "case %s: %s\n", def.id.c_str(), result.outcome.note.c_str());
    FUZZ_CHECK(!escaped, "an exception escaped a case");
    checkEvidenceRenders(result, target, redactor);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const bool quiet = (Poco::Logger::root().setLevel("none"), true);
    (void)quiet;
    FuzzInput in(data, size);
    std::string_view caseLine = in.takeUntil("\n");
    std::uint8_t flags = in.takeByte();
    std::vector<std::string> responses;
    while (!in.empty() && responses.size() < kMaxResponses) responses.emplace_back(in.takeUntil(kResponseSeparator));

    auto target = mcp::conformance::Target::fromUrl("http://127.0.0.1:8787/mcp");
    FUZZ_CHECK(target.has_value(), "the built-in target URL does not parse");
    target->authorization = "Bearer fuzz-token-0123456789";
    target->timeout = mcp::conformance::milliseconds(100);
    mcp::conformance::Redactor redactor;
    redactor.addSecret("fuzz-token-0123456789");
    ScriptedExchanger http(std::move(responses), 1 + (flags >> 3) % 32 * 8);

    const auto& cases = fuzzableCases();
    if (cases.empty()) return 0;
    if (caseLine == "discover") {
        target->transport = mcp::conformance::TransportKind::Auto;
        auto facts = mcp::conformance::discoverFacts(http, *target);
        FUZZ_CHECK(!facts.unreachable || !facts.error.empty(), "unreachable without a reason");
        return 0;
    }
    runOneCase(*pickCase(cases, caseLine), flags, *target, http, redactor);
    return 0;
}
