// JsonMemberScanner: finds one member of a JSON object in its raw text without building a
// document, so that mcp-bench can read the id of a reply or the seq of a streamed event at
// hundreds of thousands of messages per second (a full POCO JSON parse costs microseconds).
//
//   auto id = mcp::bench::findJsonMember(R"({"result":{},"jsonrpc":"2.0","id":7})", "id");
//   // *id == "7";  mcp::bench::parseJsonInteger(*id) == 7
//
// Only the object's own members are considered (a "id" key nested inside "result" or inside
// a string is not), keys are compared as raw bytes (escaped keys never match), and malformed
// or over-deep input yields nullopt. It checks structure only as far as it needs to skip values.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string_view>

namespace mcp::bench {

// Values nested deeper than this are refused (malformed, as far as the scanner is concerned).
inline constexpr int kMaxJsonDepth = 64;

// Reads the members of one JSON object in order, without allocating: the loop under
// forEachJsonMember, for callers that want no callback at all.
class JsonMemberReader {
public:
    explicit JsonMemberReader(std::string_view objectText);
    // The next member's key and raw value: false at the end of the object or at malformed
    // text (then wellFormed() is false).
    bool next(std::string_view& key, std::string_view& value);
    bool wellFormed() const { return wellFormed_; }

private:
    bool refuse();

    std::string_view s_;
    std::size_t i_ = 0;
    bool first_ = true;
    bool done_ = false;
    bool wellFormed_ = true;
};

// Calls onMember(key, rawValue) for each member of the object `objectText` in order, until it
// returns false. Returns false when the text is not a well-formed object up to where it stopped.
template <typename OnMember>
bool forEachJsonMember(std::string_view objectText, OnMember&& onMember) {
    JsonMemberReader reader(objectText);
    std::string_view key, value;
    while (reader.next(key, value))
        if (!onMember(key, value)) return true;
    return reader.wellFormed();
}

// The top-level members that tell what a JSON-RPC message is (mcp-bench reads them from every
// message it receives). Returns false when the text is not a well-formed object.
struct JsonRpcMembers {
    std::optional<std::string_view> id, method, params, error, result;
};
bool scanJsonRpcMembers(std::string_view message, JsonRpcMembers& members);

// Calls onElement(rawValue) for each element of the array `arrayText` in order, until it
// returns false. Returns false when the text is not a well-formed array up to where it stopped.
bool forEachJsonElement(std::string_view arrayText, const std::function<bool(std::string_view value)>& onElement);

// The raw text of member `key` of the object `objectText` (leading whitespace allowed).
std::optional<std::string_view> findJsonMember(std::string_view objectText, std::string_view key);

// Follows a path of member names: findJsonPath(text, {"params", "data", "seq"}).
std::optional<std::string_view> findJsonPath(std::string_view objectText,
                                             std::initializer_list<std::string_view> path);

// The deepest bracket nesting outside strings, the string rules being the scanner's own.
int jsonNestingDepth(std::string_view text);

// A JSON integer literal that fits int64 ("-12"); nullopt for anything else.
std::optional<std::int64_t> parseJsonInteger(std::string_view raw);

// The content of a JSON string literal without escapes ("\"abc\"" -> "abc"); nullopt if the
// literal holds escapes or is not a string.
std::optional<std::string_view> plainJsonString(std::string_view raw);

}  // namespace mcp::bench
