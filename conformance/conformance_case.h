// A conformance case is data plus one function: id (a row of mcp-requirements.md, with a
// ".suffix" when one row has several cases), level, revisions, transports, the requirement
// sentence, a spec reference, and run(context) -> Outcome. Cases never print and never
// throw out (the runner turns an escaped exception into a harness error).
//
//   catalog.add({.id = "U-PING-1", .level = Level::Must, .revisions = kAllRevisions,
//                .transports = kBothTransports, .requirement = "A ping is answered ...",
//                .specRef = "basic/utilities/ping", .run = [](CaseContext& ctx) { ... }});
#pragma once

#include "conformance/exchange_log.h"
#include "conformance/mcp_client.h"
#include "conformance/target.h"
#include "protocol/protocol_version.h"

#include <functional>
#include <ostream>
#include <map>
#include <set>
#include <string>
#include <vector>

namespace mcp::conformance {

enum class Level { Must, Should, May, Interop, Info };
std::string_view toString(Level level);

// pass: positive evidence the requirement holds. fail: evidence it is broken (graded by level:
// a missed SHOULD is a warning). info: behaviour recorded, nothing graded. skipped: the row
// does not apply to this target. blocked: a precondition failed; the note names the case that
// reports the cause. inconclusive: the case ran but saw nothing it could judge (or ran out of
// its time budget). unsupported: the suite cannot observe this row. harness-error: a bug in
// the suite (counted as failed).
enum class Verdict { Pass, Fail, Warning, Info, Skipped, Blocked, Inconclusive, Unsupported, HarnessError };
std::string_view toString(Verdict verdict);
inline void PrintTo(Verdict verdict, std::ostream* os) { *os << toString(verdict); }

// Revision sets as bit masks over mcp::kAllRevisions.
using RevisionSet = unsigned;
inline constexpr RevisionSet kRev2024 = 1, kRev2025_03 = 2, kRev2025_06 = 4, kRev2025_11 = 8;
inline constexpr RevisionSet kAllRevisions = 15;
inline constexpr RevisionSet kFrom2025_03 = 14, kFrom2025_06 = 12, kOnly2025_11 = 8, kOnly2025_03 = 2;
RevisionSet revisionBit(mcp::Revision revision);
std::string describeRevisions(RevisionSet set);

using TransportSet = unsigned;
inline constexpr TransportSet kLegacy = 1, kStreamable = 2, kBothTransports = 3;

struct Outcome {
    Verdict verdict = Verdict::Pass;
    std::string expected;
    std::string actual;
    std::string note;   // why skipped, or extra context

    static Outcome pass(std::string expected, std::string actual) { return {Verdict::Pass, std::move(expected), std::move(actual), {}}; }
    static Outcome fail(std::string expected, std::string actual) { return {Verdict::Fail, std::move(expected), std::move(actual), {}}; }
    static Outcome warn(std::string expected, std::string actual) { return {Verdict::Warning, std::move(expected), std::move(actual), {}}; }
    static Outcome info(std::string expected, std::string actual) { return {Verdict::Info, std::move(expected), std::move(actual), {}}; }
    static Outcome skip(std::string why) { return {Verdict::Skipped, {}, {}, std::move(why)}; }
    // A precondition failed: `cause` names the case that reports it ("see LC-1").
    static Outcome blocked(std::string why) { return {Verdict::Blocked, {}, {}, std::move(why)}; }
    static Outcome inconclusive(std::string expected, std::string why) { return {Verdict::Inconclusive, std::move(expected), {}, std::move(why)}; }
    static Outcome unsupported(std::string why) { return {Verdict::Unsupported, {}, {}, std::move(why)}; }
    static Outcome harness(std::string why) { return {Verdict::HarnessError, {}, {}, std::move(why)}; }
};

// What the runner learned about the target once, before the cases (shared, read-only).
struct TargetFacts {
    TransportKind transport = TransportKind::StreamableHttp;
    mcp::Revision runRevision = mcp::Revision::V2025_11_25;
    std::map<std::string, std::string> initializeAnswers;   // requested -> answered protocolVersion ("" on failure)
    RevisionSet supportedRevisions = 0;                     // answered exactly as requested
    // The server checks credentials: a request without them, or with a malformed one, is refused
    // (401). Only then do the auth rows apply.
    bool authRequired = false;
    bool acceptsAnyToken = false;    // a random never-issued token was accepted
    // The server publishes MCP authorization discovery (RFC 9728): a 401 names resource_metadata,
    // or a well-known protected resource metadata URL answers 200 with a JSON object.
    bool publishesAuthMetadata = false;
    std::set<std::string> tools;     // names from tools/list
    std::map<std::string, Poco::JSON::Object::Ptr> toolSchemas;   // name -> inputSchema
    std::string probeDetail;
    // An initialize succeeded, or the URL serves an SSE stream: something MCP to grade.
    bool looksLikeMcp = true;
    std::string notMcpDetail;        // what came back instead, when !looksLikeMcp
    bool hasTool(const std::string& name) const { return tools.count(name) > 0; }
};

class CaseContext {
public:
    CaseContext(const Target& target_, const TargetFacts& facts_, HttpExchanger& http_, Redactor& redactor_,
                mcp::Revision revision_)
        : target(target_), facts(facts_), http(http_), redactor(redactor_), revision(revision_) {}

