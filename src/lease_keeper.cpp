#include "lease_keeper.hpp"

#include <condition_variable>
#include <mutex>
#include <thread>

#include <fmt/format.h>

#include "reconnect.hpp"
#include "session/session.hpp"

namespace ectl {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

// Two threads share this: the worker, which makes every blocking call (dial, write, read, probe),
// and the watchdog, which is never blocked, so it can cancel an unanswered read at its deadline
// and say "may have expired" on time.
struct LeaseKeeper::State {
    State(std::unique_ptr<Session> session, Notes n, LeaseKeeperOptions o, std::shared_ptr<LeaseListener> l)
        : rpc(std::move(session)), notes(std::move(n)), options(o), listener(std::move(l)) {}

    std::unique_ptr<Session> rpc; // the worker's own connection
    Notes notes;
    const LeaseKeeperOptions options;
    std::shared_ptr<LeaseListener> listener;

    std::mutex mutex; // guards everything below but the callback part
    std::condition_variable cv;
    bool stopping = false;
    bool worker_done = false;
    KeepAliveStream* stream = nullptr; // the live stream, so that it can be cancelled
    std::optional<Clock::time_point> read_deadline;
    bool read_timed_out = false;
    int64_t ttl = 0;                // the TTL of the last answer (or the grant)
    Clock::time_point last_ok;      // when the last answered renewal (or the grant) was sent
    bool warned = false;            // "may have expired" was said since last_ok
    bool leaderless = false;        // the last failure was a member's "no leader" (quorum lost?)
    bool warned_leaderless = false; // ... and the warning said so (it is said again once it is known)

    std::mutex callback_mutex; // held while a listener call or a note runs
    bool silenced = false;     // set by stop(): no callback after it
};

namespace {

using State = LeaseKeeper::State;

// Thrown inside the worker once it is asked to stop, or once it has ended.
struct Stopped {};

// Runs fn under the callback lock unless the keeper was silenced.
template <typename Fn>
void callback(State& s, Fn&& fn) {
    std::lock_guard<std::mutex> lock(s.callback_mutex);
    if (s.silenced) {
        throw Stopped{};
    }
    fn();
}

void note(State& s, const std::string& text) {
    callback(s, [&] {
        try {
            s.notes.note(text);
        } catch (const Error&) {
            // A note that cannot be shown must not end the keeper.
        }
    });
}

// Keeps the watchdog's pointer to the live stream valid: cleared before the stream dies.
class StreamSlot {
public:
    StreamSlot(State& s, KeepAliveStream& stream) : m_s(s) {
        std::lock_guard<std::mutex> lock(m_s.mutex);
        m_s.stream = &stream;
        if (m_s.stopping) {
            stream.cancel(); // stop() came while the stream was being opened
        }
    }
    ~StreamSlot() {
        std::lock_guard<std::mutex> lock(m_s.mutex);
        m_s.stream = nullptr;
    }
    StreamSlot(const StreamSlot&) = delete;
    StreamSlot& operator=(const StreamSlot&) = delete;

private:
    State& m_s;
};

// The worker's logic.
class Renewer {
public:
    explicit Renewer(State& s) : m_s(s), m_contacted(s.options.contacted) {}
    void run();

private:
    StreamEnd renew_on(KeepAliveStream& stream);
    bool read_answer(KeepAliveStream& stream, etcdserverpb::LeaseKeepAliveResponse& resp, StreamEnd& end);
    bool probe();
    void answered(const etcdserverpb::LeaseKeepAliveResponse& resp, Clock::time_point sent);
    void lost(const std::string& cause);
    void failed(const std::string& cause);
    [[noreturn]] void gone();
    void pause_until(Clock::time_point when);
    void check_stop();
    StreamEnd finish(KeepAliveStream& stream, bool cancel_first);

