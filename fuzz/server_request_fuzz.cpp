// Fuzz target: the reference server's request handling end to end, in process, no sockets.
// Raw bytes (one or more pipelined HTTP/1.1 requests) go through http1::RequestParser and
// McpHttpHandler exactly as HttpConnection drives them. Properties:
//   - the parser consumes everything when it needs more, and never more than it was given
//     (the parser's own split-invariance is checked by http1_request_fuzz);
//   - a refused request gets a 4xx/5xx; the handler never throws, answers 100..599, and the
//     response head plus body stay below a fixed bound;
//   - once every stream of the input is closed, the session registry is empty.
// Session ids are predictable ("1", "2", ...) so an input can open a session and use it.
#include "fuzz/fuzz_support.h"
#include "reference-server/mcp_http_handler.h"
#include "reference-server/server_context.h"

#include <Poco/Logger.h>

#include <memory>
#include <vector>

namespace {

using namespace mcp::server;

constexpr std::size_t kMaxRequestsPerInput = 8;
constexpr std::size_t kMaxResponseBytes = 8 * 1024 * 1024;
const std::string kBaseUrl = "http://127.0.0.1:8787";

ServerConfig fuzzConfig() {
    ServerConfig config;
    config.port = 8787;
    config.faults.enable(Fault::PredictableSessionId);
    config.maxSessions = 16;
    config.maxQueuedBytesPerSession = 256 * 1024;
    config.http.maxBodyBytes = 256 * 1024;
    return config;
}

// One HttpConnection's worth of work on a buffer, without the socket.
class InProcessConnection {
public:
    InProcessConnection() : context_(fuzzConfig(), kBaseUrl), handler_(context_) {}

    // Ends the input: streams are never attached to a socket here, so close them. A legacy
    // session lives exactly as long as its stream; Streamable HTTP sessions are dropped.
    void finish() {
        for (auto& stream : streams_) stream->close(OutboundQueue::CloseReason::PeerClosed);
        streams_.clear();
        for (auto& session : context_.sessions.removeAll()) {
            FUZZ_CHECK(session->transport != mcp::TransportKind::LegacySse, "a legacy session outlived its closed stream");
            std::lock_guard lock(session->mutex);
            if (session->stream) session->stream->close(OutboundQueue::CloseReason::ServerStopping);
        }
        FUZZ_CHECK(context_.sessions.size() == 0, "sessions left after the input");
    }

    void serve(std::string_view input) {
        mcp::http1::RequestParser parser(context_.config.http);
        std::string body;
        auto appendBody = [&](std::string_view bytes) { body.append(bytes); };
        for (std::size_t n = 0; n < kMaxRequestsPerInput;) {
            auto step = parser.feed(input, appendBody);
            FUZZ_CHECK(step.consumed <= input.size(), "the parser consumed more than it was given");
            input.remove_prefix(step.consumed);
            switch (step.event) {
            case mcp::http1::ParseEvent::NeedMore:
                FUZZ_CHECK(input.empty(), "the parser asked for more with bytes left");
                return;
            case mcp::http1::ParseEvent::Failed:
                FUZZ_CHECK(parser.error().status >= 400 && parser.error().status <= 599, "a parse error without a 4xx/5xx");
                return;
            case mcp::http1::ParseEvent::HeadComplete:
                break;
            case mcp::http1::ParseEvent::MessageComplete:
                FUZZ_CHECK(body.size() <= context_.config.http.maxBodyBytes, "a body over the limit");
                handle(HttpRequest::fromHead(parser.head(), std::move(body)));
                body.clear();
                parser.reset();
                ++n;
                break;
            }
        }
    }

private:
    void handle(const HttpRequest& request) {
        HttpResponse response;
        try {
            response = handler_.handle(request);
        } catch (...) {
            FUZZ_CHECK(false, "an exception left McpHttpHandler::handle");
        }
        FUZZ_CHECK(response.status >= 100 && response.status <= 599, "a status outside 100..599");
        std::string head = serializeResponseHead(response, true);
        FUZZ_CHECK(head.size() + response.body.size() < kMaxResponseBytes, "an unbounded response");
        if (response.stream) {
            FUZZ_CHECK(response.stream->queuedBytes() <= context_.config.maxQueuedBytesPerSession,
                       "a stream queued more than its limit");
            streams_.push_back(response.stream);
        }
    }

    ServerContext context_;
    McpHttpHandler handler_;
    std::vector<std::shared_ptr<OutboundQueue>> streams_;
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const bool quiet = (Poco::Logger::get("mcp-reference-server").setLevel("none"), true);
    (void)quiet;
    InProcessConnection connection;
    connection.serve(std::string_view(reinterpret_cast<const char*>(data), size));
    connection.finish();
    return 0;
}
