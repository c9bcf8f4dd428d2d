// Case model helpers: names, revision sets, the case context and the catalog assembly.
#include "conformance/conformance_case.h"

#include "protocol/bearer.h"

#include <random>

namespace mcp::conformance {

std::string_view toString(Level level) {
    switch (level) {
    case Level::Must: return "MUST";
    case Level::Should: return "SHOULD";
    case Level::May: return "MAY";
    case Level::Interop: return "INTEROP";
    case Level::Info: return "INFO";
    }
    return "?";
}

std::string_view toString(Verdict verdict) {
    switch (verdict) {
    case Verdict::Pass: return "pass";
    case Verdict::Fail: return "fail";
    case Verdict::Warning: return "warning";
    case Verdict::Info: return "info";
    case Verdict::Skipped: return "skipped";
    case Verdict::Blocked: return "blocked";
    case Verdict::Inconclusive: return "inconclusive";
    case Verdict::Unsupported: return "unsupported";
    case Verdict::HarnessError: return "harness-error";
    }
    return "?";
}

RevisionSet revisionBit(mcp::Revision revision) { return 1u << static_cast<unsigned>(revision); }

std::string describeRevisions(RevisionSet set) {
    if (set == kAllRevisions) return "all";
    std::string out;
    for (auto r : mcp::kAllRevisions) {
        if (!(set & revisionBit(r))) continue;
        if (!out.empty()) out += ",";
        out += mcp::toString(r);
    }
    return out;
}

std::string rowId(const std::string& caseId) { return caseId.substr(0, caseId.find('.')); }

SessionOpen CaseContext::open(SessionOptions options) {
    if (options.protocolVersion.empty()) options.protocolVersion = revisionString();
    return openSession(http, target, facts.transport, options);
}

OutgoingRequest CaseContext::newRequest(const std::string& method, std::optional<std::string> pathAndQuery,
                                    bool withAuthorization) const {
    OutgoingRequest request;
    request.method = method;
    request.target = pathAndQuery.value_or(target.pathAndQuery());
    request.headers = target.extraHeaders;
    if (withAuthorization && target.authorization) request.headers.push_back({"Authorization", *target.authorization});
    return request;
}

HttpResult CaseContext::fetch(const OutgoingRequest& request, std::size_t maxBytes) {
    return fetchAll(http, request, target.timeout, maxBytes);
}

std::string CaseContext::randomToken(std::size_t length) {
    static const char kChars[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~+/";
    thread_local std::mt19937_64 rng{std::random_device{}()};
    std::uniform_int_distribution<std::size_t> pick(0, sizeof(kChars) - 2);
    std::string token;
    for (std::size_t i = 0; i < length; ++i) token += kChars[pick(rng)];
    secret(token);
    return token;
}

std::optional<std::string> CaseContext::freshAuthorization() {
    if (facts.acceptsAnyToken) return "Bearer " + randomToken(32);
    return target.authorization;
}

CaseCatalog CaseCatalog::full() {
    CaseCatalog catalog;
    addJsonRpcCases(catalog);
    addLifecycleCases(catalog);
    addUtilityCases(catalog);
    addToolCases(catalog);
    addLegacySseCases(catalog);
    addStreamableHttpCases(catalog);
    addSseFormatCases(catalog);
    addAuthCases(catalog);
    addEchoCases(catalog);
    addHttpCases(catalog);
    addSecurityCases(catalog);
    addHttpFramingCases(catalog);
    return catalog;
}

}  // namespace mcp::conformance
