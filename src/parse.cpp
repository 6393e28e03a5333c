#include "parse.hpp"

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <iterator>

#include <absl/strings/ascii.h>
#include <absl/strings/str_split.h>
#include <fmt/format.h>

#include "error.hpp"
#include "go_quote.hpp"

namespace ectl {
namespace {

constexpr uint64_t k_one_63 = uint64_t{1} << 63;

struct Unit {
    std::string_view name;
    uint64_t nanos;
};

constexpr Unit k_units[] = {
    {"ns", 1},       {"us", 1000},      {"\xc2\xb5s", 1000}, {"\xce\xbcs", 1000},
    {"ms", 1000000}, {"s", 1000000000}, {"m", 60000000000},  {"h", 3600000000000},
};

bool is_digit(char c) {
    return c >= '0' && c <= '9';
}

// Go 1.19's time.quote: ASCII as is (with " and \ escaped), every other byte as \xNN.
std::string time_quote(std::string_view s) {
    std::string out = "\"";
    for (char c : s) {
        auto b = static_cast<unsigned char>(c);
        if (b >= 0x80 || b < ' ') {
            out += fmt::format("\\x{:02x}", b);
        } else {
            out += (c == '"' || c == '\\') ? std::string{'\\', c} : std::string{c};
        }
    }
    return out + "\"";
}

// Go's leadingInt: [0-9]* as an integer; false on overflow past 1<<63.
bool leading_int(std::string_view& s, uint64_t& x) {
    x = 0;
    while (!s.empty() && is_digit(s[0])) {
        if (x > k_one_63 / 10) {
            return false;
        }
        x = x * 10 + static_cast<uint64_t>(s[0] - '0');
        if (x > k_one_63) {
            return false;
        }
        s.remove_prefix(1);
    }
    return true;
}

// Go's leadingFraction: [0-9]* as x / scale, precision dropped (not an error) on overflow.
void leading_fraction(std::string_view& s, uint64_t& x, double& scale) {
    x = 0;
    scale = 1;
    bool overflow = false;
    for (; !s.empty() && is_digit(s[0]); s.remove_prefix(1)) {
        if (overflow || x > (k_one_63 - 1) / 10) {
            overflow = true;
            continue;
        }
        uint64_t y = x * 10 + static_cast<uint64_t>(s[0] - '0');
        if (y > k_one_63) {
            overflow = true;
            continue;
        }
        x = y;
        scale *= 10;
    }
}

// One "<number><unit>" of a duration, added to total; the error text, or "" on success.
std::string duration_term(std::string_view& s, const std::string& text, uint64_t& total) {
    std::string invalid = "time: invalid duration " + time_quote(text);
    if (!(s[0] == '.' || is_digit(s[0]))) {
        return invalid;
    }
    size_t before = s.size();
    uint64_t v = 0;
    if (!leading_int(s, v)) {
        return invalid;
    }
    bool pre = s.size() != before;
    uint64_t f = 0;
    double scale = 1;
    bool post = false;
    if (!s.empty() && s[0] == '.') {
        s.remove_prefix(1);
        before = s.size();
        leading_fraction(s, f, scale);
        post = s.size() != before;
    }
    if (!pre && !post) {
        return invalid;
    }
    size_t i = 0;
    while (i < s.size() && s[i] != '.' && !is_digit(s[i])) {
        ++i;
    }
    if (i == 0) {
        return "time: missing unit in duration " + time_quote(text);
    }
    std::string_view name = s.substr(0, i);
    s.remove_prefix(i);
    const Unit* unit =
        std::find_if(std::begin(k_units), std::end(k_units), [&](const Unit& u) { return u.name == name; });
    if (unit == std::end(k_units)) {
        return "time: unknown unit " + time_quote(name) + " in duration " + time_quote(text);
    }
    if (v > k_one_63 / unit->nanos) {
        return invalid;
    }
    v *= unit->nanos;
    if (f > 0) {
        // As Go: float64 keeps fractions of hours nanosecond-accurate.
        v += static_cast<uint64_t>(static_cast<double>(f) * (static_cast<double>(unit->nanos) / scale));
        if (v > k_one_63) {
            return invalid;
        }
    }
    total += v;
    return total > k_one_63 ? invalid : "";
}

// Go's time.ParseDuration, exactly: its grammar, its integer overflow rules and its error texts
// (absl::ParseDuration accepts "inf" and durations beyond int64 nanoseconds, and words its
// errors its own way). Returns the error text ("" on success).
std::string go_parse_duration(const std::string& text, int64_t& nanos) {
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
        return "time: invalid duration " + time_quote(text);
    }
    uint64_t total = 0;
    while (!s.empty()) {
        std::string err = duration_term(s, text, total);
        if (!err.empty()) {
            return err;
        }
    }
    if (!negative && total > k_one_63 - 1) {
        return "time: invalid duration " + time_quote(text);
    }
    nanos = negative ? static_cast<int64_t>(~total + 1) : static_cast<int64_t>(total);
    return "";
}

} // namespace

