#pragma once
// Pure parsers for command-line values, with etcdctl's (Go's) error wording.

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace ectl {

// Parses a Go duration ("1.5s", "300ms", "1m30s"); throws bad_args naming the flag.
std::chrono::nanoseconds parse_duration_flag(std::string_view flag, const std::string& text);

// Parses a lease TTL flag: a Go duration ("10s", "1m") or whole seconds ("10"), at least 1s;
// a fraction of a second rounds up (leases are granted in seconds). Throws bad_args naming the flag.
int64_t parse_ttl_seconds(std::string_view flag, const std::string& text);

// Parses a base-10 int64 flag value the way pflag does; throws bad_args naming the flag.
int64_t parse_int_flag(std::string_view flag, const std::string& text);

// Go's strconv.ParseInt(text, base, 64) error text on failure, empty string on success.
std::string go_parse_int(const std::string& text, int base, int64_t& out);

// Go's strconv.ParseUint(text, base, 64) error text on failure (no sign accepted), empty on success.
std::string go_parse_uint(const std::string& text, int base, uint64_t& out);

// Parses a hex lease ID like etcdctl ("bad lease ID (...), expecting ID in Hex").
int64_t parse_lease_id(const std::string& text, std::string_view what);

// Splits a pflag string-slice value ("a,b, c") into trimmed items.
std::vector<std::string> split_csv(const std::string& text);

// Go's strconv.ParseBool.
bool parse_go_bool(std::string_view flag, const std::string& text);

// Upper-cases ASCII letters.
std::string ascii_upper(std::string_view text);

} // namespace ectl
