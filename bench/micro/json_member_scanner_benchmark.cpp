// Micro benchmark of mcp-bench's own hot path: reading a streamed event's seq and a reply's
// id with JsonMemberScanner, and the whole per-event read of the stream scenario, beside a
// full decode for scale (why the client does not decode).
#include "bench/json_member_scanner.h"
#include "protocol/json_rpc.h"

#include <benchmark/benchmark.h>

#include <string>

namespace {

const std::string kEvent =
    R"({"method":"notifications/message","params":{"level":"info","logger":"bench","data":{"seq":123456,"pad":"xxxxxxxxxx"}},"jsonrpc":"2.0"})";

void BM_ScanEventSeq(benchmark::State& state) {
    for (auto _ : state) {
        auto seq = mcp::bench::findJsonPath(kEvent, {"params", "data", "seq"});
        benchmark::DoNotOptimize(seq);
        auto id = mcp::bench::findJsonMember(kEvent, "id");
        benchmark::DoNotOptimize(id);
    }
    state.SetBytesProcessed(static_cast<std::int64_t>(kEvent.size()) * state.iterations());
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_ScanEventSeq);

// What mcp-bench does with every streamed event it receives: the message's top-level members
// (a reply or a notification?), then params.data.seq read as an integer. The text is the
// reference server's `stream` notification for a requested size of 100 bytes (the padding is
// empty: the fixed parts alone are longer).
const std::string kStreamEvent =
    R"({"jsonrpc":"2.0","method":"notifications/message","params":{"level":"info","logger":"bench","data":{"seq":123456,"pad":""}}})";

void BM_ScanStreamedEvent(benchmark::State& state) {
    for (auto _ : state) {
        mcp::bench::JsonRpcMembers members;
        mcp::bench::scanJsonRpcMembers(kStreamEvent, members);
        auto seq = mcp::bench::findJsonPath(members.params.value_or(""), {"data", "seq"});
        auto number = mcp::bench::parseJsonInteger(seq.value_or(""));
        benchmark::DoNotOptimize(number);
        benchmark::DoNotOptimize(members.id);
    }
    state.SetBytesProcessed(static_cast<std::int64_t>(kStreamEvent.size()) * state.iterations());
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_ScanStreamedEvent);

void BM_DecodeEventForScale(benchmark::State& state) {
    for (auto _ : state) {
        auto decoded = mcp::decodeJsonRpcBody(kEvent);
        benchmark::DoNotOptimize(decoded.items.data());
    }
    state.SetBytesProcessed(static_cast<std::int64_t>(kEvent.size()) * state.iterations());
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_DecodeEventForScale);

}  // namespace