std::chrono::nanoseconds parse_duration_flag(std::string_view flag, const std::string& text) {
    int64_t nanos = 0;
    std::string err = go_parse_duration(text, nanos);
    if (!err.empty()) {
        throw_bad_args(fmt::format("invalid argument \"{}\" for \"--{}\" flag: {}", text, flag, err));
    }
    if (nanos < 0) {
        throw_bad_args(fmt::format("invalid argument \"{}\" for \"--{}\" flag: must not be negative", text, flag));
    }
    return std::chrono::nanoseconds(nanos);
}

std::string go_parse_int(const std::string& text, int base, int64_t& out) {
    const std::string prefix = fmt::format("strconv.ParseInt: parsing {}: ", go_quote(text));
    std::string_view s = text;
    if (!s.empty() && s[0] == '+') {
        s.remove_prefix(1); // Go takes one sign; from_chars takes only '-'
        if (!s.empty() && s[0] == '-') {
            return prefix + "invalid syntax";
        }
    }
    int64_t value = 0;
    auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value, base);
    if (ec == std::errc::result_out_of_range) {
        return prefix + "value out of range"; // Go stops at the first digit past the range too
    }
    if (ec != std::errc() || end != s.data() + s.size()) {
        return prefix + "invalid syntax";
    }
    out = value;
    return "";
}

std::string go_parse_uint(const std::string& text, int base, uint64_t& out) {
    const std::string prefix = fmt::format("strconv.ParseUint: parsing {}: ", go_quote(text));
    uint64_t value = 0;
    // from_chars takes no sign for unsigned types, as ParseUint takes none.
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value, base);
    if (ec == std::errc::result_out_of_range) {
        return prefix + "value out of range";
    }
    if (ec != std::errc() || end != text.data() + text.size()) {
        return prefix + "invalid syntax";
    }
    out = value;
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

int64_t parse_ttl_seconds(std::string_view flag, const std::string& text) {
    int64_t seconds = 0;
    if (!go_parse_int(text, 10, seconds).empty()) {
        auto d = parse_duration_flag(flag, text);
        seconds = std::chrono::ceil<std::chrono::seconds>(d).count();
    }
    if (seconds < 1) {
        throw_bad_args(fmt::format("invalid argument \"{}\" for \"--{}\" flag: a lease lasts at least 1s", text, flag));
    }
    return seconds;
}

int64_t parse_lease_id(const std::string& text, std::string_view what) {
    int64_t id = 0;
    std::string err = go_parse_int(text, 16, id);
    if (err.empty()) {
        return id;
    }
    // The usual mistake: an ID copied from -w json, where etcdctl writes IDs in decimal.
    int64_t decimal = 0;
    if (go_parse_int(text, 10, decimal).empty() && decimal > 0) {
        throw_bad_args(fmt::format("{} \"{}\": lease IDs are hex (in hex that is {:x})", what, text, decimal));
    }
    throw_bad_args(fmt::format("{} ({}), expecting ID in Hex", what, err));
}

std::vector<std::string> split_csv(const std::string& text) {
    std::vector<std::string> items;
    for (absl::string_view item : absl::StrSplit(text, ',')) {
        items.emplace_back(absl::StripAsciiWhitespace(item));
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
    std::string upper(text);
    absl::AsciiStrToUpper(&upper);
    return upper;
}

} // namespace ectl
