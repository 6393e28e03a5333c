#include "key_range.hpp"

#include <fmt/format.h>

#include "go_quote.hpp"

namespace ectl {

std::string prefix_range_end(const std::string& prefix) {
    std::string end = prefix;
    while (!end.empty()) {
        auto last = static_cast<unsigned char>(end.back());
        if (last < 0xff) {
            end.back() = static_cast<char>(last + 1);
            return end;
        }
        end.pop_back();
    }
    return std::string(1, '\0');
}

KeyRange resolve_key_range(const std::string& key, const std::string* range_end, bool prefix, bool from_key) {
    KeyRange r{key, range_end != nullptr ? *range_end : std::string()};
    if (prefix) {
        if (key.empty()) {
            r.key = std::string(1, '\0');
            r.range_end = std::string(1, '\0');
        } else {
            r.range_end = prefix_range_end(key);
        }
    }
    if (from_key) {
        if (key.empty()) {
            r.key = std::string(1, '\0');
        }
        r.range_end = std::string(1, '\0');
    }
    return r;
}

std::string hex_escape_bytes(const std::string& bytes) {
    static constexpr char k_digits[] = "0123456789abcdef";
    std::string out;
    out.reserve(bytes.size() * 4);
    for (char c : bytes) {
        auto b = static_cast<unsigned char>(c);
        out += "\\x";
        out += k_digits[b >> 4];
        out += k_digits[b & 0x0f];
    }
    return out;
}

std::string describe_range(const std::string& key, const std::string& range_end) {
    if (range_end.empty()) {
        return "key " + go_quote(key);
    }
    if (range_end == std::string(1, '\0')) {
        return key == range_end ? "all keys" : "keys from " + go_quote(key);
    }
    if (range_end == prefix_range_end(key)) {
        return "prefix " + go_quote(key);
    }
    return fmt::format("range [{}, {})", go_quote(key), go_quote(range_end));
}

} // namespace ectl
