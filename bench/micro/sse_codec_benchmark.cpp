// Micro benchmarks of the SSE codec: encoding events and parsing a stream fed in
// network-sized chunks, with bytes/s and events/s counters.
#include "protocol/sse_encoder.h"
#include "protocol/sse_parser.h"

#include <benchmark/benchmark.h>

#include <string>

namespace {

std::string jsonPayload(std::size_t bytes) {
    std::string data = R"({"jsonrpc":"2.0","method":"notifications/message","params":{"level":"info","data":")";
    data.append(bytes > data.size() + 4 ? bytes - data.size() - 4 : 0, 'x');
    data += R"("}})";
    return data;
}

void BM_SseEncode(benchmark::State& state) {
    const std::string data = jsonPayload(static_cast<std::size_t>(state.range(0)));
    std::string out;
    std::size_t bytes = 0;
    for (auto _ : state) {
        out.clear();
        mcp::appendSseEvent(out, {.event = "message", .data = data});
        benchmark::DoNotOptimize(out.data());
        bytes += out.size();
    }
    state.SetBytesProcessed(static_cast<std::int64_t>(bytes));
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_SseEncode)->Arg(100)->Arg(1000)->Arg(16384);

void BM_SseEncodeMultiline(benchmark::State& state) {
    std::string data;
    for (int i = 0; i < 20; ++i) data += "line of text " + std::to_string(i) + "\n";
    std::string out;
    std::size_t bytes = 0;
    for (auto _ : state) {
        out.clear();
        mcp::appendSseEvent(out, {.event = "message", .id = "42", .data = data});
        bytes += out.size();
    }
    state.SetBytesProcessed(static_cast<std::int64_t>(bytes));
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_SseEncodeMultiline);

// A stream of 1000 events of range(0) bytes, fed to the parser in chunks of range(1) bytes.
void BM_SseParse(benchmark::State& state) {
    const std::string data = jsonPayload(static_cast<std::size_t>(state.range(0)));
    std::string stream;
    for (int i = 0; i < 1000; ++i) mcp::appendSseEvent(stream, {.event = "message", .data = data});
    const auto chunk = static_cast<std::size_t>(state.range(1));
    std::int64_t events = 0;
    for (auto _ : state) {
        mcp::SseParser parser;
        for (std::size_t at = 0; at < stream.size(); at += chunk)
            parser.feed(std::string_view(stream).substr(at, chunk), [&](const mcp::SseEvent& e) {
                benchmark::DoNotOptimize(e.data.data());
                ++events;
            });
    }
    state.SetBytesProcessed(static_cast<std::int64_t>(stream.size()) * state.iterations());
    state.SetItemsProcessed(events);
}
BENCHMARK(BM_SseParse)->Args({100, 1460})->Args({100, 65536})->Args({1000, 1460})->Args({16384, 65536});

}  // namespace
