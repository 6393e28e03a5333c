#pragma once
// etcd's lock recipe exactly as etcdctl runs it (clientv3 concurrency.Mutex), so that ectl and
// etcdctl lockers of the same name exclude each other.

#include "concurrency/contender.hpp"

namespace ectl {

// One locker of a named lock.
class Mutex : public Contender {
public:
    // A locker of name with the session's lease.
    Mutex(Session& rpc, const std::string& name, int64_t lease_id) : Contender(rpc, name, lease_id) {}

    // One txn: If(create_revision(key) = 0) Then(put key "" with the lease, get the first key by
    // create revision) Else(get key, get the first key). True when ours is the first.
    bool enqueue() override;
    // Unlock: deletes our key.
    std::string release() override;
};

// The lock txn of enqueue(), for a key under prefix with a lease (pure; unit-tested).
etcdserverpb::TxnRequest make_lock_txn(const std::string& prefix, const std::string& key, int64_t lease_id);

} // namespace ectl
