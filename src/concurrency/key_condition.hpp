#pragma once
// What `wait` waits for: a key (or any key of a range) existing, having a value, or no key of
// the range existing, tracked from one read and then from the watch events after it.

#include <cstdint>
#include <map>
#include <optional>
#include <string>

#include "etcdserverpb/rpc.pb.h"

namespace ectl {

// The condition.
struct KeyCondition {
    enum class Kind { exists, absent, value };
    Kind kind = Kind::exists;
    std::string value; // for Kind::value
    // How messages say it: "to exist", "to be absent", "to have value \"done\"".
    std::string describe() const;
};

// The state of the range as far as the condition is concerned, kept small whatever the range's
// size: a count of keys (exists, absent) or the keys holding the value (value).
class KeyConditionState {
public:
    explicit KeyConditionState(KeyCondition condition) : m_condition(std::move(condition)) {}

    // The read to start from: one key and the count, or every key when values matter.
    etcdserverpb::RangeRequest read_request(const std::string& key, const std::string& range_end) const;
    // Starts over from a read made with read_request.
    void reset(const etcdserverpb::RangeResponse& read);
    // Applies the events of one watch response.
    void apply(const etcdserverpb::WatchResponse& resp);
    // Whether the condition holds now.
    bool holds() const;
    // A key that makes it hold (exists, value), as last seen; nullopt for absent.
    std::optional<mvccpb::KeyValue> witness() const;
    // The header of the read or watch response seen last (what a get printing the witness shows).
    const etcdserverpb::ResponseHeader& header() const { return m_header; }

private:
    KeyCondition m_condition;
    int64_t m_count = 0;
    std::map<std::string, mvccpb::KeyValue> m_matching; // Kind::value: the keys that have it
    std::optional<mvccpb::KeyValue> m_witness;          // exists: the key read or put last
    etcdserverpb::ResponseHeader m_header;
};

} // namespace ectl
