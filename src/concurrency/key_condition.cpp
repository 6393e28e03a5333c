#include "concurrency/key_condition.hpp"

#include "go_quote.hpp"

namespace ectl {

std::string KeyCondition::describe() const {
    switch (kind) {
    case Kind::absent:
        return "to be absent";
    case Kind::value:
        return "to have value " + go_quote(value);
    case Kind::exists:
        break;
    }
    return "to exist";
}

etcdserverpb::RangeRequest KeyConditionState::read_request(const std::string& key, const std::string& range_end) const {
    etcdserverpb::RangeRequest req;
    req.set_key(key);
    req.set_range_end(range_end);
    if (m_condition.kind != KeyCondition::Kind::value) {
        req.set_limit(1); // the count says whether any key exists; the one key is the witness
    }
    return req;
}

void KeyConditionState::reset(const etcdserverpb::RangeResponse& read) {
    m_count = read.count();
    m_header = read.header();
    m_matching.clear();
    m_witness.reset();
    for (const auto& kv : read.kvs()) {
        if (m_condition.kind != KeyCondition::Kind::value) {
            m_witness = kv;
        } else if (kv.value() == m_condition.value) {
            m_matching[kv.key()] = kv;
        }
    }
}

void KeyConditionState::apply(const etcdserverpb::WatchResponse& resp) {
    m_header = resp.header();
    for (const auto& ev : resp.events()) {
        const mvccpb::KeyValue& kv = ev.kv();
        if (ev.type() == mvccpb::Event::DELETE) {
            m_count -= 1; // etcd reports the deletion of existing keys only
            m_matching.erase(kv.key());
            if (m_witness && m_witness->key() == kv.key()) {
                m_witness.reset();
            }
            continue;
        }
        if (kv.version() == 1) {
            m_count += 1; // created (again)
        }
        m_witness = kv;
        if (m_condition.kind == KeyCondition::Kind::value) { // a put of another value ends a match
            if (kv.value() == m_condition.value) {
                m_matching[kv.key()] = kv;
            } else {
                m_matching.erase(kv.key());
            }
        }
    }
}

std::optional<mvccpb::KeyValue> KeyConditionState::witness() const {
    switch (m_condition.kind) {
    case KeyCondition::Kind::absent:
        return std::nullopt;
    case KeyCondition::Kind::value:
        return m_matching.empty() ? std::nullopt : std::optional<mvccpb::KeyValue>(m_matching.begin()->second);
    case KeyCondition::Kind::exists:
        break;
    }
    return m_witness;
}

bool KeyConditionState::holds() const {
    switch (m_condition.kind) {
    case KeyCondition::Kind::absent:
        return m_count == 0;
    case KeyCondition::Kind::value:
        return !m_matching.empty();
    case KeyCondition::Kind::exists:
        break;
    }
    return m_count > 0;
}

} // namespace ectl
