#include "concurrency/registration.hpp"

#include <chrono>

#include <fmt/format.h>

#include "error.hpp"
#include "go_quote.hpp"
#include "reconnect.hpp"

namespace ectl {

Registration::Registration(Session& rpc, Notes notes, RegistrationSpec spec, RegisteredHandler on_registered)
    : m_rpc(rpc), m_notes(std::move(notes)), m_spec(std::move(spec)), m_on_registered(std::move(on_registered)) {}

Registration::~Registration() {
    stop();
}

// Grants a lease, puts the key under it, and watches both (throws Error).
std::unique_ptr<Registration::Term> Registration::register_once() {
    auto term = std::make_unique<Term>();
    TurnEvents* events = term->events.get();
    term->lease = std::make_unique<LeaseSession>(m_rpc, m_spec.ttl, m_notes,
                                                 [events](const std::string& why) { events->lost(why); });
    etcdserverpb::PutRequest req;
    req.set_key(m_spec.key);
    req.set_value(m_spec.value);
    req.set_lease(term->lease->lease_id());
    try {
        term->put = m_rpc.call(&etcdserverpb::KV::Stub::Put, req, Retry::write);
        term->guard =
            std::make_unique<KeyGuard>(*m_guard_rpc, m_notes, *events, m_spec.key, term->put.header().revision() + 1);
    } catch (...) {
        term->lease->close(); // a lease granted for nothing is not left behind
        throw;
    }
    return term;
}

void Registration::announce(const Term& term) {
    etcdserverpb::LeaseGrantResponse lease;
    lease.set_id(term.lease->lease_id());
    lease.set_ttl(term.lease->ttl());
    m_on_registered(term.put, lease);
}

void Registration::start() {
    m_guard_rpc = m_rpc.copy();
    m_term = register_once();
    try {
        announce(*m_term); // stdout gone: the command fails, and the key goes with its lease
    } catch (...) {
        end(std::move(m_term));
        throw;
    }
    m_thread = std::thread([this] { keep(); });
}

// Blocks until the term is lost (true) or stop() is called (false).
bool Registration::wait_for_loss(Term& term) {
    TurnEvent ev;
    while (!m_stopping && term.events->next(ev, std::nullopt)) {
        if (m_stopping) {
            return false;
        }
        if (ev.kind == TurnEvent::Kind::lost) {
            m_notes.note(
                fmt::format("registration of {} lost: {}; registering again", go_quote(m_spec.key), ev.reason));
            return true;
        }
    }
    return false;
}

// A new term, retried with the reconnect policy's pauses until it works or stop() is called
// (then nullptr). The new lease is in place before the old one is revoked: no gap.
std::unique_ptr<Registration::Term> Registration::register_again() {
    Backoff backoff;
    bool told = false;
    while (!m_stopping) {
        try {
            return register_once();
        } catch (const Error& e) {
            if (!told) {
                m_notes.note(fmt::format("could not register {} again ({}); retrying", go_quote(m_spec.key), e.what()));
                told = true;
            }
        }
        auto pause = backoff.next();
        for (auto waited = std::chrono::milliseconds(0); waited < pause && !m_stopping;
             waited += std::chrono::milliseconds(50)) {
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
        }
    }
    return nullptr;
}

// Stops watching the term and revokes its lease; returns why the revoke failed.
std::string Registration::end(std::unique_ptr<Term> term) {
    if (!term) {
        return "";
    }
    term->guard.reset();
    std::string why = term->lease->close();
    term->lease.reset();
    return why;
}

void Registration::keep() {
    while (wait_for_loss(*m_term)) {
        m_term->guard.reset(); // its key is lost already; one guard at a time uses m_guard_rpc
        auto next = register_again();
        std::unique_ptr<Term> old;
        bool stopping = false;
        {
            // stop() sets m_stopping before it signals the term under this lock: either it
            // signalled the new term, or it is seen here.
            std::lock_guard<std::mutex> lock(m_mutex);
            old = std::exchange(m_term, std::move(next));
            stopping = m_stopping;
        }
        std::string why = end(std::move(old));
        if (!m_term) {
            m_revoke_error = why; // stopped while registering again: the old lease was the last
            return;
        }
        if (stopping) {
            break;
        }
        m_notes.note(
            fmt::format("registered {} again with lease {:016x}", go_quote(m_spec.key), m_term->lease->lease_id()));
        try {
            announce(*m_term);
        } catch (const Error& e) {
            m_notes.note(fmt::format("could not print the new registration ({})", e.what())); // it stands
        }
    }
    std::unique_ptr<Term> last;
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        last = std::move(m_term);
    }
    m_revoke_error = end(std::move(last));
}

std::string Registration::stop() {
    if (!m_thread.joinable()) {
        return m_term ? end(std::move(m_term)) : m_revoke_error;
    }
    m_stopping = true;
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        if (m_term) {
            m_term->events->signal(0); // wakes wait_for_loss
        }
    }
    m_thread.join();
    return m_revoke_error;
}

} // namespace ectl
