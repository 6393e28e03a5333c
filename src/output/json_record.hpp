#pragma once
// The records of -w jsonl: one JSON object per line, decoded and safe for jq. Keys and values are
// strings when they are valid UTF-8 (else key_base64 / value_base64), IDs are hex strings (lease
// IDs 16 digits, as etcdctl prints them),
// revisions and versions are numbers, and any number that may exceed 2^53 is a string (jq reads
// numbers as doubles and would round it).

#include <cstdint>
#include <string>
#include <string_view>

namespace mvccpb {
class KeyValue;
}

namespace ectl {

// One JSON object, built member by member in the order they are added.
class JsonRecord {
public:
    // A string member (s must be valid UTF-8; JSON escaping is applied).
    JsonRecord& text(std::string_view name, std::string_view s);
    // Bytes: "<name>" as a string when valid UTF-8, else "<name>_base64".
    JsonRecord& bytes(std::string_view name, std::string_view raw);
    // A number that stays below 2^53 (revisions, versions, TTLs, counts).
    JsonRecord& number(std::string_view name, int64_t v);
    // A number that may not (hashes, raft indexes, sizes), as a decimal string.
    JsonRecord& big_number(std::string_view name, uint64_t v);
    // A member or cluster ID as etcdctl's simple format writes it: lower-case hex.
    JsonRecord& id(std::string_view name, uint64_t v);
    // A lease ID as etcdctl's simple format writes it: 16 lower-case hex digits.
    JsonRecord& lease_id(std::string_view name, int64_t v);
    // true or false.
    JsonRecord& boolean(std::string_view name, bool v);
    // A member whose value is JSON text already (a nested record or an array).
    JsonRecord& json(std::string_view name, std::string_view value);
    // The object, "{...}".
    std::string object() const { return m_text + '}'; }
    // The object and a newline: one jsonl line.
    std::string line() const { return m_text + "}\n"; }

private:
    void name(std::string_view n);

    std::string m_text = "{";
};

// True when s is valid UTF-8 (no byte that Go would decode as an error).
bool is_valid_utf8(std::string_view s);

// Adds a key-value's members: key, value (unless keys_only: a keys-only read has no values to
// show), create_revision, mod_revision, version, and lease when it has one.
void add_kv_members(JsonRecord& r, const mvccpb::KeyValue& kv, bool keys_only = false);

// A key-value as one record's text.
std::string kv_object(const mvccpb::KeyValue& kv, bool keys_only = false);

} // namespace ectl
