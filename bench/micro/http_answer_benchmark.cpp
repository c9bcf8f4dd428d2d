// Micro benchmarks of the reference server's per-request HTTP work around the MCP layer: the
// Accept check every Streamable HTTP POST makes (twice), and the bytes of a JSON answer as
// the connection queues them (status line, fields, length, body): BM_AnswerBytesInPlace
// appends them to the reused output buffer as InboundConnection does; BM_AnswerBytesSeparateHead
// builds them the older way (a head string, then head + body) as the in-run reference.
#include "reference-server/http_message.h"
#include "reference-server/server_context.h"

#include <benchmark/benchmark.h>

#include <string>

namespace {

mcp::server::HttpRequest streamablePost() {
    mcp::server::HttpRequest request;
    request.method = "POST";
    request.path = "/mcp";
    request.headers.add("Host", "127.0.0.1:8787");
    request.headers.add("Authorization", "Bearer bench");
    request.headers.add("Mcp-Session-Id", "0123456789abcdef0123456789abcdef");
    request.headers.add("Content-Type", "application/json");
    request.headers.add("Accept", "application/json, text/event-stream");
    return request;
}

mcp::server::HttpResponse addAnswer() {
    return mcp::server::HttpResponse::json(
        200, R"({"jsonrpc":"2.0","id":7,"result":{"content":[{"type":"text","text":"9"}],"isError":false}})");
}

void BM_AcceptsJsonAndEventStream(benchmark::State& state) {
    const auto request = streamablePost();
    for (auto _ : state) {
        bool both = mcp::server::accepts(request, "application/json") && mcp::server::accepts(request, "text/event-stream");
        benchmark::DoNotOptimize(both);
    }
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_AcceptsJsonAndEventStream);

void BM_AnswerBytesSeparateHead(benchmark::State& state) {
    const auto response = addAnswer();
    std::string out;
    for (auto _ : state) {
        out.clear();
        out += mcp::server::serializeResponseHead(response, true) + response.body;
        benchmark::DoNotOptimize(out.data());
    }
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_AnswerBytesSeparateHead);

void BM_AnswerBytesInPlace(benchmark::State& state) {
    const auto response = addAnswer();
    std::string out;
    for (auto _ : state) {
        out.clear();
        mcp::server::appendResponseHead(out, response, true);
        out += response.body;
        benchmark::DoNotOptimize(out.data());
    }
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_AnswerBytesInPlace);

}  // namespace
