// HeaderFields: the one header-field container of the project (server requests and
// responses, the suite's requests and responses, bench, tests), plus the small field-value
// helpers every HTTP user needs: case-insensitive names (RFC 9110 §5.1), OWS trimming
// (§5.6.3), list splitting (§5.6.1) and media types (§8.3.1).
//
//   mcp::http1::HeaderFields fields;
//   fields.add("Content-Type", "application/json; charset=utf-8");
//   fields.get("content-type");                       // "application/json; charset=utf-8"
//   mediaType(*fields.get("Content-Type"));           // "application/json"
//   listContains("gzip, Chunked", "chunked");         // true (whole elements only)
//
// Fields keep their arrival order and exact spelling; duplicates are kept (a sender's
// repeated field is evidence, never merged silently).
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mcp::http1 {

struct HeaderField {
    std::string name;
    std::string value;
    bool operator==(const HeaderField&) const = default;
};

class HeaderFields {
public:
    using const_iterator = std::vector<HeaderField>::const_iterator;

    HeaderFields() = default;
    HeaderFields(std::initializer_list<HeaderField> fields) : fields_(fields) {}

    void add(std::string name, std::string value) { fields_.push_back({std::move(name), std::move(value)}); }
    void push_back(HeaderField field) { fields_.push_back(std::move(field)); }
    // Replaces every field of that name by one field (appended at the end).
    void set(std::string_view name, std::string value);
    void remove(std::string_view name);
    void clear() { fields_.clear(); }

    // The first value of a field, if present.
    std::optional<std::string_view> get(std::string_view name) const;
    // Every value of a field, in order.
    std::vector<std::string_view> getAll(std::string_view name) const;
    std::size_t count(std::string_view name) const;
    bool has(std::string_view name) const { return get(name).has_value(); }

    const std::vector<HeaderField>& fields() const { return fields_; }
    std::size_t size() const { return fields_.size(); }
    bool empty() const { return fields_.empty(); }
    HeaderField& back() { return fields_.back(); }
    const HeaderField& back() const { return fields_.back(); }
    const_iterator begin() const { return fields_.begin(); }
    const_iterator end() const { return fields_.end(); }
    bool operator==(const HeaderFields&) const = default;

private:
    std::vector<HeaderField> fields_;
};

// ASCII case-insensitive comparison (field names, tokens, media types).
bool equalsIgnoreCase(std::string_view a, std::string_view b);
std::string toLowerAscii(std::string_view text);
// Removes optional whitespace (SP and HTAB) at both ends.
std::string_view trimOws(std::string_view text);
// tchar and token (RFC 9110 §5.6.2).
bool isTchar(unsigned char c);
bool isToken(std::string_view text);
// The elements of a list-valued field ("a, b,,c" -> a, b, c): split at commas outside
// quoted strings, OWS trimmed, empty elements dropped (RFC 9110 §5.6.1).
std::vector<std::string_view> splitList(std::string_view value);
// True when one element of the list equals `token` ignoring case (never a substring match).
bool listContains(std::string_view value, std::string_view token);
// The media type of a Content-Type or Accept element, lower-cased, parameters dropped.
std::string mediaType(std::string_view value);

}  // namespace mcp::http1
