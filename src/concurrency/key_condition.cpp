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
    // exists/absent: the count says whether any key exists, the one key is the witness. value:
    // pages, so memory stays flat on a large prefix.
    constexpr int64_t k_value_page = 1000;
    req.set_limit(m_condition.kind == KeyCondition::Kind::value ? k_value_page : 1);
    return req;
}

bool KeyConditionState::wants_more(const etcdserverpb::RangeResponse& page) const {
    return m_condition.kind == KeyCondition::Kind::value && !holds() && page.more() && !page.kvs().empty();
}

void KeyConditionState::reset(const etcdserverpb::RangeResponse& read) {
    m_count = read.count();
    m_header = read.header();
    m_matching.clear();
    m_witness.reset();
    add(read);
}

void KeyConditionState::add(const etcdserverpb::RangeResponse& page) {
    for (const auto& kv : page.kvs()) {
        if (m_condition.kind != KeyCondition::Kind::value) {
            m_witness = kv;
        } else if (kv.value() == m_condition.value) {
            m_matching[kv.key()] = kv;
        }
    }
}

bool KeyConditionState::apply(const etcdserverpb::WatchResponse& resp) {
    m_header = resp.header();
    const auto& events = resp.events();
    for (int i = 0; i < events.size(); ++i) {
        apply_event(events[i]);
        const int64_t rev = events[i].kv().mod_revision();
        const bool revision_done = i + 1 == events.size() || events[i + 1].kv().mod_revision() != rev;
        if (revision_done && holds()) {
            m_header.set_revision(rev);
            return true;
        }
    }
    return false;
}

void KeyConditionState::apply_event(const mvccpb::Event& ev) {
    const mvccpb::KeyValue& kv = ev.kv();
    if (ev.type() == mvccpb::Event::DELETE) {
        m_count -= 1; // etcd reports the deletion of existing keys only
        m_matching.erase(kv.key());
        if (m_witness && m_witness->key() == kv.key()) {
            m_witness.reset();
        }
        return;
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
