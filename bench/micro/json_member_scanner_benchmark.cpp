// Micro benchmark of mcp-bench's own hot path: reading a streamed event's seq and a reply's
// id with JsonMemberScanner, beside a full decode for scale (why the client does not decode).
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
