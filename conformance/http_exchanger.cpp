// The bounded whole-response read shared by every exchanger.
#include "conformance/http_exchanger.h"

namespace mcp::conformance {

HttpResult fetchAll(HttpExchanger& exchanger, const OutgoingRequest& request, milliseconds timeout,
                    std::size_t maxBytes) {
    HttpResult result;
    auto deadline = Clock::now() + timeout;
    auto opened = exchanger.open(request, timeout);
    if (!opened.stream) {
        result.error = opened.error;
        result.connectFailed = opened.connectFailed;
        result.timedOut = opened.timedOut;
        return result;
    }
    result.ok = true;
    result.head = opened.stream->head();
    while (true) {
        if (result.body.size() >= maxBytes) {
            result.truncated = true;
            result.body.resize(maxBytes);
            break;
        }
        auto left = remaining(deadline);
        if (left.count() == 0) {
            result.timedOut = true;
            break;
        }
        auto status = opened.stream->read(result.body, left);
        if (status == ReadStatus::End) {
            result.complete = true;
            break;
        }
        if (status == ReadStatus::Timeout) {
            result.timedOut = true;
            break;
        }
        if (status == ReadStatus::Error) {
            result.error = opened.stream->error();
            break;
        }
    }
    return result;
}

}  // namespace mcp::conformance
