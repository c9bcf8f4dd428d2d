// Routing and the checks every request passes before a transport sees it.
#include "reference-server/mcp_http_handler.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/URI.h>

#include <algorithm>

namespace mcp::server {
namespace {

constexpr std::string_view kMetadataPrefix = "/.well-known/oauth-protected-resource";

bool isLoopbackName(std::string_view host) {
    return host == "127.0.0.1" || host == "localhost" || host == "[::1]";
}

// "name[:port]" -> name (keeps IPv6 brackets).
std::string_view hostName(std::string_view authority) {
    if (!authority.empty() && authority.front() == '[') return authority.substr(0, authority.find(']') + 1);
    return authority.substr(0, authority.find(':'));
}

HttpResponse methodNotAllowed(std::string allow) {
    HttpResponse r = jsonRpcErrorResponse(405, -32000, "Method not allowed");
    r.headers.add("Allow", std::move(allow));
    return r;
}

std::string htmlEscape(std::string_view text) {
    std::string out;
    for (char c : text) {
        switch (c) {
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '&': out += "&amp;"; break;
            case '"': out += "&quot;"; break;
            default: out += c;
        }
    }
    return out;
}

}  // namespace

McpHttpHandler::McpHttpHandler(ServerContext& context) : context_(context), legacy_(context), streamable_(context) {}

std::optional<HttpResponse> McpHttpHandler::handleWithoutWaiting(const HttpRequest& request) {
    NoWaitingScope noWaiting;
    try {
        return handle(request);
    } catch (const WouldWait&) {
        return std::nullopt;
    }
}

HttpResponse McpHttpHandler::handle(const HttpRequest& request) {
    try {
        return route(request);
    } catch (const WouldWait&) {
        throw;  // handleWithoutWaiting() hands the request on
    } catch (const std::exception& e) {
        context_.logger.error("internal error on %s %s: %s", request.method, request.path, std::string(e.what()));
        return jsonRpcErrorResponse(500, kInternalError, "Internal error");
    } catch (...) {
        context_.logger.error("internal error on %s %s", request.method, request.path);
        return jsonRpcErrorResponse(500, kInternalError, "Internal error");
    }
}

HttpResponse McpHttpHandler::metrics(const HttpRequest& request) const {
    if (request.method != "GET") return methodNotAllowed("GET");
    if (!request.peerLoopback && !context_.config.metricsFromAnyAddress)
        return jsonRpcErrorResponse(403, -32000, "GET /metrics is served to loopback clients only (see --metrics-from-any-address)");
    ServerMetrics::SessionCounts sessions{context_.sessions.count(TransportKind::LegacySse),
                                          context_.sessions.count(TransportKind::StreamableHttp)};
    return HttpResponse::text(200, context_.metrics.render(sessions), "text/plain; version=0.0.4; charset=utf-8");
}

bool McpHttpHandler::hostAllowed(const HttpRequest& request) const {
    // T-SH-3: a server bound to loopback refuses other Host names (DNS rebinding).
    if (!isLoopbackName(context_.config.host)) return true;
    auto host = request.headers.get("Host");
    if (!host) return true;  // HTTP/1.0 without Host
    std::string_view name = hostName(*host);
    return isLoopbackName(name) || context_.baseUrl.find("://" + std::string(*host)) != std::string::npos;
}

bool McpHttpHandler::originAllowed(std::string_view origin) const {
    const auto& allowed = context_.config.allowedOrigins;
    if (std::find(allowed.begin(), allowed.end(), origin) != allowed.end()) return true;
    if (origin == context_.baseUrl) return true;
    // Pages served from this machine (e.g. the MCP Inspector) may connect.
    for (std::string_view scheme : {"http://", "https://"}) {
        if (origin.substr(0, scheme.size()) != scheme) continue;
        std::string_view authority = origin.substr(scheme.size());
        if (authority.find('/') != std::string_view::npos) return false;
        return isLoopbackName(hostName(authority));
    }
    return false;
}

HttpResponse McpHttpHandler::route(const HttpRequest& request) {
    if (!hostAllowed(request)) return jsonRpcErrorResponse(403, -32000, "Host not allowed");
    auto origin = request.headers.get("Origin");
    if (origin && !originAllowed(*origin)) return jsonRpcErrorResponse(403, -32000, "Origin not allowed");

    const std::string& path = request.path;
    bool mcpEndpoint = path == "/mcp" || path == "/sse" || path == "/sse/message";
    HttpResponse response;
    if (request.method == "OPTIONS" && mcpEndpoint) {
        response.status = 204;
        response.headers.add("Access-Control-Allow-Methods", "GET, POST, DELETE, OPTIONS");
        response.headers.add("Access-Control-Allow-Headers",
                             "Authorization, Content-Type, Accept, Mcp-Session-Id, MCP-Protocol-Version, Last-Event-ID");
        response.headers.add("Access-Control-Max-Age", "86400");
    } else if (path == "/") {
        response = request.method == "GET" ? landingPage() : methodNotAllowed("GET");
    } else if (path == "/metrics") {
        response = metrics(request);
    } else if (path.rfind(kMetadataPrefix, 0) == 0) {
        std::string resource = path.substr(kMetadataPrefix.size());
        if (resource != "" && resource != "/mcp" && resource != "/sse") return jsonRpcErrorResponse(404, -32000, "Not found");
        response = request.method == "GET" ? resourceMetadata(resource) : methodNotAllowed("GET");
    } else if (mcpEndpoint) {
        std::string resource = path == "/mcp" ? "/mcp" : "/sse";
        AuthOutcome auth = context_.auth->check(request, resource);
        if (!auth.ok) {
            response = std::move(auth.rejection);
        } else if (path == "/sse") {
            response = request.method == "GET" ? legacy_.openStream(request, auth) : methodNotAllowed("GET, OPTIONS");
        } else if (path == "/sse/message") {
            response = request.method == "POST" ? legacy_.postMessage(request, auth) : methodNotAllowed("POST, OPTIONS");
        } else if (request.method == "POST") {
            response = streamable_.post(request, auth);
        } else if (request.method == "GET") {
            response = streamable_.get(request, auth);
        } else if (request.method == "DELETE") {
            response = streamable_.remove(request, auth);
        } else {
            response = methodNotAllowed("GET, POST, DELETE, OPTIONS");
        }
    } else {
        return jsonRpcErrorResponse(404, -32000, "Not found");
    }
    if (origin) {
        response.headers.add("Access-Control-Allow-Origin", std::string(*origin));
        response.headers.add("Access-Control-Expose-Headers", "Mcp-Session-Id, WWW-Authenticate");
        response.headers.add("Vary", "Origin");
    }
    return response;
}

HttpResponse McpHttpHandler::resourceMetadata(const std::string& resourcePath) const {
    Poco::JSON::Object::Ptr doc = new Poco::JSON::Object();
    doc->set("resource", context_.baseUrl + resourcePath);
    Poco::JSON::Array::Ptr servers = new Poco::JSON::Array();
    for (const auto& s : context_.config.authorizationServers) servers->add(s);
    if (servers->size() == 0) servers->add(context_.baseUrl);
    doc->set("authorization_servers", servers);
    Poco::JSON::Array::Ptr methods = new Poco::JSON::Array();
    methods->add("header");
    doc->set("bearer_methods_supported", methods);
    doc->set("resource_name", "mcp-reference-server");
    return HttpResponse::json(200, toJsonText(doc));
}

// Name and description of each catalog entry, as HTML list items.
template <typename Entries>
std::string listItems(const Entries& entries, const char* key) {
    std::string out;
    for (const auto& e : entries)
        out += "<li><code>" + htmlEscape(e.definition->template getValue<std::string>(key)) + "</code>: " +
               htmlEscape(e.definition->template optValue<std::string>("description", "")) + "</li>\n";
    return out;
}

HttpResponse McpHttpHandler::landingPage() const {
    std::string base = htmlEscape(context_.baseUrl);
    const McpCatalog& catalog = context_.server.catalog();
    std::vector<Tool> listed;
    for (const auto& tool : catalog.tools)
        if (tool.listedAtStart) listed.push_back(tool);
    std::string auth = context_.config.noAuth
        ? R"(<p id="no-auth" class="warning"><strong>NO AUTHENTICATION.</strong> This server was started with
<code>--no-auth</code>: it serves every request without a bearer token, to anyone who can reach it.
It only listens on loopback (<code>)" + htmlEscape(context_.config.host) + R"(</code>).</p>)"
        : R"(<p>A reference MCP server with bearer-token authentication. Every MCP request needs an
<code>Authorization: Bearer &lt;token&gt;</code> header; without one the server answers <code>401</code>.</p>)";
    std::string fixtures;
    if (context_.config.conformanceFixtures) {
        fixtures = "<h2>Conformance fixtures (<code>--fixtures conformance</code>)</h2>\n<p>Resources:</p><ul>\n" +
                   listItems(catalog.resources, "uri") + listItems(catalog.resourceTemplates, "uriTemplate") +
                   "</ul>\n<p>Prompts (with <code>completion/complete</code> for their arguments):</p><ul>\n" +
                   listItems(catalog.prompts, "name") + "</ul>\n";
    }
    std::string html = R"(<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>mcp-reference-server</title><link rel="icon" href="data:,">