    State& m_s;
    bool m_contacted;
    bool m_lost = false;     // contact lost and not yet regained
    int64_t m_probe_ttl = 0; // what the server said was left when contact came back
};

void Renewer::run() {
    Backoff backoff;
    for (;;) {
        check_stop();
        if (m_lost && !probe()) {
            pause_until(Clock::now() + backoff.next());
            continue;
        }
        std::unique_ptr<KeepAliveStream> stream;
        try {
            // hasleader: a member without a leader ends the stream instead of leaving renewals
            // unanswered, so the keeper knows why it cannot renew and may try another member.
            stream = m_s.rpc->open_stream(&etcdserverpb::Lease::Stub::LeaseKeepAlive, StreamOptions{true});
        } catch (const Error& e) {
            if (!m_contacted) {
                throw; // never reached etcd: fail like any other command
            }
            lost(e.what());
            pause_until(Clock::now() + backoff.next());
            continue;
        }
        m_contacted = true;
        StreamEnd end;
        {
            StreamSlot slot(m_s, *stream);
            end = renew_on(*stream);
        }
        if (!end.retryable) {
            throw Error(ExitCode::bad_connection, fmt::format("lease keep-alive failed: {}", end.message));
        }
        m_s.rpc->drop_connection();
        lost(end.message);
        backoff.reset(); // the stream worked: try again at once, maybe on another endpoint
    }
}

// Renews on one stream until it breaks, and returns how it ended.
StreamEnd Renewer::renew_on(KeepAliveStream& stream) {
    etcdserverpb::LeaseKeepAliveRequest req;
    req.set_id(m_s.options.id);
    for (;;) {
        auto sent = Clock::now();
        if (!stream.write(req)) {
            return finish(stream, true);
        }
        etcdserverpb::LeaseKeepAliveResponse resp;
        StreamEnd end;
        if (!read_answer(stream, resp, end)) {
            return end;
        }
        if (resp.ttl() <= 0) {
            gone(); // etcd answers TTL 0 for a lease it does not have
        }
        answered(resp, sent);
        pause_until(sent + renew_interval(resp.ttl()));
    }
}

// Reads one answer within the answer timeout (the watchdog cancels the read at its deadline).
bool Renewer::read_answer(KeepAliveStream& stream, etcdserverpb::LeaseKeepAliveResponse& resp, StreamEnd& end) {
    milliseconds timeout;
    {
        std::lock_guard<std::mutex> lock(m_s.mutex);
        timeout = answer_timeout(m_s.ttl);
        m_s.read_deadline = Clock::now() + timeout;
        m_s.read_timed_out = false;
    }
    m_s.cv.notify_all();
    bool ok = stream.read(resp);
    bool timed_out = false;
    {
        std::lock_guard<std::mutex> lock(m_s.mutex);
        m_s.read_deadline.reset();
        timed_out = std::exchange(m_s.read_timed_out, false);
    }
    if (ok) {
        return true;
    }
    end = finish(stream, false);
    if (timed_out) {
        end.retryable = true;
        end.message = fmt::format("no answer within {}ms", timeout.count());
    }
    return false;
}

// Contact is back when the server answers LeaseTimeToLive; a lease it does not know is gone.
bool Renewer::probe() {
    etcdserverpb::LeaseTimeToLiveRequest req;
    req.set_id(m_s.options.id);
    etcdserverpb::LeaseTimeToLiveResponse resp;
    try {
        resp = m_s.rpc->call(&etcdserverpb::Lease::Stub::LeaseTimeToLive, req, Retry::read);
    } catch (const Error& e) {
        check_stop();
        failed(e.what());
        return false;
    }
    check_stop();
    if (resp.ttl() < 0) {
        gone();
    }
    m_probe_ttl = resp.ttl();
    return true;
}

void Renewer::answered(const etcdserverpb::LeaseKeepAliveResponse& resp, Clock::time_point sent) {
    if (m_lost) {
        note(m_s,
             fmt::format("reconnected; the server still had lease {:016x} ({}s left)", m_s.options.id, m_probe_ttl));
        m_lost = false;
    }
    {
        std::lock_guard<std::mutex> lock(m_s.mutex);
        m_s.ttl = resp.ttl();
        m_s.last_ok = sent; // the server's clock started no earlier than this
        m_s.warned = false;
    }
    m_s.cv.notify_all();
    callback(m_s, [&] { m_s.listener->renewed(resp); });
}

void Renewer::failed(const std::string& cause) {
    std::lock_guard<std::mutex> lock(m_s.mutex);
    m_s.leaderless = cause.find("etcdserver: no leader") != std::string::npos;
    m_s.cv.notify_all(); // the watchdog may have a warning to give again, now with its cause
}

void Renewer::lost(const std::string& cause) {
    check_stop();
    failed(cause);
    if (!m_lost) {
        note(m_s, fmt::format("lost contact with etcd ({}), reconnecting...", cause));
        m_lost = true;
    }
}

void Renewer::gone() {
    callback(m_s, [&] { m_s.listener->ended(LeaseEnd{true, std::nullopt}); });
    throw Stopped{};
}

void Renewer::pause_until(Clock::time_point when) {
    std::unique_lock<std::mutex> lock(m_s.mutex);
    m_s.cv.wait_until(lock, when, [this] { return m_s.stopping; });
    if (m_s.stopping) {
        throw Stopped{};
    }
}

void Renewer::check_stop() {
    std::lock_guard<std::mutex> lock(m_s.mutex);
    if (m_s.stopping) {
        throw Stopped{};
    }
}

StreamEnd Renewer::finish(KeepAliveStream& stream, bool cancel_first) {
    if (cancel_first) {
        stream.cancel(); // a failed write leaves the read side open; do not wait for it
    }
    StreamEnd end = stream.finish();
    check_stop();
    if (end.ok) {
        end.retryable = true;
        end.message = "the server closed the stream";
    } else if (cancel_first && end.cancelled) {
        end.retryable = true;
        end.message = "the stream broke";
    }
    return end;
}

void run_worker(const std::shared_ptr<State>& s) {
    try {
        Renewer(*s).run();
    } catch (const Stopped&) {
        // asked to stop, or already reported its end
    } catch (const Error& e) {
        try {
            callback(*s, [&] { s->listener->ended(LeaseEnd{false, e}); });
        } catch (const Stopped&) {
            // stopped meanwhile: nobody is listening
        }
    }
    std::lock_guard<std::mutex> lock(s->mutex);
    s->worker_done = true;
    s->cv.notify_all();
    // The process leaves with _exit soon: skip the channel's slow teardown.
    (void)s->rpc.release();
}

// Requires s.mutex (released while the note and the listener run).
void warn_expiry(State& s, std::unique_lock<std::mutex>& lock, Clock::time_point now) {
    s.warned = true;
    s.warned_leaderless = s.leaderless;
    auto silent = std::chrono::duration_cast<std::chrono::seconds>(now - s.last_ok);
    const bool leaderless = s.leaderless;
    lock.unlock();
    try {
        note(s, fmt::format("lease {:016x} may have expired (no contact for {}s{})", s.options.id, silent.count(),
                            leaderless ? ", the cluster has no leader" : ""));
        callback(s, [&] { s.listener->may_have_expired(silent, leaderless); });
    } catch (const Stopped&) {
        // stopped meanwhile
    }
    lock.lock();
}

void run_watchdog(const std::shared_ptr<State>& s) {
    std::unique_lock<std::mutex> lock(s->mutex);
    while (!s->worker_done && !s->stopping) {
        auto now = Clock::now();
        if (s->read_deadline && now >= *s->read_deadline) {
            s->read_deadline.reset();
            s->read_timed_out = true;
            if (s->stream != nullptr) {
                s->stream->cancel();
            }
            continue;
        }
        std::optional<Clock::time_point> wake = s->read_deadline;
        if (s->ttl > 0 && (!s->warned || (s->leaderless && !s->warned_leaderless))) {
            auto expiry = s->last_ok + std::chrono::seconds(s->ttl);
            if (now >= expiry) {
                warn_expiry(*s, lock, now);
                continue;
            }
            wake = wake ? std::min(*wake, expiry) : expiry;
        }
        if (wake) {
            s->cv.wait_until(lock, *wake);
        } else {
            s->cv.wait(lock);
        }
    }
}

} // namespace

LeaseKeeper::LeaseKeeper(const Session& model, Notes notes, const LeaseKeeperOptions& options,
                         std::shared_ptr<LeaseListener> listener) {
    SessionConfig config = model.config();
    if (config.debug != nullptr) {
        config.debug = &notes.sink(); // the keeper's diagnostics interleave with the main thread's
    }
    m_state = std::make_shared<State>(std::make_unique<Session>(std::move(config)), std::move(notes), options,
                                      std::move(listener));
    m_state->ttl = options.ttl;
    m_state->last_ok = Clock::now();
    auto s = m_state;
    std::thread([s] { run_worker(s); }).detach();
    std::thread([s] { run_watchdog(s); }).detach();
}

LeaseKeeper::~LeaseKeeper() {
    stop();
}

void LeaseKeeper::stop() {
    {
        std::unique_lock<std::mutex> lock(m_state->mutex);
        m_state->stopping = true;
        if (m_state->stream != nullptr) {
            m_state->stream->cancel();
        }
        m_state->cv.notify_all();
        // A worker blocked in a call with its own deadline is left behind, silenced below.
        m_state->cv.wait_for(lock, milliseconds(500), [this] { return m_state->worker_done; });
    }
    std::lock_guard<std::mutex> lock(m_state->callback_mutex);
    m_state->silenced = true;
}

} // namespace ectl
