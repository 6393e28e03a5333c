#pragma once
// Key-range helpers shared by get, del, watch and txn.

#include <string>

namespace ectl {

// The end of the range of keys that start with prefix; "\0" (all keys >= prefix) when every byte
// is 0xff or the prefix is empty.
std::string prefix_range_end(const std::string& prefix);

// A resolved [key, range_end) pair from a command's key/range arguments and flags.
struct KeyRange {
    std::string key;
    std::string range_end;
};

// etcdctl's rules: --prefix and --from-key with an empty key mean "all keys" (key "\0", end "\0").
KeyRange resolve_key_range(const std::string& key, const std::string* range_end, bool prefix, bool from_key);

// How messages name a [key, range_end): key "a", prefix "app/", keys from "a", range ["a", "e"), all keys.
std::string describe_range(const std::string& key, const std::string& range_end);

// Renders bytes as Go's hex.EncodeToString with every byte prefixed by "\x" (etcdctl --hex).
std::string hex_escape_bytes(const std::string& bytes);

} // namespace ectl
