#include "concurrency/mutex.hpp"

#include "concurrency/key_wait.hpp"
#include "error.hpp"

namespace ectl {

etcdserverpb::TxnRequest make_lock_txn(const std::string& prefix, const std::string& key, int64_t lease_id) {
    etcdserverpb::TxnRequest txn;
    auto* cmp = txn.add_compare();
    cmp->set_key(key);
    cmp->set_target(etcdserverpb::Compare::CREATE);
    cmp->set_result(etcdserverpb::Compare::EQUAL);
    cmp->set_create_revision(0);
    auto* put = txn.add_success()->mutable_request_put();
    put->set_key(key);
    put->set_lease(lease_id);
    *txn.add_success()->mutable_request_range() = make_create_order_request(prefix, false, 0);
    txn.add_failure()->mutable_request_range()->set_key(key);
    *txn.add_failure()->mutable_request_range() = make_create_order_request(prefix, false, 0);
    return txn;
}

bool Mutex::enqueue() {
    auto resp = m_rpc.call(&etcdserverpb::KV::Stub::Txn, make_lock_txn(m_prefix, m_key, m_lease_id), Retry::write);
    if (resp.responses_size() != 2) {
        throw Error(ExitCode::error, "unexpected answer to the lock txn");
    }
    m_revision = resp.header().revision();
    if (!resp.succeeded()) {
        const auto& mine = resp.responses(0).response_range();
        if (mine.kvs().empty()) {
            throw Error(ExitCode::error, "unexpected answer to the lock txn");
        }
        m_revision = mine.kvs(0).create_revision();
    }
    const auto& owner = resp.responses(1).response_range();
    return owner.kvs().empty() || owner.kvs(0).create_revision() == m_revision;
}

std::string Mutex::release() {
    if (!enqueued()) {
        return "";
    }
    etcdserverpb::DeleteRangeRequest req;
    req.set_key(m_key);
    try {
        m_rpc.call(&etcdserverpb::KV::Stub::DeleteRange, req, Retry::write);
    } catch (const Error& e) {
        return e.what();
    }
    m_revision = 0;
    return "";
}

} // namespace ectl
