// Routing of a Streamable HTTP session's messages to POST answers and the GET stream.
#include "reference-server/streamable_channel.h"

#include <algorithm>
#include <charconv>
#include <set>

namespace mcp::server {
namespace {

HttpResponse sseResponse(std::string body) {
    HttpResponse response = HttpResponse::text(200, std::move(body), "text/event-stream");
    response.headers.add("Cache-Control", "no-cache");
    return response;
}

using Reason = OutboundQueue::CloseReason;

// "<stream>-<seq>" as issued by ResumptionLog::record.
std::optional<std::pair<std::uint64_t, std::uint64_t>> parseEventId(std::string_view id) {
    auto dash = id.find('-');
    if (dash == std::string_view::npos) return std::nullopt;
    std::uint64_t stream = 0, seq = 0;
    auto a = std::from_chars(id.data(), id.data() + dash, stream);
    auto b = std::from_chars(id.data() + dash + 1, id.data() + id.size(), seq);
    if (a.ec != std::errc() || a.ptr != id.data() + dash || b.ec != std::errc() || b.ptr != id.data() + id.size())
        return std::nullopt;
    return std::make_pair(stream, seq);
}

}  // namespace

// The events of one SSE stream: numbered, logged for resumption, written to the connection
// that currently carries them (or collected into a body until there is one).
struct StreamableChannel::EventStream {
    std::uint64_t logStream = 0;
    std::uint64_t seq = 0;
    std::shared_ptr<OutboundQueue> out;   // the connection carrying the events now, if any
    std::string body;                     // events before the HTTP answer exists
    bool answered = false;                // the HTTP answer exists: events without a connection wait in the log
};

struct StreamableChannel::PostAnswer {
    std::set<JsonRpcId> open;                 // requests of the POST not answered yet
    std::vector<std::string> early;           // messages sent before the answer's form was chosen
    std::optional<EventStream> events;        // once the answer is an event stream
    std::optional<std::chrono::milliseconds> disconnectWithRetry;  // asked before the answer existed
};

namespace {
// Ends a connection with the SSE `retry` field, so the client knows when to come back.
void closeForPolling(OutboundQueue& out, std::chrono::milliseconds retry) {
    out.push("retry: " + std::to_string(retry.count()) + "\n\n");
    out.finish();
}
}  // namespace

StreamableChannel::StreamableChannel(ServerContext& context, std::weak_ptr<Session> session)
    : context_(context), weakSession_(std::move(session)), session_(weakSession_.lock().get()) {}

StreamableChannel::~StreamableChannel() = default;

Session& StreamableChannel::session() { return *session_; }

void StreamableChannel::track(const std::shared_ptr<OutboundQueue>& stream) {
    std::erase_if(streams_, [](const std::weak_ptr<OutboundQueue>& s) {
        auto open = s.lock();
        return !open || open->closed();
    });
    streams_.push_back(stream);
}

bool StreamableChannel::owesEvents() const {
    if (!routes_.empty()) return true;  // requests whose answers are still to come
    return std::any_of(streams_.begin(), streams_.end(), [](const std::weak_ptr<OutboundQueue>& s) {
        auto open = s.lock();
        return open && open->owesBytes();
    });
}

void StreamableChannel::encode(std::string& out, EventStream& to, std::string_view json) {
    std::string id = std::to_string(to.logStream) + "-" + std::to_string(to.seq);
    std::size_t start = out.size();
    context_.encodeEvent(out, {.id = id, .data = json});
    session().log().record(to.logStream, to.seq++, out.substr(start));
}

void StreamableChannel::add(EventStream& to, std::string_view json) {
    if (!to.out && !to.answered) {
        encode(to.body, to, json);
        return;
    }
    std::string event;
    encode(event, to, json);
    if (to.out) to.out->push(event);
}

void StreamableChannel::send(std::string json, const std::optional<JsonRpcId>& relatedTo) {
    auto route = relatedTo ? routes_.find(*relatedTo) : routes_.end();
    if (route != routes_.end()) {
        PostAnswer& answer = *route->second;
        if (answer.events) add(*answer.events, json);
        else answer.early.push_back(std::move(json));
    } else if (getStream_ && getStream_->out && !getStream_->out->closed()) {
        add(*getStream_, json);
    }
    // Otherwise there is no stream it may travel on: the message is dropped.
}

void StreamableChannel::finish(const JsonRpcId& id, std::optional<std::string> response) {
    auto route = routes_.find(id);
    if (route == routes_.end()) return;
    auto answer = route->second;
    routes_.erase(route);
    answer->open.erase(id);
    if (!answer->events) {
        if (response) answer->early.push_back(std::move(*response));
        return;
    }
    if (response) add(*answer->events, *response);
    if (answer->open.empty()) {
        // T-SH-14: the stream ends once every request it carries is answered.
        if (answer->events->out) answer->events->out->finish();
        liveAnswers_.erase(answer->events->logStream);
    }
}

void StreamableChannel::after(std::chrono::milliseconds delay, std::function<void()> work) {
    runLater(context_, weakSession_, delay, std::move(work));
}

void StreamableChannel::disconnect(const JsonRpcId& relatedTo, std::chrono::milliseconds retry) {
    auto route = routes_.find(relatedTo);
    if (route == routes_.end()) return;
    PostAnswer& answer = *route->second;
    if (!answer.events) {
        answer.disconnectWithRetry = retry;  // endPost answers, then closes
        return;
    }
    if (answer.events->out) closeForPolling(*answer.events->out, retry);
    answer.events->out = nullptr;
}

void StreamableChannel::close() {
    for (auto& [stream, answer] : liveAnswers_)
        if (answer->events->out) answer->events->out->close(Reason::Deleted);
    liveAnswers_.clear();
    routes_.clear();
    if (getStream_ && getStream_->out) getStream_->out->close(Reason::Deleted);
}

std::shared_ptr<StreamableChannel::PostAnswer> StreamableChannel::beginPost(const std::vector<JsonRpcId>& requests) {
    auto answer = std::make_shared<PostAnswer>();
    for (const auto& id : requests) {
        if (routes_.count(id)) continue;  // a duplicate of a request still open keeps its own route
        answer->open.insert(id);
        routes_[id] = answer;
    }
    return answer;
}

HttpResponse StreamableChannel::endPost(const std::shared_ptr<PostAnswer>& answer, Replies& replies, bool batch) {
    std::set<JsonRpcId> deferred(replies.deferred.begin(), replies.deferred.end());
    for (auto it = answer->open.begin(); it != answer->open.end();) {
        if (deferred.count(*it)) {
            ++it;
            continue;
        }
        routes_.erase(*it);
        it = answer->open.erase(it);
    }
    bool eventStream = !answer->early.empty() || !answer->open.empty() || replies.notifications;
    // T-SH-9: only notifications and responses -> 202 with no body.
    if (!eventStream && replies.messages.empty()) return HttpResponse::text(202, "", "text/plain");
    if (!eventStream) return HttpResponse::json(200, joinReplies(replies.messages, batch));

    // Notifications belong on this request's stream (T-SH-13): answer with SSE.
    EventStream& events = answer->events.emplace();
    events.logStream = session().log().openStream();
    // T-SH-16: 2025-11-25 opens every stream with a priming event (an id, empty data).
    if (session().mcp.revision && sendsPrimingEvent(*session().mcp.revision)) add(events, "");
    for (const auto& json : answer->early) add(events, json);
    answer->early.clear();
    if (!replies.notifications) {
        for (const auto& r : replies.messages) add(events, r);
        events.answered = true;
        if (answer->open.empty()) return sseResponse(std::move(events.body));
    }

    // A live stream through the bounded queue: requests are still open, or a sequence of
    // notifications is produced as the client reads (never built in memory), then the replies.
    auto out = newStreamQueue(context_, "streamable-http answer id=" + session().id.substr(0, 8));
    track(out);
    out->push(events.body);
    events.body.clear();
    events.answered = true;
    if (replies.notifications) out->addProducer(sequenceProducer(answer, std::move(replies.notifications),
                                                                 std::move(replies.messages)));
    liveAnswers_[events.logStream] = answer;
    if (answer->disconnectWithRetry) {
        closeForPolling(*out, *answer->disconnectWithRetry);
    } else {
        events.out = out;
        if (answer->open.empty()) {
            out->finish();  // once the producer is done
            liveAnswers_.erase(events.logStream);
        }
    }
    HttpResponse response = sseResponse("");
    response.stream = out;
    return response;
}

OutboundQueue::Producer StreamableChannel::sequenceProducer(std::shared_ptr<PostAnswer> answer,
                                                            std::shared_ptr<MessageSequence> sequence,
                                                            std::vector<std::string> replies) {
    // Runs on the event loop as the socket drains; takes the session's lock to number and log
    // each event consistently with messages other requests of this answer add meanwhile.
    return [this, weak = weakSession_, answer = std::move(answer), sequence = std::move(sequence),
            replies = std::move(replies), sent = std::uint64_t{0}](std::string& out) mutable {
        auto alive = weak.lock();
        if (!alive) return false;
        std::lock_guard lock(alive->mutex);
        if (alive->ended) return false;
        EventStream& events = *answer->events;
        std::string json;
        while (out.size() < OutboundQueue::kProducerChunk) {
            json.clear();
            if (sent < kMaxSequenceEvents && sequence->next(json)) {
                encode(out, events, json);
                ++sent;
                continue;
            }
            for (const auto& r : replies) encode(out, events, r);
            return false;
        }
        return true;
    };
}

void StreamableChannel::openGetStream(const std::shared_ptr<OutboundQueue>& stream) {
    getStream_ = std::make_unique<EventStream>();
    getStream_->logStream = session().log().openStream();
    getStream_->out = stream;
    track(stream);
    if (session().mcp.revision && sendsPrimingEvent(*session().mcp.revision)) add(*getStream_, "");
}

bool StreamableChannel::resume(std::string_view lastEventId, const std::shared_ptr<OutboundQueue>& stream) {
    auto parsed = parseEventId(lastEventId);
    auto events = parsed ? session().log().after(parsed->first, parsed->second) : std::nullopt;
    if (!events) return false;
    track(stream);
    for (const auto& e : *events) stream->push(e);
    auto live = liveAnswers_.find(parsed->first);
    if (live == liveAnswers_.end()) {
        stream->finish();  // T-SH-30: replay what followed that event, then end
        return true;
    }
    // The answer is still open: the new connection carries the rest of it (SEP-1699).
    auto& out = live->second->events->out;
    if (out && out != stream) out->close(Reason::Deleted);
    out = stream;
    return true;
}

}  // namespace mcp::server
