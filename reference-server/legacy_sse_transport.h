// LegacySseTransport: the 2024-11-05 HTTP+SSE transport (T-SSE-1..T-SSE-17).
// GET /sse opens a stream whose first event, `endpoint`, names the POST URL
// /sse/message?sessionId=<id>; POSTs answer 202 and replies travel on the stream
// as `event: message`. Closing the stream ends the session (LC-15, T-SSE-10).
#pragma once

#include "reference-server/server_context.h"

namespace mcp::server {

class LegacySseTransport {
public:
    explicit LegacySseTransport(ServerContext& context) : context_(context) {}

    HttpResponse openStream(const HttpRequest& request, const AuthOutcome& auth);
    HttpResponse postMessage(const HttpRequest& request, const AuthOutcome& auth);

private:
    ServerContext& context_;
};

// Streams the sequence's messages as `message` events, then `finalEvent`, as the socket takes
// them (at most about OutboundQueue::kProducerChunk bytes per call).
OutboundQueue::Producer legacySequenceProducer(EventEncoder encodeEvent, std::shared_ptr<MessageSequence> sequence,
                                               std::string finalEvent);

}  // namespace mcp::server
