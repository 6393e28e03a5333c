#pragma once
// The one lease keeper of ectl (lease keep-alive, the lock/elect session, and what comes next:
// register, make-mirror). It renews a lease at TTL/3 over a LeaseKeepAlive stream on a connection
// of its own, reconnects and fails over with the one reconnect policy (reconnect.hpp), and is
// honest about expiry: it says "may have expired" once a whole TTL has passed without an answered
// renewal, and "gone" only when the server says so.

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "error.hpp"
#include "etcdserverpb/rpc.pb.h"
#include "output/sink.hpp"

namespace ectl {

class Session;

// What to keep alive.
struct LeaseKeeperOptions {
    int64_t id = 0;
    int64_t ttl = 0;        // the TTL granted, in seconds (0: learnt from the first answer)
    bool contacted = false; // the lease was just seen alive (granted): failing to reach etcd at the
                            // start is an outage to ride out, not an error
};

// Why the keeper stopped on its own.
struct LeaseEnd {
    bool gone = false;          // the server says the lease expired or was revoked
    std::optional<Error> error; // it could not go on: etcd never reached, refused for good, output gone
};

// What the keeper reports; called on its threads, never after LeaseKeeper::stop() has returned.
class LeaseListener {
public:
    virtual ~LeaseListener() = default;
    // One answered renewal (TTL > 0). An Error thrown here ends the keeper with it.
    virtual void renewed(const etcdserverpb::LeaseKeepAliveResponse& resp) = 0;
    // No renewal answered for a whole TTL (once per outage; the keeper goes on trying). leaderless:
    // the member reached said it has no leader (the cluster lost quorum), not just unreachable.
    virtual void may_have_expired(std::chrono::seconds silent, bool leaderless) = 0;
    // The keeper has stopped on its own (once).
    virtual void ended(const LeaseEnd& end) = 0;
};

class LeaseKeeper {
public:
    // Starts renewing on a copy of model (so calls on model never wait for it). Notes about lost
    // and regained contact go to notes (thread-safe; the keeper may outlive this object).
    LeaseKeeper(const Session& model, Notes notes, const LeaseKeeperOptions& options,
                std::shared_ptr<LeaseListener> listener);
    // Stops renewing (without revoking).
    ~LeaseKeeper();
    LeaseKeeper(const LeaseKeeper&) = delete;
    LeaseKeeper& operator=(const LeaseKeeper&) = delete;

    // Stops renewing; returns within half a second even when the keeper is blocked in a call (it
    // is then left to finish on its own, silenced). No listener call happens after this returns.
    void stop();

    // What the keeper's threads share (defined in lease_keeper.cpp).
    struct State;

private:
    std::shared_ptr<State> m_state;
};

} // namespace ectl
