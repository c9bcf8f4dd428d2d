// Micro benchmarks of message dispatch in the reference server's McpServer (no HTTP):
// a decoded tools/call handled and its reply serialized, and the whole path from body
// text to reply text, with messages/s counters.
#include "protocol/json_rpc.h"
#include "reference-server/mcp_server.h"
#include "reference-server/reference_tools.h"

#include <benchmark/benchmark.h>

#include <string>

namespace {

const std::string kInitialize =
    R"({"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"2024-11-05","capabilities":{},"clientInfo":{"name":"bench","version":"1"}}})";
const std::string kAddCall =
    R"({"jsonrpc":"2.0","id":7,"method":"tools/call","params":{"name":"add","arguments":{"a":1,"b":2}}})";

// A session that completed the handshake, as the transports leave it.
mcp::server::McpSession initializedSession(mcp::server::McpServer& server) {
    mcp::server::McpSession session;
    session.authorization = "Bearer bench";
    server.handle(*mcp::decodeJsonRpcBody(kInitialize).items.at(0).message, session);
    server.handle(mcp::makeNotification("notifications/initialized"), session);
    return session;
}

void BM_DispatchToolsCallAdd(benchmark::State& state) {
    mcp::server::McpServer server(mcp::server::referenceCatalog());
    auto session = initializedSession(server);
    const mcp::JsonRpcMessage call = *mcp::decodeJsonRpcBody(kAddCall).items.at(0).message;
    for (auto _ : state) {
        auto reply = server.handle(call, session);
        const std::string json = mcp::serialize(*reply.response);
        benchmark::DoNotOptimize(json.data());
    }
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_DispatchToolsCallAdd);

void BM_DecodeDispatchSerializeAdd(benchmark::State& state) {
    mcp::server::McpServer server(mcp::server::referenceCatalog());
    auto session = initializedSession(server);
    for (auto _ : state) {
        auto body = mcp::decodeJsonRpcBody(kAddCall);
        auto reply = server.handle(*body.items.at(0).message, session);
        const std::string json = mcp::serialize(*reply.response);
        benchmark::DoNotOptimize(json.data());
    }
    state.SetBytesProcessed(static_cast<std::int64_t>(kAddCall.size()) * state.iterations());
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_DecodeDispatchSerializeAdd);

void BM_DispatchInitialize(benchmark::State& state) {
    mcp::server::McpServer server(mcp::server::referenceCatalog());
    const mcp::JsonRpcMessage initialize = *mcp::decodeJsonRpcBody(kInitialize).items.at(0).message;
    for (auto _ : state) {
        mcp::server::McpSession session;
        session.authorization = "Bearer bench";
        auto reply = server.handle(initialize, session);
        benchmark::DoNotOptimize(reply.response);
    }
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_DispatchInitialize);

}  // namespace
