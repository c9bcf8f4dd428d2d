// Fuzz target: the clients' response decoder (http1::ResponseDecoder, lenient), which reads
// every server the suite and bench talk to, differentially against its strict twin. Byte 0
// picks the split, byte 1 the request method (GET or HEAD) and whether the input ends with
// the server closing. Properties:
//   - whole, split and byte-by-byte feeding give the same events, message, observations, error;
//   - it never consumes more than given, and consumes everything when it needs more;
//   - each observation kind is reported at most once per response, with a printable detail;
//   - strict accepts exactly what lenient decodes with only tolerated observations, and
//     both decode it identically.
#include "fuzz/http1_fuzz_support.h"

#include <set>

using namespace mcp::fuzz;
using namespace mcp::http1;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    FuzzInput in(data, size);
    std::size_t piece = pieceSize(in.takeByte());
    auto flags = in.takeByte();
    std::string_view method = flags & 1 ? "HEAD" : "GET";
    bool closeAtEnd = flags & 2;
    std::string_view input = in.rest();

    auto a = runEverySplit([&] { return ResponseDecoder(method); }, input, piece, closeAtEnd);

    std::set<ObservationKind> kinds;
    for (const auto& o : a.observations) {
        FUZZ_CHECK(kinds.insert(o.kind).second, "an observation kind reported twice");
        for (char ch : o.detail) FUZZ_CHECK(ch >= 0x20 && ch < 0x7F, "an observation detail that is not printable");
    }
    if (a.complete && method == "HEAD") FUZZ_CHECK(a.body.empty(), "a body in a HEAD response");

    ResponseDecoder strict(method, Mode::Strict);
    auto d = runHttp1(strict, input, piece, closeAtEnd);
    checkStrictLenientAgreement(d, a);
    return 0;
}
