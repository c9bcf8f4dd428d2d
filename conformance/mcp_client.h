// ClientSession: a hostile-server-proof MCP client over either HTTP transport, used by cases.
// LegacySse: GET the stream, wait for `endpoint`, POST messages there, read replies from
// the stream. StreamableHttp: POST to the endpoint, answers as JSON or SSE, Mcp-Session-Id
// and MCP-Protocol-Version handled. Every wait has a deadline, every stream a byte bound.
//
//   auto opened = openSession(http, target, TransportKind::StreamableHttp, {});
//   if (!opened.session) fail(opened.error);
//   auto reply = opened.session->request("ping");
//   if (reply.response && reply.response->isResult()) ...
//
// Notifications on the legacy transport are followed by a `ping` fence: everything the
// server sends before the fence's answer is attributed to the notification (JR-6), so no
// case needs to sleep.
#pragma once

#include "conformance/http_exchanger.h"
#include "conformance/target.h"
#include "protocol/sse_parser.h"

#include <Poco/JSON/Object.h>

#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace mcp::conformance {

struct ReceivedMessage {
    std::string text;                  // the JSON text as received
    Poco::JSON::Object::Ptr object;    // null when the text is not a JSON object
    std::string via;                   // "post-json", "post-sse", "get-sse", "legacy-sse"

    bool isResponse() const;           // has result or error and no method
    bool isResult() const;             // has result
    bool isError() const;              // has error
    bool isRequest() const;            // method and id
    bool isNotification() const;       // method, no id
    std::string method() const;
    std::optional<std::string> idJson() const;   // compact JSON of the id; nullopt when absent
    std::optional<long long> errorCode() const;
    Poco::JSON::Object::Ptr result() const;
};

// The SSE evidence of one stream. Bounded whatever the server sends: events are kept while
// their data fits kMaxRetained bytes (and kMaxEvents); later ones are only counted.
struct SseCapture {
    std::vector<mcp::SseEvent> events;
    std::size_t retainedBytes = 0;    // data bytes held in `events`
    std::size_t droppedEvents = 0;    // events seen but not kept (over the budget)
    std::string raw;                  // first kMaxRaw bytes of the stream
    std::size_t bytes = 0;
    bool ended = false;               // the body ended (EOF / last chunk)
    bool pendingAtEnd = false;        // bytes of an unterminated event were left at the end (EV-2)
    bool overflowed = false;          // an event exceeded the parser limit
    std::size_t comments = 0;
    static constexpr std::size_t kMaxRaw = 64 * 1024;
    static constexpr std::size_t kMaxRetained = 1024 * 1024;
    static constexpr std::size_t kMaxEvents = 5000;
    void keep(const mcp::SseEvent& e);
};

// Budgets that keep a whole run under a few hundred MiB against any server (issue: an endless
// stream of 1 MiB events). Messages past a budget are counted, not kept.
inline constexpr std::size_t kMaxMessageBytesKept = 1024 * 1024;   // per reply, transcript and queue (responses always kept)

struct RpcReply {
    int httpStatus = 0;                // 0 when no response head arrived
    HttpHeaders headers;
    std::string contentType;           // media type, lower-case
    std::string body;                  // body of a non-SSE answer (capped)
    std::vector<ReceivedMessage> messages;   // everything received while waiting, in order (budgeted)
    std::size_t messageBytes = 0;            // text bytes held in `messages`
    std::size_t droppedMessages = 0;         // received while waiting, over the budget
    std::optional<ReceivedMessage> response; // the awaited response
    std::vector<ReceivedMessage> responses;  // all awaited responses (batches)
    std::optional<SseCapture> sse;     // a POST answered with text/event-stream
    bool timedOut = false;
    std::string error;                 // transport trouble, empty when fine
    double elapsedMs = 0;
    std::optional<std::string> header(std::string_view name) const {
        auto value = headers.get(name);
        return value ? std::optional<std::string>(*value) : std::nullopt;
    }
    // One-line description for Actual: "HTTP 200, response {...}" or the error.
    std::string describe() const;
};

struct SendOptions {
    // What to wait for. Auto: from the body (an id -> that response; a notification -> nothing,
    // fenced on legacy; unparseable or id null -> a response with null/absent id; batch -> all ids).
    // Collect: everything the server sends for this message (legacy: until a fence ping is
    // answered; Streamable HTTP: the whole answer); `response` is the first response seen.
    enum class Await { Auto, Nothing, NullId, AnyResponse, Collect };
    Await await = Await::Auto;
    HttpHeaders extraHeaders{};
    std::optional<std::string> authorization{}; // override the session's value; "" sends none
    std::optional<std::string> contentType{};   // default application/json
    std::optional<std::string> accept{};        // default per transport
    std::optional<std::string> sessionId{};     // override Mcp-Session-Id; "" sends none
    std::optional<std::string> protocolVersion{}; // override MCP-Protocol-Version; "" sends none
    std::string querySuffix{};                  // appended to the POST target
    std::optional<milliseconds> timeout;
    // Called for every message that arrives while this send waits (server requests, progress,
    // ...), in order, before it is matched. It may send on the same session (for example the
    // answer to a server-to-client request, with Await::Nothing); those sends see no hook.
    std::function<void(const ReceivedMessage&)> onMessage{};
};

class ClientSession {
public:
    virtual ~ClientSession() = default;
    virtual TransportKind kind() const = 0;

