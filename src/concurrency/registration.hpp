#pragma once
// Service registration: a key put under a lease of its own and kept alive for as long as the
// process runs. When the lease is lost (it expired during an outage, someone revoked it) or the key
// is deleted, the key is put again under a new lease, and a note says so.

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "concurrency/events.hpp"
#include "concurrency/key_wait.hpp"
#include "concurrency/lease_session.hpp"
#include "output/sink.hpp"
#include "session/session.hpp"

namespace ectl {

// Told about each registration (the first and every later one), on the thread that made it.
using RegisteredHandler =
    std::function<void(const etcdserverpb::PutResponse& put, const etcdserverpb::LeaseGrantResponse& lease)>;

// What to register.
struct RegistrationSpec {
    std::string key;
    std::string value;
    int64_t ttl = 10; // seconds
};

// One key kept registered. After start() the session belongs to the registration's thread
// until stop() returns; the key is watched over a copy of it.
class Registration {
public:
    Registration(Session& rpc, Notes notes, RegistrationSpec spec, RegisteredHandler on_registered);
    ~Registration();
    Registration(const Registration&) = delete;
    Registration& operator=(const Registration&) = delete;

    // Registers on the calling thread (throws Error when that fails), then keeps the key
    // registered on a thread of its own.
    void start();
    // Stops keeping it and revokes the lease, so the key goes at once; returns why the revoke
    // failed ("" when it did not).
    std::string stop();

private:
    // One lease and the key under it; lost (to its events) when either goes.
    struct Term {
        std::unique_ptr<TurnEvents> events = std::make_unique<TurnEvents>();
        std::unique_ptr<LeaseSession> lease;
        std::unique_ptr<KeyGuard> guard;
        etcdserverpb::PutResponse put; // what to announce
    };

    std::unique_ptr<Term> register_once();
    void announce(const Term& term);
    void keep();
    bool wait_for_loss(Term& term);
    std::unique_ptr<Term> register_again();
    std::string end(std::unique_ptr<Term> term);

    Session& m_rpc;                       // grants, puts and revokes (one thread at a time)
    std::unique_ptr<Session> m_guard_rpc; // the key guard's watch, on its own thread
    Notes m_notes;
    RegistrationSpec m_spec;
    RegisteredHandler m_on_registered;
    std::mutex m_mutex; // guards m_term's events pointer against stop()
    std::unique_ptr<Term> m_term;
    std::atomic<bool> m_stopping{false};
    std::string m_revoke_error;
    std::thread m_thread;
};

} // namespace ectl
