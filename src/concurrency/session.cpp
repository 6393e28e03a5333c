#include "concurrency/session.hpp"

#include <algorithm>
#include <condition_variable>
#include <mutex>
#include <thread>

#include <fmt/format.h>

#include "error.hpp"

namespace ectl {
namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

constexpr milliseconds k_min_backoff{200};
constexpr milliseconds k_max_backoff{1000};
constexpr milliseconds k_stop_wait{2000};

} // namespace

std::chrono::milliseconds session_renew_interval(int64_t ttl) {
    return std::max(milliseconds(100), milliseconds(ttl * 1000 / 3));
}

std::chrono::milliseconds session_answer_timeout(int64_t ttl) {
    return std::clamp(milliseconds(ttl * 1000 / 3), milliseconds(1000), milliseconds(5000));
}

// Shared by the owner, the keeper thread and the keeper's reader thread.
struct LeaseSession::State {
    State(std::unique_ptr<Session> s, std::shared_ptr<Sink> n, LostHandler handler)
        : rpc(std::move(s)), notes(std::move(n)), on_lost(std::move(handler)) {}

    std::mutex mutex;
    std::condition_variable cv;
    std::unique_ptr<Session> rpc; // the keeper's own connection
    std::shared_ptr<Sink> notes;
    LostHandler on_lost;
    int64_t id = 0;
    int64_t ttl = 0;
    bool stopping = false;
    bool finished = false;
    bool lost = false;
    bool in_trouble = false;
    std::shared_ptr<KeepAliveStream> stream;
    Clock::time_point last_ok;   // when the last answered renewal (or the grant) was sent
    Clock::time_point sent_at;   // when the outstanding renewal was sent
    Clock::time_point next_send; // when to send the next renewal
    bool awaiting = false;
    bool reader_done = false;
    std::string reader_end;
};

namespace {

using State = LeaseSession::State;

// Requires s.mutex (released while the handler runs).
void declare_lost(State& s, std::unique_lock<std::mutex>& lock, const std::string& reason) {
    if (s.lost || s.stopping) {
        return;
    }
    s.lost = true;
    s.cv.notify_all();
    lock.unlock();
    s.on_lost(reason);
    lock.lock();
}

// Requires s.mutex. Lost once no renewal has been answered for a whole TTL.
bool check_contact(State& s, std::unique_lock<std::mutex>& lock) {
    auto silent = Clock::now() - s.last_ok;
    if (silent < std::chrono::seconds(s.ttl)) {
        return true;
    }
    declare_lost(s, lock,
                 fmt::format("no contact with etcd for {}s: lease {:016x} may have expired",
                             std::chrono::duration_cast<std::chrono::seconds>(silent).count(), s.id));
    return false;
}

void answer(State& s, const etcdserverpb::LeaseKeepAliveResponse& resp) {
    std::unique_lock<std::mutex> lock(s.mutex);
    if (resp.ttl() <= 0) {
        declare_lost(s, lock, fmt::format("lease {:016x} expired or was revoked", s.id));
        return;
    }
    if (s.awaiting) {
        s.last_ok = s.sent_at;
        s.awaiting = false;
    }
    s.ttl = resp.ttl();
    s.next_send = Clock::now() + session_renew_interval(s.ttl);
    if (s.in_trouble && !s.stopping) {
        s.in_trouble = false;
        s.notes->write(fmt::format("ectl: session: reconnected; lease {:016x} is still alive\n", s.id));
    }
    s.cv.notify_all();
}

void read_answers(const std::shared_ptr<State>& s, const std::shared_ptr<KeepAliveStream>& stream) {
    etcdserverpb::LeaseKeepAliveResponse resp;
    while (stream->read(resp)) {
        answer(*s, resp);
    }
    StreamEnd end = stream->finish();
    std::lock_guard<std::mutex> lock(s->mutex);
    s->reader_done = true;
    s->reader_end = end.message.empty() ? "stream closed" : end.message;
    s->cv.notify_all();
}

// Renews on one stream until it breaks (returns why), or until stopped or lost (returns "").
std::string renew_on(State& s, std::unique_lock<std::mutex>& lock, KeepAliveStream& stream) {
    etcdserverpb::LeaseKeepAliveRequest req;
    req.set_id(s.id);
    for (;;) {
        if (s.stopping || s.lost || !check_contact(s, lock)) {
            return "";
        }
        if (s.reader_done) {
            return s.reader_end;
        }
        auto now = Clock::now();
        auto answer_deadline = s.sent_at + session_answer_timeout(s.ttl);
        if (s.awaiting && now >= answer_deadline) {
            return fmt::format("no answer within {}ms", session_answer_timeout(s.ttl).count());
        }
        if (!s.awaiting && now >= s.next_send) {
            s.awaiting = true;
            s.sent_at = now;
            lock.unlock();
            bool ok = stream.write(req);
            lock.lock();
            if (!ok) {
                return "stream broken";
            }
            continue;
        }
        auto wake = std::min(s.last_ok + std::chrono::seconds(s.ttl), s.awaiting ? answer_deadline : s.next_send);
        s.cv.wait_until(lock, wake);
    }
}

// Requires s.mutex: one note per outage.
void trouble(State& s, const std::string& why) {
    if (!s.in_trouble) {
        s.in_trouble = true;
        s.notes->write(fmt::format("ectl: session: lost contact with etcd ({}); reconnecting\n", why));
    }
}

void keep_alive(const std::shared_ptr<State>& s) {
    auto backoff = k_min_backoff;
    std::unique_lock<std::mutex> lock(s->mutex);
    while (!s->stopping && !s->lost) {
        lock.unlock();
        std::shared_ptr<KeepAliveStream> stream;
        std::string why;
        try {
            stream = s->rpc->lease_keep_alive();
        } catch (const Error& e) {
            why = e.what();
        }
        lock.lock();
        if (stream) {
            s->stream = stream;
            s->reader_done = false;
            s->awaiting = false;
            s->next_send = Clock::now();
            std::thread reader(read_answers, s, stream);
            why = renew_on(*s, lock, *stream);
            s->stream.reset();
            lock.unlock();
            stream->cancel();
            reader.join();
            lock.lock();
            if (!s->in_trouble) {
                backoff = k_min_backoff; // the stream worked: reconnect at once, maybe elsewhere
            }
        }
        if (s->stopping || s->lost) {
            break;
        }
        s->rpc->drop_connection();
        trouble(*s, why);
        auto until = std::min(Clock::now() + backoff, s->last_ok + std::chrono::seconds(s->ttl));
        s->cv.wait_until(lock, until, [&] { return s->stopping; });
        check_contact(*s, lock);
        backoff = std::min(backoff * 2, k_max_backoff);
    }
    s->finished = true;
    s->cv.notify_all();
    // The process leaves with _exit soon: skip the channel's slow teardown.
    (void)s->rpc.release();
}

} // namespace

