#pragma once
// A concurrency session (clientv3's concurrency.Session): a lease kept alive in the background for
// as long as a lock or leadership is held, with a "lost" signal as soon as it cannot be trusted.

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "etcdserverpb/rpc.pb.h"
#include "lease_keeper.hpp"
#include "output/sink.hpp"

namespace ectl {

class Session;

// Grants a lease of ttl seconds (throws Error; a refusal in the answer reads "failed to grant
// lease (...)", as lease grant says).
etcdserverpb::LeaseGrantResponse grant_lease(Session& rpc, int64_t ttl);

// Called once, from a background thread, when the lease is gone or may be gone.
using LostHandler = std::function<void(const std::string& reason)>;

// A session lease: granted at construction and renewed by the lease keeper (on a connection of
// its own, so the main thread's calls never wait for it). Lost when the server says the lease is
// gone, or when no renewal has been answered for a whole TTL (it may have expired).
class LeaseSession {
public:
    // Grants a lease of ttl seconds through rpc (throws Error) and starts keeping it alive; notes
    // go to notes.
    LeaseSession(Session& rpc, int64_t ttl, const Notes& notes, LostHandler on_lost);
    // Stops renewing without revoking (close() revokes).
    ~LeaseSession();
    LeaseSession(const LeaseSession&) = delete;
    LeaseSession& operator=(const LeaseSession&) = delete;

    // The lease ID.
    int64_t lease_id() const { return m_id; }
    // The TTL the server granted, in seconds.
    int64_t ttl() const { return m_ttl; }
    // Stops renewing and revokes the lease; returns why the revoke failed ("" when it did not,
    // or when the lease was already gone).
    std::string close();

private:
    Session& m_rpc;
    int64_t m_id = 0;
    int64_t m_ttl = 0;
    std::unique_ptr<LeaseKeeper> m_keeper;
};

} // namespace ectl
