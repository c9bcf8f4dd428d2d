// Response decoding for every exchanger: a ByteSource's bytes through http1::ResponseDecoder.
#include "conformance/decoded_http_stream.h"

#include <algorithm>

namespace mcp::conformance {

using mcp::http1::ParseEvent;

ReadStatus StringSource::receive(std::string& into, Deadline) {
    if (pos_ >= bytes_.size()) return ReadStatus::End;
    auto n = std::min(piece_, bytes_.size() - pos_);
    into.append(bytes_, pos_, n);
    pos_ += n;
    return ReadStatus::Data;
}

DecodedHttpStream::DecodedHttpStream(std::unique_ptr<ByteSource> source, std::string_view requestMethod)
    : source_(std::move(source)), decoder_(requestMethod) {}

ParseEvent DecodedHttpStream::decode(std::string* out) {
    auto sink = [out](std::string_view bytes) {
        if (out) out->append(bytes);
    };
    std::string_view pending = raw_;
    ParseEvent event = ParseEvent::NeedMore;
    while (true) {
        auto step = decoder_.feed(pending, sink);
        pending.remove_prefix(step.consumed);
        event = step.event;
        // A head stops the decoder once; keep going into the body only when asked for it.
        if (event != ParseEvent::HeadComplete || !out) break;
    }
    raw_.erase(0, raw_.size() - pending.size());
    if (event == ParseEvent::NeedMore && eof_) event = decoder_.finish(sink).event;
    return event;
}

bool DecodedHttpStream::readHead(Deadline deadline, std::string& error, bool& timedOut) {
    while (true) {
        auto event = decode(nullptr);
        if (decoder_.headComplete()) {
            const auto& head = decoder_.head();
            head_.status = head.status;
            head_.reason = head.reason;
            head_.headers = head.headers;
            head_.framing = head.framing;
            return true;
        }
        if (event == ParseEvent::Failed) {
            auto reason = decoder_.error().reason;
            if (eof_ && decoder_.idle()) error = "connection closed without a response";
            else if (eof_ && reason.rfind("connection closed", 0) == 0) error = "connection closed inside the response head";
            else error = reason;
            return false;
        }
        auto got = source_->receive(raw_, deadline);
        if (got == ReadStatus::Timeout) {
            timedOut = true;
            error = "no response head before the deadline";
            return false;
        }
        if (got == ReadStatus::Error) {
            error = source_->error();
            return false;
        }
        if (got == ReadStatus::End) eof_ = true;
    }
}

ReadStatus DecodedHttpStream::read(std::string& out, milliseconds timeout) {
    auto deadline = Clock::now() + timeout;
    while (true) {
        if (!error_.empty()) return ReadStatus::Error;
        auto before = out.size();
        auto event = decode(&out);
        if (out.size() > before) return ReadStatus::Data;
        if (event == ParseEvent::MessageComplete) return ReadStatus::End;
        if (event == ParseEvent::Failed) {
            error_ = decoder_.error().reason;
            return ReadStatus::Error;
        }
        auto got = source_->receive(raw_, deadline);
        if (got == ReadStatus::Timeout) return ReadStatus::Timeout;
        if (got == ReadStatus::Error) {
            error_ = source_->error();
            return ReadStatus::Error;
        }
        if (got == ReadStatus::End) eof_ = true;
    }
}

}  // namespace mcp::conformance
