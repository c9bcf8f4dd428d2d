// Fuzz target: mcp-bench's JsonMemberScanner (bench/json_member_scanner.h), which reads the id
// of every reply and the seq of every streamed event without building a document, checked
// differentially against the project's JSON parse (mcp::parseJsonText, POCO underneath) on
// the same text. Properties:
//   - it never crashes or reads out of bounds, whatever the bytes (its own structure checks);
//   - on a text the parser reads as an object (and no deeper than 64), forEachJsonMember
//     accepts it and visits every member; when no key is escaped, each member whose key
//     appears once has the parser's value (its raw text re-parsed), and findJsonMember finds
//     the same text;
//   - parseJsonInteger and plainJsonString agree with the parser on integers and strings.
#include "bench/json_member_scanner.h"
#include "fuzz/fuzz_support.h"
#include "protocol/json_text.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include <map>
#include <string>

namespace {

using mcp::bench::findJsonMember;
using mcp::bench::forEachJsonMember;

// The project's JSON reading (POCO with its integer gaps closed), at the scanner's depth and more.
std::optional<Poco::Dynamic::Var> parse(std::string_view text) { return mcp::parseJsonText(text, 256).value; }

std::string canonical(const Poco::Dynamic::Var& value) {
    try {
        return Poco::Dynamic::Var::toString(value);
    } catch (...) {
        return "<unprintable>";
    }
}

bool plainKey(std::string_view key) {
    for (char c : key)
        if (c == '\\' || static_cast<unsigned char>(c) < 0x20) return false;
    return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view text(reinterpret_cast<const char*>(data), size);
    std::map<std::string, int> seen;
    std::map<std::string, std::string_view> firstValue;
    std::size_t visited = 0;
    bool accepted = forEachJsonMember(text, [&](std::string_view key, std::string_view value) {
        FUZZ_CHECK(key.data() >= text.data() && key.data() + key.size() <= text.data() + text.size(), "a key outside the input");
        FUZZ_CHECK(value.data() >= text.data() && value.data() + value.size() <= text.data() + text.size(), "a value outside the input");
        if (++seen[std::string(key)] == 1) firstValue[std::string(key)] = value;
        return ++visited < 10000;
    });
    for (const auto& [key, value] : firstValue) {
        auto found = findJsonMember(text, key);
        FUZZ_CHECK(found && *found == value, "findJsonMember disagrees with forEachJsonMember");
    }

    auto document = parse(text);
    if (!document || document->type() != typeid(Poco::JSON::Object::Ptr)) return 0;
    auto object = document->extract<Poco::JSON::Object::Ptr>();
    FUZZ_CHECK(accepted || mcp::bench::jsonNestingDepth(text) > mcp::bench::kMaxJsonDepth, "a JSON object the parser accepts was refused (and not for its depth)");
    if (!accepted) return 0;
    FUZZ_CHECK(visited >= object->size(), "fewer members visited than the parser found");
    // An escaped key may name the same member as a plain one ("\u0061" and "a"); then POCO keeps
    // the last and the scanner (raw bytes, by design) the first: compare only without escapes.
    for (const auto& [key, count] : seen)
        if (!plainKey(key)) return 0;
    for (const auto& [key, count] : seen) {
        if (count != 1 || !plainKey(key) || !object->has(key)) continue;
        auto expected = object->get(key);
        auto raw = firstValue[key];
        // Wrapped in an array: POCO parses a value of any type there.
        auto reparsed = parse("[" + std::string(raw) + "]");
        FUZZ_CHECK(reparsed.has_value(), "a member value accepted in place does not parse alone");
        auto element = reparsed->extract<Poco::JSON::Array::Ptr>()->get(0);
        FUZZ_CHECK(canonical(element) == canonical(expected), "the scanner's value differs from the parser's");
        // Compare integers where the scanner reads one (beyond 64 bits the parse gives a double).
        if (auto scanned = mcp::bench::parseJsonInteger(raw)) {
            FUZZ_CHECK(expected.isInteger() && !expected.isBoolean(), "parseJsonInteger read a value the parser does not see as an integer");
            FUZZ_CHECK(expected.convert<Poco::Int64>() == *scanned, "parseJsonInteger disagrees with the parser");
        }
        if (expected.isString())
            if (auto plain = mcp::bench::plainJsonString(raw)) FUZZ_CHECK(*plain == expected.toString(), "plainJsonString disagrees with the parser");
    }
    return 0;
}
