// DeadlineExchanger: gives one case an overall time budget. It wraps the run's exchanger and
// cuts every wait (connect and response head, every body read) at the case's deadline, so a
// case that talks to a silent or dripping server ends when its budget is spent, however many
// exchanges and retries it makes. expired() tells the runner that a wait was cut, so it can
// mark the verdict inconclusive instead of trusting what a cut wait "observed".
//
//   DeadlineExchanger bounded(http, Clock::now() + 30s);
//   auto opened = bounded.open(request, 5s);   // waits min(5 s, what is left of the 30 s)
#pragma once

#include "conformance/http_exchanger.h"

#include <atomic>
#include <memory>

namespace mcp::conformance {

class DeadlineExchanger : public HttpExchanger {
public:
    DeadlineExchanger(HttpExchanger& inner, Deadline deadline);
    OpenResult open(const OutgoingRequest& request, milliseconds timeout) override;
    // A wait was cut short (or refused) because the deadline passed.
    bool expired() const { return state_->expired; }
    Deadline deadline() const { return state_->deadline; }

    struct State {
        Deadline deadline;
        std::atomic<bool> expired{false};
        // The wait allowed for a request of `wanted`; marks expiry when the deadline is the limit.
        milliseconds clamp(milliseconds wanted);
    };

private:
    HttpExchanger& inner_;
    std::shared_ptr<State> state_;   // shared with the streams this exchanger hands out
};

}  // namespace mcp::conformance