    // Sends a raw body and waits as SendOptions says.
    virtual RpcReply send(const std::string& body, const SendOptions& options = {}) = 0;
    // Sends a request with a fresh integer id.
    RpcReply request(const std::string& method, Poco::JSON::Object::Ptr params = nullptr, const SendOptions& options = {});
    RpcReply notify(const std::string& method, Poco::JSON::Object::Ptr params = nullptr, const SendOptions& options = {});
    // tools/call name with arguments (null: no arguments member).
    RpcReply callTool(const std::string& name, Poco::JSON::Object::Ptr arguments = nullptr);
    // Reads whatever the session's standing stream (legacy) has buffered, for up to `wait`.
    virtual std::vector<ReceivedMessage> drain(milliseconds wait) = 0;
    // A positive fence: everything the server sent this session before now is in `transcript`
    // when it returns true. Legacy: a ping on the stream, answered after all earlier messages.
    // Streamable HTTP: every POST stream was read to its response already (true).
    virtual bool settle() = 0;
    // Closes the session's standing stream (legacy GET); a no-op for Streamable HTTP.
    virtual void closeStream() = 0;

    // Headers every request of this session carries (auth, user headers, session, version).
    virtual HttpHeaders sessionHeaders() const = 0;

    std::optional<std::string> authorization;     // the Authorization value of this session
    std::string requestedVersion;
    std::string negotiatedVersion;
    Poco::JSON::Object::Ptr initializeResult;     // null until initialized
    std::optional<std::string> sessionId;         // Streamable HTTP Mcp-Session-Id
    std::string endpointData;                     // legacy: the endpoint event data
    std::string endpointTarget;                   // legacy: path?query to POST to
    HttpResponseHead streamHead;                  // legacy: the GET answer
    std::vector<ReceivedMessage> transcript;      // every message received, capped by count and bytes
    std::size_t transcriptBytes = 0;
    SseCapture standingStream;                    // legacy: evidence of the GET stream

protected:
    long long nextId_ = 1;
    void remember(const std::vector<ReceivedMessage>& messages);
    // The running send's onMessage hook (null inside a nested send).
    const std::function<void(const ReceivedMessage&)>* onMessage_ = nullptr;
    void notifyHook(const ReceivedMessage& m) {
        if (!onMessage_ || !*onMessage_) return;
        auto hook = onMessage_;
        onMessage_ = nullptr;   // sends made by the hook see no hook
        (*hook)(m);
        onMessage_ = hook;
    }
    // Installs a send's hook for its duration.
    class HookScope {
    public:
        HookScope(ClientSession& s, const SendOptions& o) : s_(s), saved_(s.onMessage_) { s.onMessage_ = o.onMessage ? &o.onMessage : nullptr; }
        ~HookScope() { s_.onMessage_ = saved_; }
    private:
        ClientSession& s_;
        const std::function<void(const ReceivedMessage&)>* saved_;
    };
};

struct SessionOptions {
    bool useTargetAuthorization = true;
    std::optional<std::string> authorization{};   // used when set (overrides the target's)
    std::string protocolVersion{};                // empty: the latest revision
    Poco::JSON::Object::Ptr capabilities{};       // null: {}
    bool initialize = true;
    bool sendInitialized = true;
    HttpHeaders extraHeaders{};                   // on every request of the session
    std::string legacyQuery{};                    // extra query for GET $SSE ("k=v")
    std::optional<milliseconds> timeout{};
};

struct SessionOpen {
    // Where opening stopped: the legacy GET (no 200 text/event-stream answer), its endpoint event
    // (missing, not first, or unusable), the initialize request, or notifications/initialized.
    enum class Step { Opened, Stream, Endpoint, Initialize, Initialized };
    std::unique_ptr<ClientSession> session;          // null when opening failed
    Step failedAt = Step::Opened;                 // Opened when `session` is set
    std::string error;                            // why
    RpcReply initializeReply;
    HttpResponseHead streamHead;                  // legacy GET answer, when one came
};

SessionOpen openSession(HttpExchanger& http, const Target& target, TransportKind transport,
                        const SessionOptions& options = {});

// The id of a session's initialize request (openSession).
inline constexpr long long kInitializeRequestId = 900001;

// Builds an initialize request body.
std::string initializeBody(long long id, const std::string& protocolVersion, Poco::JSON::Object::Ptr capabilities = nullptr);

// Reads SSE events from a stream into `capture` until `stop` returns true, the stream ends
// or the deadline passes. Returns the status of the last read.
ReadStatus readSse(HttpStream& stream, mcp::SseParser& parser, SseCapture& capture, Deadline deadline,
                   const std::function<bool(const mcp::SseEvent&)>& stop);

// Parses the JSON-RPC messages in an SSE data payload or body (object or array). A payload that
// parseJson refuses (e.g. more than kMaxJsonValues values) is kept as text only.
std::vector<ReceivedMessage> parseMessages(const std::string& text, const std::string& via);

// Auto transport detection (spec "backwards compatibility"): POST initialize; a 2xx means
// Streamable HTTP; otherwise a GET whose first SSE event is `endpoint` means legacy.
struct ProbeResult {
    std::optional<TransportKind> transport;
    bool unreachable = false;
    bool anyResponse = false;      // an HTTP response head came back to the POST or the GET
    bool eventStream = false;      // the GET opened a 200 text/event-stream
    std::string detail;
};
ProbeResult probeTransport(HttpExchanger& http, const Target& target);

}  // namespace mcp::conformance