    const Target& target;
    const TargetFacts& facts;
    HttpExchanger& http;          // records into the case's exchange log
    Redactor& redactor;
    const FramingLedger* framing = nullptr;   // every response of the run so far (HF-* cases)
    mcp::Revision revision;       // the revision this case runs at

    TransportKind transport() const { return facts.transport; }
    bool legacy() const { return facts.transport == TransportKind::LegacySse; }
    std::string revisionString() const { return std::string(mcp::toString(revision)); }
    bool revisionAtLeast(mcp::Revision r) const { return static_cast<int>(revision) >= static_cast<int>(r); }

    // Opens a session at this case's revision (unless options say otherwise).
    SessionOpen open(SessionOptions options = {});
    // A request to `pathAndQuery` (default: the user's URL) carrying the user's headers and credentials.
    OutgoingRequest newRequest(const std::string& method, std::optional<std::string> pathAndQuery = std::nullopt,
                           bool withAuthorization = true) const;
    HttpResult fetch(const OutgoingRequest& request, std::size_t maxBytes = 1 << 20);
    // A random b64token of `length` bytes, registered as a secret.
    std::string randomToken(std::size_t length);
    // "Bearer <random>" when the server accepts any token, else the target's credentials.
    std::optional<std::string> freshAuthorization();
    // Registers a secret so it never reaches a report.
    void secret(const std::string& value) { redactor.addSecret(value); }
};

struct CaseDef {
    std::string id;
    Level level = Level::Must;
    RevisionSet revisions = kAllRevisions;
    TransportSet transports = kBothTransports;
    std::string requirement;
    std::string specRef{};
    std::function<Outcome(CaseContext&)> run;
    bool runsLast = false;        // grades what the other cases saw (HF-*): runs after all of them
    // Non-empty when the case never grades its row, only says why (it reports unsupported):
    // `--list` and docs/traceability.md show the reason, so such a row is not mistaken for covered.
    std::string notGraded = {};
};

class CaseCatalog {
public:
    void add(CaseDef def) { cases_.push_back(std::move(def)); }
    const std::vector<CaseDef>& cases() const { return cases_; }
    // The full catalog: every cases_*.cpp registers into it.
    static CaseCatalog full();

private:
    std::vector<CaseDef> cases_;
};

// Registration functions, one per spec area (cases_<area>.cpp).
void addJsonRpcCases(CaseCatalog& catalog);
void addLifecycleCases(CaseCatalog& catalog);
void addUtilityCases(CaseCatalog& catalog);
void addToolCases(CaseCatalog& catalog);
void addLegacySseCases(CaseCatalog& catalog);
void addStreamableHttpCases(CaseCatalog& catalog);
void addSseFormatCases(CaseCatalog& catalog);
void addAuthCases(CaseCatalog& catalog);
void addEchoCases(CaseCatalog& catalog);
void addHttpCases(CaseCatalog& catalog);
void addSecurityCases(CaseCatalog& catalog);
void addHttpFramingCases(CaseCatalog& catalog);

// The row id of a case id: "AB-5.space" -> "AB-5".
std::string rowId(const std::string& caseId);

}  // namespace mcp::conformance
