// Fuzz target: the server's request parser (http1::RequestParser, strict), against itself
// and its lenient twin. Byte 0 picks the split, byte 1 the limits. Properties:
//   - whole, split and byte-by-byte feeding give the same events, message, observations, error;
//   - it never consumes more than given, and consumes everything when it needs more;
//   - a refusal carries 400, 413, 414, 431, 501 or 505; an accepted request stays within the
//     limits, its field names are tokens and its values hold no CR, LF or NUL;
//   - strict accepts exactly what lenient decodes with only tolerated observations, and
//     both decode it identically.
#include "fuzz/http1_fuzz_support.h"

#include <algorithm>

using namespace mcp::fuzz;
using namespace mcp::http1;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    FuzzInput in(data, size);
    std::size_t piece = pieceSize(in.takeByte());
    Limits limits;
    if (in.takeByte() & 1) {   // small limits, so every limit is reachable
        limits.maxHeadBytes = 256;
        limits.maxTargetBytes = 64;
        limits.maxHeaderFields = 8;
        limits.maxBodyBytes = 64;
        limits.maxChunkLineBytes = 32;
    }
    std::string_view input = in.rest();

    auto a = runEverySplit([&] { return RequestParser(limits); }, input, piece, false);

    if (a.failed) {
        static const int kStatuses[] = {400, 413, 414, 431, 501, 505};
        FUZZ_CHECK(std::find(std::begin(kStatuses), std::end(kStatuses), a.error.status) != std::end(kStatuses),
                   "a refusal with an unexpected status");
    }
    if (a.complete) {
        FUZZ_CHECK(a.body.size() <= limits.maxBodyBytes, "a body over the limit");
        FUZZ_CHECK(a.head.headers.size() <= limits.maxHeaderFields, "more fields than the limit");
        FUZZ_CHECK(a.head.target.size() <= limits.maxTargetBytes, "a target over the limit");
        for (const auto& f : a.head.headers) {
            FUZZ_CHECK(isToken(f.name), "a field name that is not a token");
            FUZZ_CHECK(f.value.find_first_of(std::string_view("\r\n\0", 3)) == std::string::npos, "CR, LF or NUL in a value");
        }
        FUZZ_CHECK(onlyTolerated(a.observations), "strict accepted a request with a deviation");
    }

    RequestParser lenient(limits, Mode::Lenient);
    auto d = runHttp1(lenient, input, piece, false);
    checkStrictLenientAgreement(a, d);
    return 0;
}
