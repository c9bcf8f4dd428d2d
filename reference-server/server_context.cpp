// Helpers shared by both transports: error bodies, SSE message events, media types,
// and reading a JSON-RPC POST body.
#include "reference-server/server_context.h"

#include "protocol/sse_encoder.h"

#include <algorithm>
#include <cctype>

namespace mcp::server {

HttpResponse jsonRpcErrorResponse(int status, int code, const std::string& message) {
    return HttpResponse::json(status, serialize(makeErrorResponse(std::nullopt, code, message)));
}

std::string encodeMessageEvent(const ServerContext& context, std::string_view json, std::string_view event,
                               std::string_view id) {
    std::string out = encodeSseEvent({.event = event, .id = id, .data = json});
    if (context.config.faults.has(Fault::SseUnterminatedEvents) && out.size() >= 2) out.pop_back();
    return out;
}

std::string mediaType(std::string_view value) {
    auto semi = value.find(';');
    std::string_view type = value.substr(0, semi);
    while (!type.empty() && (type.front() == ' ' || type.front() == '\t')) type.remove_prefix(1);
    while (!type.empty() && (type.back() == ' ' || type.back() == '\t')) type.remove_suffix(1);
    std::string lower(type);
    std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
    return lower;
}

bool accepts(const HttpRequest& request, std::string_view type) {
    std::string wildcard = std::string(type.substr(0, type.find('/'))) + "/*";
    for (const auto& [name, value] : request.headers.fields()) {
        if (!equalsIgnoreCase(name, "Accept")) continue;
        std::string_view rest = value;
        while (true) {
            auto comma = rest.find(',');
            std::string element = mediaType(rest.substr(0, comma));
            if (element == type || element == wildcard || element == "*/*") return true;
            if (comma == std::string_view::npos) break;
            rest.remove_prefix(comma + 1);
        }
    }
    return false;
}

PostedMessages readPostedMessages(const ServerContext& context, const HttpRequest& request, bool allowBatch) {
    PostedMessages out;
    auto contentType = request.headers.get("Content-Type");
    if (request.headers.count("Content-Type") != 1 || mediaType(*contentType) != "application/json") {
        out.error = jsonRpcErrorResponse(415, kInvalidRequest, "Content-Type must be application/json");
        return out;
    }
    out.body = decodeJsonRpcBody(request.body);
    if (out.body.parseError) {
        bool wrongCode = context.config.faults.has(Fault::ParseErrorCode);
        out.error = jsonRpcErrorResponse(400, wrongCode ? kInternalError : kParseError,
                                         "Parse error: " + out.body.parseErrorDetail);
    } else if (out.body.isBatch && !allowBatch) {
        out.error = jsonRpcErrorResponse(400, kInvalidRequest, "Batches are not supported in this protocol revision");
    } else if (out.body.emptyBatch) {
        out.error = jsonRpcErrorResponse(400, kInvalidRequest, "Invalid Request: empty batch");
    } else if (!out.body.isBatch && out.body.items.size() == 1 && out.body.items[0].error) {
        const auto& item = out.body.items[0];
        out.error = HttpResponse::json(400, serialize(makeErrorResponse(item.errorId, item.error->code, item.error->message)));
    }
    return out;
}

Replies dispatchMessages(ServerContext& context, const DecodedBody& body, McpSession& session) {
    Replies replies;
    for (const auto& item : body.items) {
        if (!item.message) {
            if (!item.errorIsForNotification)
                replies.messages.push_back(serialize(makeErrorResponse(item.errorId, item.error->code, item.error->message)));
            continue;
        }
        McpReply reply = context.mcp.handle(*item.message, session);
        if (reply.notifications) replies.notifications = std::move(reply.notifications);
        if (reply.response) replies.messages.push_back(serialize(*reply.response));
    }
    return replies;
}

std::string joinReplies(const std::vector<std::string>& replies, bool batch) {
    if (!batch) return replies.empty() ? "" : replies.front();
    std::string array = "[";
    for (std::size_t i = 0; i < replies.size(); ++i) array += (i ? "," : "") + replies[i];
    return array + "]";
}

}  // namespace mcp::server
