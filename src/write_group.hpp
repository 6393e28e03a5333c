#pragma once
// Consecutive put/del requests gathered into one Txn (batch --txn), and the response each would
// have had alone, cut out of the Txn's response. Pure: no network.

#include <cstddef>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "etcdserverpb/rpc.pb.h"

namespace ectl {

// The writes of one Txn in the making, each with the input line it came from.
class WriteGroup {
public:
    // A group of up to max_ops writes.
    explicit WriteGroup(size_t max_ops) : m_max_ops(max_ops) {}

    // Whether op may join: the group has room (operations and request bytes) and op touches no key
    // an earlier write of the group touches (etcd refuses a Txn that puts a key twice or puts a key
    // it deletes, and disjoint writes land the same in one Txn as one after another).
    bool fits(const etcdserverpb::RequestOp& op) const;
    // Adds op, from input line `line` (call fits() first).
    void add(size_t line, etcdserverpb::RequestOp op);
    // The most writes it takes (0: none; batch then sends each write alone).
    size_t capacity() const { return m_max_ops; }
    // True when no further write fits by count.
    bool full() const { return m_lines.size() >= m_max_ops; }
    bool empty() const { return m_lines.empty(); }
    // The input lines of the writes, in order.
    const std::vector<size_t>& lines() const { return m_lines; }
    // The Txn of every write as its success branch, in order (no compares).
    const etcdserverpb::TxnRequest& request() const { return m_txn; }
    // Empties the group.
    void clear();

private:
    bool touches(const std::string& begin, const std::string& end) const;

    size_t m_max_ops;
    etcdserverpb::TxnRequest m_txn;
    std::vector<size_t> m_lines;
    size_t m_bytes = 0;
    std::set<std::string> m_keys;                              // single keys written
    std::vector<std::pair<std::string, std::string>> m_ranges; // [begin, end) deleted; end "" = no end
};

// A Txn request under this size is far below etcd's default request limit (1.5 MiB) with room for
// the Txn's own framing; a write that would take the group past it starts the next group.
constexpr size_t k_write_group_bytes = size_t{1} << 20;

// What the i-th write (a put) would have answered alone: the Txn's header (one revision for the
// whole group) and the inner response's prev_kv.
etcdserverpb::PutResponse put_response(const etcdserverpb::TxnResponse& txn, size_t i);

// The same for a del: the Txn's header, the inner response's deleted count and prev_kvs.
etcdserverpb::DeleteRangeResponse del_response(const etcdserverpb::TxnResponse& txn, size_t i);

} // namespace ectl
