// Micro benchmark of the server's SSE stream production: the `stream` tool's events
// (`notifications/message` of range(0) bytes, as in mcp-bench's stream scenario) produced by
// the legacy transport's producer through the session's OutboundQueue into the bytes the
// connection writes, 10,000 events per iteration. Its in-run peer only copies the same event
// bytes, already encoded, into chunks of the same size: the ceiling of this path.
#include "protocol/json_rpc.h"
#include "reference-server/fault_decorators.h"
#include "reference-server/legacy_sse_transport.h"
#include "reference-server/mcp_server.h"
#include "reference-server/outbound_queue.h"
#include "reference-server/reference_tools.h"

#include <benchmark/benchmark.h>

#include <string>

namespace {

using mcp::server::OutboundQueue;

constexpr int kEvents = 10000;

// The `stream` tool's event sequence, as a tools/call hands it to the transport.
std::shared_ptr<mcp::server::MessageSequence> streamToolSequence(mcp::server::McpServer& server, std::int64_t size) {
    mcp::server::McpSession session;
    const std::string initialize =
        R"({"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"2024-11-05","capabilities":{},"clientInfo":{"name":"bench","version":"1"}}})";
    server.handle(*mcp::decodeJsonRpcBody(initialize).items.at(0).message, session);
    server.handle(mcp::makeNotification("notifications/initialized"), session);
    const std::string call = R"({"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"stream","arguments":{"count":)" +
                             std::to_string(kEvents) + R"(,"size":)" + std::to_string(size) + "}}}";
    return server.handle(*mcp::decodeJsonRpcBody(call).items.at(0).message, session).notifications;
}

// Takes everything the queue produces, as the connection does, and returns the byte count.
std::size_t drain(OutboundQueue& queue, std::string& out) {
    std::size_t bytes = 0;
    while (true) {
        out.clear();
        queue.take(out);
        if (out.empty()) return bytes;
        bytes += out.size();
        queue.written(out.size());
    }
}

void BM_SseStreamProduce(benchmark::State& state) {
    mcp::server::McpServer server(mcp::server::referenceCatalog());
    const auto encode = mcp::server::eventEncoderFor({});
    std::string out;
    std::size_t bytes = 0;
    for (auto _ : state) {
        OutboundQueue queue(std::size_t{1} << 30);
        queue.addProducer(mcp::server::legacySequenceProducer(encode, streamToolSequence(server, state.range(0)), ""));
        bytes += drain(queue, out);
    }
    state.SetBytesProcessed(static_cast<std::int64_t>(bytes));
    state.SetItemsProcessed(state.iterations() * kEvents);
}
BENCHMARK(BM_SseStreamProduce)->Arg(100)->Arg(1000);

// The ceiling: the same number of events, already encoded, copied into chunks of the same size.
void BM_SseStreamCopyCeiling(benchmark::State& state) {
    mcp::server::McpServer server(mcp::server::referenceCatalog());
    auto sequence = streamToolSequence(server, state.range(0));
    std::string json;
    sequence->next(json);
    const std::string event = mcp::encodeSseEvent({.event = "message", .data = json});
    std::string out;
    std::size_t bytes = 0;
    for (auto _ : state) {
        OutboundQueue queue(std::size_t{1} << 30);
        queue.addProducer([&event, left = kEvents](std::string& chunk) mutable {
            for (; left > 0 && chunk.size() < OutboundQueue::kProducerChunk; --left) chunk += event;
            return left > 0;
        });
        bytes += drain(queue, out);
    }
    state.SetBytesProcessed(static_cast<std::int64_t>(bytes));
    state.SetItemsProcessed(state.iterations() * kEvents);
}
BENCHMARK(BM_SseStreamCopyCeiling)->Arg(100)->Arg(1000);

}  // namespace
