#include "parse.hpp"

#include <cmath>
#include <limits>

#include <fmt/format.h>

#include "error.hpp"

namespace ectl {
namespace {

struct UnitScale {
    std::string_view name;
    double nanos;
};

constexpr UnitScale k_units[] = {
    {"ns", 1.0}, {"us", 1e3}, {"\xc2\xb5s", 1e3}, {"\xce\xbcs", 1e3},
    {"ms", 1e6}, {"s", 1e9},  {"m", 60e9},        {"h", 3600e9},
};

bool is_digit(char c) {
    return c >= '0' && c <= '9';
}

// Go's time.ParseDuration; returns the error text ("" on success).
std::string go_parse_duration(const std::string& text, double& nanos) {
    const std::string invalid = fmt::format("time: invalid duration \"{}\"", text);
    std::string_view s = text;
    bool negative = false;
    if (!s.empty() && (s[0] == '-' || s[0] == '+')) {
        negative = s[0] == '-';
        s.remove_prefix(1);
    }
    if (s == "0") {
        nanos = 0;
        return "";
    }
    if (s.empty()) {
        return invalid;
    }
    double total = 0;
    while (!s.empty()) {
        size_t i = 0;
        while (i < s.size() && is_digit(s[i])) {
            ++i;
        }
        size_t int_len = i;
        size_t frac_len = 0;
        if (i < s.size() && s[i] == '.') {
            ++i;
            while (i < s.size() && is_digit(s[i])) {
                ++i;
                ++frac_len;
            }
        }
        if (int_len == 0 && frac_len == 0) {
            return invalid;
        }
        double value = std::stod(std::string(s.substr(0, i)));
        s.remove_prefix(i);
        size_t unit_len = 0;
        while (unit_len < s.size() && s[unit_len] != '.' && !is_digit(s[unit_len])) {
            ++unit_len;
        }
        if (unit_len == 0) {
            return fmt::format("time: missing unit in duration \"{}\"", text);
        }
        std::string_view unit = s.substr(0, unit_len);
        const UnitScale* found = nullptr;
        for (const auto& u : k_units) {
            if (u.name == unit) {
                found = &u;
            }
        }
        if (found == nullptr) {
            return fmt::format("time: unknown unit \"{}\" in duration \"{}\"", unit, text);
        }
        total += value * found->nanos;
        s.remove_prefix(unit_len);
    }
    if (total > static_cast<double>(std::numeric_limits<int64_t>::max())) {
        return invalid;
    }
    nanos = negative ? -total : total;
    return "";
}

} // namespace

std::chrono::nanoseconds parse_duration_flag(std::string_view flag, const std::string& text) {
    double nanos = 0;
    std::string err = go_parse_duration(text, nanos);
    if (!err.empty()) {
        throw_bad_args(fmt::format("invalid argument \"{}\" for \"--{}\" flag: {}", text, flag, err));
    }
    if (nanos < 0) {
        throw_bad_args(fmt::format("invalid argument \"{}\" for \"--{}\" flag: must not be negative", text, flag));
    }
    return std::chrono::nanoseconds(static_cast<int64_t>(std::llround(nanos)));
}

std::string go_parse_int(const std::string& text, int base, int64_t& out) {
    const std::string prefix = fmt::format("strconv.ParseInt: parsing \"{}\": ", text);
    std::string_view s = text;
    bool negative = false;
    if (!s.empty() && (s[0] == '-' || s[0] == '+')) {
        negative = s[0] == '-';
        s.remove_prefix(1);
    }
    if (s.empty()) {
        return prefix + "invalid syntax";
    }
    // Accumulate as unsigned to detect overflow exactly like Go (limit 1<<63 for negatives).
    const uint64_t limit = negative ? (uint64_t{1} << 63) : (uint64_t{1} << 63) - 1;
    uint64_t value = 0;
    bool overflow = false;
    for (char c : s) {
        int digit = -1;
        if (c >= '0' && c <= '9') {
            digit = c - '0';
        } else if (c >= 'a' && c <= 'z') {
            digit = c - 'a' + 10;
        } else if (c >= 'A' && c <= 'Z') {
            digit = c - 'A' + 10;
        }
        if (digit < 0 || digit >= base) {
            return prefix + "invalid syntax";
        }
        auto b = static_cast<uint64_t>(base);
        auto d = static_cast<uint64_t>(digit);
        if (value > (limit - d) / b) {
            overflow = true;
            value = limit;
        } else if (!overflow) {
            value = value * b + d;
        }
    }
    if (overflow) {
        return prefix + "value out of range";
    }
    out = negative ? static_cast<int64_t>(~value + 1) : static_cast<int64_t>(value);
    return "";
}

int64_t parse_int_flag(std::string_view flag, const std::string& text) {
    int64_t value = 0;
    std::string err = go_parse_int(text, 10, value);
    if (!err.empty()) {
        throw_bad_args(fmt::format("invalid argument \"{}\" for \"--{}\" flag: {}", text, flag, err));
    }
    return value;
}

int64_t parse_lease_id(const std::string& text, std::string_view what) {
    int64_t id = 0;
    std::string err = go_parse_int(text, 16, id);
    if (!err.empty()) {
        throw_bad_args(fmt::format("{} ({}), expecting ID in Hex", what, err));
    }
    return id;
}

std::vector<std::string> split_csv(const std::string& text) {
    std::vector<std::string> items;
    size_t start = 0;
    while (start <= text.size()) {
        size_t comma = text.find(',', start);
        if (comma == std::string::npos) {
            comma = text.size();
        }
        std::string item = text.substr(start, comma - start);
        size_t b = item.find_first_not_of(" \t\r\n");
        size_t e = item.find_last_not_of(" \t\r\n");
        items.push_back(b == std::string::npos ? std::string() : item.substr(b, e - b + 1));
        start = comma + 1;
    }
    return items;
}

bool parse_go_bool(std::string_view flag, const std::string& text) {
    for (const char* t : {"1", "t", "T", "TRUE", "true", "True"}) {
        if (text == t) {
            return true;
        }
    }
    for (const char* f : {"0", "f", "F", "FALSE", "false", "False"}) {
        if (text == f) {
            return false;
        }
    }
    throw_bad_args(fmt::format("invalid argument \"{}\" for \"--{}\" flag: strconv.ParseBool: parsing \"{}\": "
                               "invalid syntax",
                               text, flag, text));
}

std::string ascii_upper(std::string_view text) {
    std::string out(text);
    for (char& c : out) {
        if (c >= 'a' && c <= 'z') {
            c = static_cast<char>(c - 'a' + 'A');
        }
    }
    return out;
}

} // namespace ectl
