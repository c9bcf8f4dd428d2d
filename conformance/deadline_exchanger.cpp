// Case deadline: clamps every exchange and read of a case to the case's overall budget.
#include "conformance/deadline_exchanger.h"

namespace mcp::conformance {
namespace {

class DeadlineStream : public HttpStream {
public:
    DeadlineStream(std::unique_ptr<HttpStream> inner, std::shared_ptr<DeadlineExchanger::State> state)
        : inner_(std::move(inner)), state_(std::move(state)) {}
    const HttpResponseHead& head() const override { return inner_->head(); }
    std::string error() const override { return inner_->error(); }
    std::vector<mcp::http1::Observation> framing() const override { return inner_->framing(); }
    ReadStatus read(std::string& out, milliseconds timeout) override {
        auto allowed = state_->clamp(timeout);
        if (allowed.count() == 0) return ReadStatus::Timeout;
        return inner_->read(out, allowed);
    }

private:
    std::unique_ptr<HttpStream> inner_;
    std::shared_ptr<DeadlineExchanger::State> state_;
};

}  // namespace

milliseconds DeadlineExchanger::State::clamp(milliseconds wanted) {
    auto left = remaining(deadline);
    if (left <= wanted) {
        // The deadline, not the caller, limits this wait: whatever it sees is cut short.
        if (wanted.count() > 0) expired = true;
        return left;
    }
    return wanted;
}

DeadlineExchanger::DeadlineExchanger(HttpExchanger& inner, Deadline deadline)
    : inner_(inner), state_(std::make_shared<State>()) {
    state_->deadline = deadline;
}

OpenResult DeadlineExchanger::open(const OutgoingRequest& request, milliseconds timeout) {
    auto allowed = state_->clamp(timeout);
    if (allowed.count() == 0) {
        OpenResult refused;
        refused.error = "the case's time budget is spent (--case-timeout)";
        refused.timedOut = true;
        return refused;
    }
    auto result = inner_.open(request, allowed);
    if (result.stream) result.stream = std::make_unique<DeadlineStream>(std::move(result.stream), state_);
    return result;
}

}  // namespace mcp::conformance