LeaseSession::LeaseSession(Session& rpc, int64_t ttl, std::shared_ptr<Sink> notes, LostHandler on_lost) : m_rpc(rpc) {
    SessionConfig config = rpc.config();
    if (config.debug != nullptr) {
        config.debug = notes.get();
    }
    m_state =
        std::make_shared<State>(std::make_unique<Session>(std::move(config)), std::move(notes), std::move(on_lost));
    auto sent = Clock::now();
    etcdserverpb::LeaseGrantRequest req;
    req.set_ttl(ttl);
    auto resp = rpc.lease_grant(req);
    if (!resp.error().empty()) {
        throw Error(ExitCode::error, resp.error());
    }
    m_id = resp.id();
    m_ttl = resp.ttl();
    m_state->id = m_id;
    m_state->ttl = m_ttl;
    m_state->last_ok = sent;
    m_state->next_send = sent + session_renew_interval(m_ttl);
    std::thread(keep_alive, m_state).detach();
}

LeaseSession::~LeaseSession() {
    stop();
}

void LeaseSession::stop() {
    std::unique_lock<std::mutex> lock(m_state->mutex);
    m_state->stopping = true;
    if (m_state->stream) {
        m_state->stream->cancel();
    }
    m_state->cv.notify_all();
    // A keeper stuck dialling is left behind (it holds its own reference to the state).
    m_state->cv.wait_for(lock, k_stop_wait, [this] { return m_state->finished; });
}

std::string LeaseSession::close() {
    stop();
    etcdserverpb::LeaseRevokeRequest req;
    req.set_id(m_id);
    try {
        m_rpc.lease_revoke(req);
    } catch (const Error& e) {
        std::string why = e.what();
        if (why.find("requested lease not found") == std::string::npos) {
            return why;
        }
    }
    return "";
}

} // namespace ectl
