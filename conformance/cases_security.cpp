// Security-practice rows (SEC-1 .. SEC-6), most of which restate other rows: they reuse those
// cases' checks under their own ids. And the schema row SC-1 (structural checks of every
// captured server message against the JSON-RPC/MCP shapes).
#include "conformance/case_helpers.h"
#include "conformance/fixture_tools.h"

#include "protocol/json_rpc.h"

namespace mcp::conformance {
namespace {

const char* kSpec = "security best practices";

const CaseDef* find(const CaseCatalog& catalog, const std::string& id) {
    for (const auto& c : catalog.cases())
        if (c.id == id) return &c;
    return nullptr;
}

}  // namespace

void addSecurityCases(CaseCatalog& catalog) {
    struct Alias {
        std::string id, of;
        Level level;
        RevisionSet revisions;
        std::string requirement;
    };
    const std::vector<Alias> aliases = {
        {"SEC-1", "AU-6", Level::Must, kFrom2025_06, "Every inbound request is verified; sessions are never authentication (same as AU-6)."},
        {"SEC-2", "T-SH-36", Level::Must, kFrom2025_06, "Session ids are secure and non-deterministic (same as T-SH-36)."},
        {"SEC-3", "T-SH-42", Level::Should, kFrom2025_06, "Session state is keyed to the user as well (same as T-SH-42)."},
        {"SEC-4", "TL-12", Level::Must, kAllRevisions, "Tools get input validation (same as TL-12)."},
        {"SEC-5", "U-LOG-6", Level::Must, kAllRevisions, "No secrets appear in log messages (same as U-LOG-6)."},
    };
    for (const auto& a : aliases) {
        const auto* original = find(catalog, a.of);
        if (!original) continue;
        catalog.add({a.id, a.level, a.revisions, original->transports, a.requirement, kSpec, original->run});
    }

    // Rows a black-box run cannot observe within a conformance run: listed so the catalog and
    // the report say why, instead of silently leaving them out.
    struct NotObservable {
        std::string id;
        Level level;
        RevisionSet revisions;
        TransportSet transports;
        std::string requirement, why;
    };
    const std::vector<NotObservable> notObservable = {
        {"T-SSE-14", Level::Should, kAllRevisions, kLegacy, "A local server binds to 127.0.0.1 only.", "needs a connection from a non-loopback interface"},
        {"T-SH-4", Level::Should, kFrom2025_03, kStreamable, "A local server binds to 127.0.0.1.", "needs a connection from a non-loopback interface"},
        {"T-SSE-18", Level::Should, kAllRevisions, kLegacy, "Idle streams carry keep-alive comments about every 15 s.", "needs 40 s of idle observation"},
        {"EV-9", Level::Should, kAllRevisions, kBothTransports, "Idle streams get a keep-alive comment about every 15 s.", "needs 40 s of idle observation"},
        {"T-SH-14", Level::Should, kFrom2025_03 & ~kOnly2025_11, kStreamable, "The POST stream stays open until the response.", "needs the slow fixture (5 s)"},
        {"T-SH-18", Level::Should, kFrom2025_03, kStreamable, "A client disconnect is not a cancellation.", "needs the slow_side_effect fixture"},
        {"T-SH-24", Level::May, kFrom2025_03, kStreamable, "The server may close the GET stream; from 2025-11-25 with retry.", "needs a server-initiated close"},
        {"T-SH-29", Level::Should, kOnly2025_11, kStreamable, "An event id encodes its stream.", "shown indirectly by T-SH-30/T-SH-32"},
        {"AU-14", Level::Must, kFrom2025_06, kBothTransports, "The client's token is never passed upstream.", "needs the upstream_call fixture and a mock upstream"},
        {"AU-17", Level::Must, kFrom2025_03, kBothTransports, "A co-hosted authorization server uses HTTPS endpoints.", "only when the AS is co-hosted"},
        {"AU-18", Level::Should, kOnly2025_11, kBothTransports, "Insufficient scope gets 403 with an insufficient_scope challenge.", "needs a low-scope token and admin_tool"},
        {"AU-19", Level::Should, kOnly2025_03, kBothTransports, "Token expiry and rotation are enforced.", "needs an expired-token fixture"},
        {"AU-21", Level::May, kAllRevisions, kBothTransports, "A stream may be closed when its token expires.", "needs an expiring token"},
        {"AB-13", Level::May, kFrom2025_03, kBothTransports, "The form-body access_token method is optional.", "INFO only: MCP POST bodies are JSON"},
    };
    for (const auto& n : notObservable)
        catalog.add({n.id, n.level, n.revisions, n.transports, n.requirement, "mcp-requirements.md",
                     [why = n.why](CaseContext&) { return Outcome::unsupported(why); }, false, n.why});

    catalog.add({"SEC-6", Level::Should, kFrom2025_06, kBothTransports,
                 "A local HTTP server requires an authorization token.", kSpec, [](CaseContext& ctx) {
                     const auto& host = ctx.target.origin.host;
                     if (host != "127.0.0.1" && host != "localhost" && host != "::1") return Outcome::skip("not a local server");
                     if (ctx.facts.authRequired) return Outcome::pass("credentials required", "401 without a token");
                     return Outcome::fail("credentials required", "the local server serves requests without credentials");
                 }});

    catalog.add({"SC-1", Level::Must, kAllRevisions, kBothTransports,
                 "Every server message has the JSON-RPC message shape and the result shape of its method.", "schema/<rev>/schema.ts",
                 [](CaseContext& ctx) {
                     auto opened = ctx.open();
                     if (!opened.session) return noSession(ctx, opened);
                     auto& s = *opened.session;
                     auto init = s.initializeResult;
                     if (!isStringMember(init, "protocolVersion") || !isObjectMember(init, "capabilities") || !isObjectMember(init, "serverInfo"))
                         return Outcome::fail("InitializeResult shape", excerpt(jsonText(init), 300));
                     auto list = s.request("tools/list");
                     // A server that offers no tools may refuse tools/list; a result must have the shape.
                     if (list.response && list.response->isResult() && !isArrayMember(list.response->result(), "tools"))
                         return Outcome::fail("ListToolsResult shape", describeAnswer(list));
                     if (auto fixture = knownGoodCall(ctx)) {
                         auto call = callFixtureTool(s, *fixture);
                         if (call.response && call.response->isResult() && !isArrayMember(call.response->result(), "content"))
                             return Outcome::fail("CallToolResult shape", describeAnswer(call));
                     }
                     s.request("no/such_method");
                     for (const auto& m : s.transcript) {
                         auto item = m.object ? mcp::validateJsonRpcValue(Poco::Dynamic::Var(m.object)) : mcp::DecodedItem{};
                         if (!item.message) return Outcome::fail("every message is a JSONRPCMessage", excerpt(m.text, 300));
                         if (item.message->kind == mcp::MessageKind::Error && !m.object->has("id") && ctx.revision != mcp::Revision::V2025_11_25)
                             return Outcome::fail("error responses carry an id before 2025-11-25", excerpt(m.text, 300));
                     }
                     return Outcome::pass("schema-shaped messages", std::to_string(s.transcript.size()) + " messages");
                 }});
}

}  // namespace mcp::conformance
