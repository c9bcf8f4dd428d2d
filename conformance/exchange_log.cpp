// Recording of wire exchanges and their redacted renderings (text and curl).
#include "conformance/exchange_log.h"

#include "conformance/json_util.h"

namespace mcp::conformance {
namespace {

class RecordingStream : public HttpStream {
public:
    RecordingStream(std::unique_ptr<HttpStream> inner, std::shared_ptr<Exchange> record, std::size_t keep,
                    FramingLedger* framing, std::string exchange)
        : inner_(std::move(inner)), record_(std::move(record)), keep_(keep), framing_(framing), exchange_(std::move(exchange)) {}
    ~RecordingStream() override {
        if (!framing_) return;
        auto response = describeFraming(exchange_, inner_->head());
        response.readToTheEnd = ended_;
        response.observations = inner_->framing();
        framing_->record(response);
    }
    const HttpResponseHead& head() const override { return inner_->head(); }
    std::string error() const override { return inner_->error(); }
    std::vector<mcp::http1::Observation> framing() const override { return inner_->framing(); }
    ReadStatus read(std::string& out, milliseconds timeout) override {
        auto before = out.size();
        auto status = inner_->read(out, timeout);
        auto added = out.size() - before;
        record_->responseBodyBytes += added;
        if (record_->responseBody.size() < keep_) {
            auto room = keep_ - record_->responseBody.size();
            record_->responseBody.append(out, before, std::min(room, added));
        }
        if (status == ReadStatus::Error && record_->error.empty()) record_->error = inner_->error();
        if (status == ReadStatus::End || status == ReadStatus::Error) ended_ = true;
        return status;
    }

private:
    std::unique_ptr<HttpStream> inner_;
    std::shared_ptr<Exchange> record_;
    std::size_t keep_;   // kMaxRecordedBody plus room for a secret straddling the cut
    FramingLedger* framing_;
    std::string exchange_;
    bool ended_ = false;
};

void cut(std::string& text, std::size_t max) {
    if (text.size() > max) text.resize(max);
}

std::string printable(std::string_view raw) {
    std::string sanitized = sanitizeUtf8(raw);
    std::string_view text = sanitized;
    std::string out;
    for (unsigned char c : text) {
        if (c == '\n' || c == '\t' || (c >= 0x20 && c != 0x7f) ) out += static_cast<char>(c);
        else if (c == '\r') out += "\\r";
        else {
            char buf[8];
            std::snprintf(buf, sizeof buf, "\\x%02x", c);
            out += buf;
        }
    }
    return out;
}

std::string shellQuote(const std::string& text) {
    std::string out = "'";
    for (char c : text) {
        if (c == '\'') out += "'\\''";
        else out += c;
    }
    return out + "'";
}

}  // namespace

std::shared_ptr<Exchange> ExchangeLog::add(const OutgoingRequest& request, std::size_t slack) {
    auto keep = kMaxRecordedBody + slack;
    auto record = std::make_shared<Exchange>();
    record->request.method = request.method;
    record->request.target = request.target.substr(0, keep);
    for (const auto& h : request.headers) record->request.headers.add(h.name, h.value.substr(0, keep));
    record->request.body = request.body.substr(0, keep);
    if (request.rawHead) record->request.rawHead = request.rawHead->substr(0, keep);
    record->request.addHost = request.addHost;
    record->request.addContentLength = request.addContentLength;
    record->requestBodyBytes = request.body.size();
    if (request.rawHead && request.rawHead->size() > keep) record->requestHeadBytes = request.rawHead->size();
    record->startedMs = std::chrono::duration<double, std::milli>(Clock::now() - started_).count();
    std::lock_guard lock(mutex_);
    if (exchanges_.size() < kMaxExchanges) exchanges_.push_back(record);
    else ++dropped_;
    return record;
}

std::vector<Exchange> ExchangeLog::snapshot(const Redactor& redactor) const {
    std::vector<Exchange> out;
    {
        std::lock_guard lock(mutex_);
        for (const auto& e : exchanges_) out.push_back(*e);
    }
    // Redact first, then cut: a secret that straddles the cut is replaced whole.
    for (auto& e : out) {
        auto& r = e.request;
        r.target = redactor.apply(r.target);
        cut(r.target, kMaxRecordedBody);
        HttpHeaders headers;
        for (const auto& h : r.headers) {
            auto value = equalsIgnoreCase(h.name, "Authorization") ? redactor.redactAuthorization(h.value) : redactor.apply(h.value);
            cut(value, kMaxRecordedBody);
            headers.add(h.name, value);
        }
        r.headers = headers;
        r.body = redactor.apply(r.body);
        cut(r.body, kMaxRecordedBody);
        if (r.rawHead) {
            auto size = e.requestHeadBytes ? e.requestHeadBytes : r.rawHead->size();
            *r.rawHead = redactor.apply(*r.rawHead);
            if (r.rawHead->size() > kMaxRecordedBody || e.requestHeadBytes) {
                cut(*r.rawHead, kMaxRecordedBody);
                *r.rawHead += "[... " + std::to_string(size > kMaxRecordedBody ? size - kMaxRecordedBody : 0) + " more head bytes]\r\n\r\n";
            }
        }
        if (e.response) {
            HttpHeaders responseHeaders;
            for (const auto& h : e.response->headers) responseHeaders.add(h.name, redactor.apply(h.value));
            e.response->headers = responseHeaders;
        }
        e.responseBody = redactor.apply(e.responseBody);
        cut(e.responseBody, kMaxRecordedBody);
        e.error = redactor.apply(e.error);
    }
    return out;
}

OpenResult RecordingExchanger::open(const OutgoingRequest& request, milliseconds timeout) {
    // Room for the longest form of a secret past the cut, plus the bytes around it.
    auto slack = redactor_.longestForm() + 64;
    auto record = log_.add(request, slack);
    auto start = Clock::now();
    auto result = inner_.open(request, timeout);
    record->durationMs = std::chrono::duration<double, std::milli>(Clock::now() - start).count();
    // The path only: a query may carry a credential a case made up.
    std::string exchange = label_ + " #" + std::to_string(++opened_) + ": " + request.method + " " +
                           excerpt(request.target.substr(0, request.target.find('?')), 80) + " -> ";
    if (!result.stream) {
        record->error = result.error;
        if (framing_ && !result.framing.empty()) {
            FramedResponse failed;
            failed.exchange = exchange + "no usable head";
            failed.observations = result.framing;
            framing_->record(failed);
        }
        return result;
    }
    record->response = result.stream->head();
    exchange += std::to_string(result.stream->head().status);
    result.stream = std::make_unique<RecordingStream>(std::move(result.stream), record, ExchangeLog::kMaxRecordedBody + slack,
                                                      framing_, std::move(exchange));
    return result;
}

std::string renderRequest(const Exchange& exchange, const Redactor& redactor) {
    const auto& r = exchange.request;
    std::string out;
    if (r.rawHead) {
        out = printable(*r.rawHead);
    } else {
        out = r.method + " " + r.target + " HTTP/1.1\n";
        for (const auto& h : r.headers) {
            auto value = equalsIgnoreCase(h.name, "Authorization") ? redactor.redactAuthorization(h.value) : h.value;
            out += printable(h.name) + ": " + printable(value) + "\n";
        }
        out += "\n";
    }
    out += printable(r.body);
    if (exchange.requestBodyBytes > r.body.size())
        out += "\n[... " + std::to_string(exchange.requestBodyBytes - r.body.size()) + " more body bytes]";
    return redactor.apply(out);
}

std::string renderResponse(const Exchange& exchange, const Redactor& redactor) {
    std::string out;
    if (exchange.response) {
        out = "HTTP/1.1 " + std::to_string(exchange.response->status) + " " + printable(exchange.response->reason) + "\n";
        for (const auto& h : exchange.response->headers) out += printable(h.name) + ": " + printable(h.value) + "\n";
        out += "\n" + printable(exchange.responseBody);
        if (exchange.responseBodyBytes > exchange.responseBody.size())
            out += "\n[... " + std::to_string(exchange.responseBodyBytes - exchange.responseBody.size()) + " more body bytes read]";
    }
    if (!exchange.error.empty()) out += (out.empty() ? "" : "\n") + std::string("[transport: ") + printable(exchange.error) + "]";
    return redactor.apply(out);
}

std::string curlCommand(const Exchange& exchange, const Target& target, const Redactor& redactor) {
    const auto& r = exchange.request;
    if (r.rawHead) {
        std::string bytes = redactor.apply(*r.rawHead + r.body);
        std::string escaped;
        for (unsigned char c : bytes) {
            if (c == '\r') escaped += "\\r";
            else if (c == '\n') escaped += "\\n";
            else if (c == '\\') escaped += "\\\\";
            else if (c == '%') escaped += "%%";
            else if (c < 0x20 || c >= 0x7f) {
                char buf[8];
                std::snprintf(buf, sizeof buf, "\\%03o", c);
                escaped += buf;
            } else escaped += static_cast<char>(c);
        }
        if (escaped.size() > 2000) escaped = escaped.substr(0, 2000) + "...";
        return redactor.forShell("printf " + shellQuote(escaped) + " | nc " + target.origin.host + " " +
                                 std::to_string(target.origin.port));
    }
    std::string cmd = "curl -sS -i -N";
    if (target.tls.insecure) cmd += " -k";
    if (!target.tls.caFile.empty()) cmd += " --cacert " + shellQuote(target.tls.caFile);
    if (r.method == "HEAD") cmd += " -I";
    else if (r.method != "GET" || !r.body.empty()) cmd += " -X " + r.method;
    cmd += " " + shellQuote(printable(target.urlFor(r.target)));
    for (const auto& h : r.headers) {
        if (equalsIgnoreCase(h.name, "Content-Length")) continue;
        auto value = equalsIgnoreCase(h.name, "Authorization") ? redactor.redactAuthorization(h.value) : h.value;
        cmd += " -H " + shellQuote(printable(h.name + ": " + value));
    }
    if (!r.body.empty()) {
        if (exchange.requestBodyBytes > r.body.size())
            cmd += " --data-binary @body.bin  # " + std::to_string(exchange.requestBodyBytes) + "-byte body";
        else
            cmd += " --data-binary " + shellQuote(printable(r.body));
    }
    return redactor.forShell(cmd);
}

}  // namespace mcp::conformance
