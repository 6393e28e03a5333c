#include "write_group.hpp"

#include <algorithm>

namespace ectl {
namespace {

// A key range as [begin, end) with "" for "no end": etcd's "\0" range end means every key from
// begin on; an empty range end means the one key begin.
std::pair<std::string, std::string> range_of(const std::string& key, const std::string& range_end) {
    if (range_end.empty()) {
        return {key, key + '\0'};
    }
    return {key, range_end == std::string(1, '\0') ? std::string() : range_end};
}

bool below_end(const std::string& key, const std::string& end) {
    return end.empty() || key < end;
}

} // namespace

bool WriteGroup::touches(const std::string& begin, const std::string& end) const {
    auto key = m_keys.lower_bound(begin);
    if (key != m_keys.end() && below_end(*key, end)) {
        return true;
    }
    return std::any_of(m_ranges.begin(), m_ranges.end(),
                       [&](const auto& r) { return below_end(begin, r.second) && below_end(r.first, end); });
}

bool WriteGroup::fits(const etcdserverpb::RequestOp& op) const {
    if (full() || (!empty() && m_bytes + op.ByteSizeLong() > k_write_group_bytes)) {
        return false;
    }
    if (op.has_request_put()) {
        const auto [begin, end] = range_of(op.request_put().key(), "");
        return !touches(begin, end);
    }
    const auto& del = op.request_delete_range();
    const auto [begin, end] = range_of(del.key(), del.range_end());
    return !touches(begin, end);
}

void WriteGroup::add(size_t line, etcdserverpb::RequestOp op) {
    m_bytes += op.ByteSizeLong();
    if (op.has_request_put()) {
        m_keys.insert(op.request_put().key());
    } else if (op.request_delete_range().range_end().empty()) {
        m_keys.insert(op.request_delete_range().key());
    } else {
        m_ranges.push_back(range_of(op.request_delete_range().key(), op.request_delete_range().range_end()));
    }
    *m_txn.add_success() = std::move(op);
    m_lines.push_back(line);
}

void WriteGroup::clear() {
    m_txn.Clear();
    m_lines.clear();
    m_bytes = 0;
    m_keys.clear();
    m_ranges.clear();
}

etcdserverpb::PutResponse put_response(const etcdserverpb::TxnResponse& txn, size_t i) {
    etcdserverpb::PutResponse resp = txn.responses(static_cast<int>(i)).response_put();
    *resp.mutable_header() = txn.header();
    return resp;
}

etcdserverpb::DeleteRangeResponse del_response(const etcdserverpb::TxnResponse& txn, size_t i) {
    etcdserverpb::DeleteRangeResponse resp = txn.responses(static_cast<int>(i)).response_delete_range();
    *resp.mutable_header() = txn.header();
    return resp;
}

} // namespace ectl