<style>body{font-family:system-ui,sans-serif;max-width:50rem;margin:2rem auto;padding:0 1rem;line-height:1.5}
code,pre{background:#f4f4f4;padding:.1rem .3rem;border-radius:4px}pre{padding:.8rem;overflow:auto}
.warning{background:#fdecea;border:2px solid #b3261e;color:#6b1410;padding:.8rem;border-radius:6px}</style></head>
<body><h1>mcp-reference-server</h1>
)" + auth + R"(
<ul><li>Legacy HTTP+SSE (2024-11-05): <code>)" + base + R"(/sse</code></li>
<li>Streamable HTTP (2025-03-26 and later): <code>)" + base + R"(/mcp</code></li>
<li>Protected resource metadata: <code>)" + base + R"(/.well-known/oauth-protected-resource</code></li></ul>
<h2>Tools</h2>
<ul id="tools">
)" + listItems(listed, "name") + R"(</ul>
<p><code>getToken</code> returns exactly <code>User's token: &lt;the Authorization header value this session was opened with&gt;</code>.</p>
)" + fixtures + R"(<p>Server figures in the Prometheus text format: <code>)" + base + R"(/metrics</code> (from this machine only).</p>
<h2>MCP Inspector</h2>
<pre>npx @modelcontextprotocol/inspector</pre>
<p>Choose transport SSE with URL <code>)" + base + R"(/sse</code> (or Streamable HTTP with <code>)" + base +
                       R"(/mcp</code>), and add the header <code>Authorization: Bearer &lt;token&gt;</code>.</p>
<h2>mcp-remote</h2>
<pre>npx mcp-remote )" + base + R"(/sse --header "Authorization: Bearer ${AUTH_TOKEN}"</pre>
<h2>Claude Desktop</h2>
<pre>{
  "mcpServers": {
    "reference": {
      "command": "npx",
      "args": ["mcp-remote", ")" + base + R"(/sse", "--header", "Authorization:${AUTH_HEADER}"],
      "env": {"AUTH_HEADER": "Bearer &lt;token&gt;"}
    }
  }
}</pre>
</body></html>
)";
    return HttpResponse::text(200, std::move(html), "text/html; charset=utf-8");
}

}  // namespace mcp::server
