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

    // The read to start from: one key and the count, or a page of keys when values matter.
    etcdserverpb::RangeRequest read_request(const std::string& key, const std::string& range_end) const;
    // Starts over from the first page of a read made with read_request.
    void reset(const etcdserverpb::RangeResponse& read);
    // Whether the read must go on past this page (values matter, none matched yet, more keys).
    bool wants_more(const etcdserverpb::RangeResponse& page) const;
    // Adds a later page of the same read (at the first page's revision).
    void add(const etcdserverpb::RangeResponse& page);
    // Applies the events of one watch response revision by revision (a response may carry many):
    // true as soon as the condition holds after a whole revision, which is then the header's
    // revision; the events after it are not applied.
    bool apply(const etcdserverpb::WatchResponse& resp);
    // Whether the condition holds now.
    bool holds() const;
    // A key that makes it hold (exists, value), as last seen; nullopt for absent.
    std::optional<mvccpb::KeyValue> witness() const;
    // The header of the read or watch response seen last (what a get printing the witness shows).
    const etcdserverpb::ResponseHeader& header() const { return m_header; }

private:
    void apply_event(const mvccpb::Event& ev);

    KeyCondition m_condition;
    int64_t m_count = 0;
    std::map<std::string, mvccpb::KeyValue> m_matching; // Kind::value: the keys that have it
    std::optional<mvccpb::KeyValue> m_witness;          // exists: the key read or put last
    etcdserverpb::ResponseHeader m_header;
};

} // namespace ectl
