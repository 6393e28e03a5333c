#pragma once
// A concurrency session (clientv3's concurrency.Session): a lease kept alive in the background for
// as long as a lock or leadership is held, with a "lost" signal as soon as it cannot be trusted.

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "../session.hpp" // src/session.hpp, not this directory's session.hpp
#include "output/sink.hpp"

namespace ectl {

// Called once, from a background thread, when the lease is gone or may be gone.
using LostHandler = std::function<void(const std::string& reason)>;

// A session lease: granted at construction, renewed at TTL/3 on a connection of its own (so the
// main thread's RPCs never wait for it), re-dialled and re-authenticated when the stream breaks.
// Lost when the server answers a renewal with TTL 0 (expired or revoked), or when no renewal has
// been answered for a whole TTL (the lease may have expired).
class LeaseSession {
public:
    // Grants a lease of ttl seconds through rpc (throws Error) and starts renewing it; notes about
    // lost contact go to notes (shared: the keeper thread may outlive this object).
    LeaseSession(Session& rpc, int64_t ttl, std::shared_ptr<Sink> notes, LostHandler on_lost);
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

    // What the keeper threads share with this object (defined in session.cpp).
    struct State;

private:
    void stop();

    Session& m_rpc;
    int64_t m_id = 0;
    int64_t m_ttl = 0;
    std::shared_ptr<State> m_state;
};

// The pause between renewals for a lease of ttl seconds (clientv3: TTL/3).
std::chrono::milliseconds session_renew_interval(int64_t ttl);

// How long a renewal may stay unanswered before the stream is dropped and dialled again.
std::chrono::milliseconds session_answer_timeout(int64_t ttl);

} // namespace ectl
