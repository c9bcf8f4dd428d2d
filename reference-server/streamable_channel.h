// StreamableChannel: the SessionChannel of a Streamable HTTP session. It decides which
// stream each server message travels on:
//   - the messages and the response of a client request go on the SSE answer of the POST
//     that carried it (T-SH-13), which stays open until its last request is answered;
//   - other messages go on the session's GET stream, or nowhere when none is open.
// Every SSE event gets an id "<stream>-<seq>" and is kept in the session's ResumptionLog;
// a GET with Last-Event-ID replays what followed and, while the POST's requests are still
// open, carries the rest of that answer (T-SH-30, SEP-1699).
//
// All methods are called with the session's mutex held.
//
//   auto post = channel.beginPost(requestIds);   // before dispatch: routes their messages
//   Replies replies = dispatchMessages(...);      // tools may send(), finish() or defer
//   return channel.endPost(post, replies, isBatch);   // 202, JSON, or SSE kept open
#pragma once

#include "reference-server/server_context.h"

#include <map>
#include <memory>
#include <vector>

namespace mcp::server {

class StreamableChannel : public SessionChannel {
public:
    struct PostAnswer;

    StreamableChannel(ServerContext& context, std::weak_ptr<Session> session);
    ~StreamableChannel() override;

    void send(std::string json, const std::optional<JsonRpcId>& relatedTo) override;
    void finish(const JsonRpcId& id, std::optional<std::string> response) override;
    void after(std::chrono::milliseconds delay, std::function<void()> work) override;
    void disconnect(const JsonRpcId& relatedTo, std::chrono::milliseconds retry) override;
    void close() override;
    bool owesEvents() const override;

    std::shared_ptr<PostAnswer> beginPost(const std::vector<JsonRpcId>& requests);
    HttpResponse endPost(const std::shared_ptr<PostAnswer>& answer, Replies& replies, bool batch);
    // The standalone GET stream: opened with its priming event (2025-11-25).
    void openGetStream(const std::shared_ptr<OutboundQueue>& stream);
    // GET with Last-Event-ID: false when the id names no stream we still remember.
    bool resume(std::string_view lastEventId, const std::shared_ptr<OutboundQueue>& stream);

private:
    struct EventStream;
    // Numbers an event, appends its bytes to `out` and logs it for resumption.
    void encode(std::string& out, EventStream& to, std::string_view json);
    void add(EventStream& to, std::string_view json);
    OutboundQueue::Producer sequenceProducer(std::shared_ptr<PostAnswer> answer, std::shared_ptr<MessageSequence> sequence,
                                             std::vector<std::string> replies);
    Session& session();
    // Remembers a connection this channel writes events to (for owesEvents()).
    void track(const std::shared_ptr<OutboundQueue>& stream);

    ServerContext& context_;
    std::weak_ptr<Session> weakSession_;
    Session* session_;
    std::map<JsonRpcId, std::shared_ptr<PostAnswer>> routes_;       // open requests -> their answer
    std::map<std::uint64_t, std::shared_ptr<PostAnswer>> liveAnswers_;  // by log stream id
    std::unique_ptr<EventStream> getStream_;
    std::vector<std::weak_ptr<OutboundQueue>> streams_;  // connections carrying events, while open
};

}  // namespace mcp::server
