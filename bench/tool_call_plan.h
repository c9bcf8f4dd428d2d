// ToolCallPlan: which tool mcp-bench's roundtrip calls run, with which arguments, and how each
// result is checked, so that a wrong answer counts as an error instead of as a fast call.
//
//   auto plan = mcp::bench::ToolCallPlan::addWithSum();     // the default
//   plan.buildCall(7);  // tools/call add {"a":7,"b":2}; its first text content must be "9"
//
//   std::string error;
//   auto custom = mcp::bench::ToolCallPlan::custom("get-sum", R"({"a":2,"b":3})",
//                                                  R"({"content":[{"type":"text"}]})", error);
//
// A custom plan sends the same arguments with every call. Its --expect value is matched as a
// subset of the call's `result`: every member of an expected object must be present with a
// matching value, an expected array's elements match the result array's first elements in
// order, strings, booleans and null must be equal, numbers numerically equal. Results are read
// with JsonMemberScanner (no document is built per reply), so checking costs little client CPU.
#pragma once

#include <Poco/Dynamic/Var.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace mcp::bench {

class ToolCallPlan {
public:
    // tools/call add {"a": id, "b": 2}: arguments differ per call, so a cached or made-up
    // answer is caught; the result's first content element must be text holding id + 2.
    static ToolCallPlan addWithSum();
    // Fixed arguments (a JSON object) and an optional expected result (empty: only `isError`
    // and the id are checked). nullopt with `error` set when either is not valid JSON.
    static std::optional<ToolCallPlan> custom(std::string tool, std::string_view argumentsJson,
                                              std::string_view expectJson, std::string& error);

    std::string buildCall(std::int64_t id) const;
    // Empty when `resultJson` (the reply's `result` member) is the right answer for call `id`;
    // otherwise a short reason ("wrong sum", "result does not match --expect").
    std::string_view check(std::string_view resultJson, std::int64_t id) const;

    const std::string& tool() const { return tool_; }
    bool verifiesResults() const { return sumCheck_ || expected_.has_value(); }

private:
    std::string tool_ = "add";
    std::string callPrefix_;                    // up to the arguments (custom plans: including them)
    bool sumCheck_ = false;
    std::optional<Poco::Dynamic::Var> expected_;
};

// Whether the JSON text `actual` holds `expected` as described above (exposed for tests).
bool jsonContains(const Poco::Dynamic::Var& expected, std::string_view actual);

}  // namespace mcp::bench
