#include "keepalive.hpp"

#include <algorithm>
#include <condition_variable>
#include <cstdint>
#include <exception>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <utility>

#include <fmt/format.h>

#include "error.hpp"
#include "signals.hpp"

namespace ectl {
namespace {

using Clock = std::chrono::steady_clock;
using etcdserverpb::LeaseKeepAliveResponse;
using std::chrono::milliseconds;

// Thrown inside the worker once a signal has asked it to stop.
struct Stopped {};

// What the worker (which renews) and the supervisor (the calling thread, which takes signals and
// enforces the answer deadline) share. A blocking gRPC call cannot be interrupted, so the worker
// does all of them and the supervisor can always leave promptly.
struct Shared {
    std::mutex mutex; // guards everything below except the printing part
    std::condition_variable cv;
    int signo = 0;
    bool done = false;
    std::exception_ptr error;
    KeepAliveStream* stream = nullptr;
    std::optional<Clock::time_point> read_deadline;
    bool read_timed_out = false;
    Clock::time_point last_ok = Clock::now(); // the last successful renewal
    int64_t ttl = 0;                          // its TTL (0: none yet)
    bool warned = false;                      // "may have expired" was said since then

    std::mutex print_mutex; // held while writing output; stopped is set under it
    bool stopped = false;
};

// The keep-alive logic proper; runs on the worker thread.
class Keeper {
public:
    Keeper(Session& session, Printer& printer, Sink& out, Sink& err, const KeepAliveOptions& options, Shared& shared)
        : m_session(session), m_printer(printer), m_out(out), m_err(err), m_options(options), m_shared(shared) {}

    void run() { m_options.once ? renew_once() : keep_renewing(); }

private:
    void renew_once();
    void keep_renewing();
    StreamEnd renew_on(KeepAliveStream& stream);
    bool probe();
    void lost(const std::string& cause);
    void reconnected();
    void renewed(int64_t ttl);
    [[noreturn]] void gone();
    void print(const LeaseKeepAliveResponse& resp);
    void note(const std::string& text);
    void sleep_until(Clock::time_point when);
    bool read_with_deadline(KeepAliveStream& stream, LeaseKeepAliveResponse& resp, milliseconds timeout);
    bool take_timed_out();
    StreamEnd finish(KeepAliveStream& stream, bool cancel_first);
    void check_stop();

    Session& m_session;
    Printer& m_printer;
    Sink& m_out;
    Sink& m_err;
    const KeepAliveOptions& m_options;
    Shared& m_shared;
    int64_t m_ttl = 0;       // the TTL of the last renewal (0: none yet)
    int64_t m_probe_ttl = 0; // what LeaseTimeToLive said after contact came back
    bool m_lost = false;
};

// Keeps the supervisor's pointer to the current stream valid: cleared before the stream dies.
class StreamRegistration {
public:
    StreamRegistration(Shared& shared, KeepAliveStream* stream);
    ~StreamRegistration();
    StreamRegistration(const StreamRegistration&) = delete;
    StreamRegistration& operator=(const StreamRegistration&) = delete;

private:
    Shared& m_shared;
};

etcdserverpb::LeaseKeepAliveRequest renew_request(int64_t id) {
    etcdserverpb::LeaseKeepAliveRequest req;
    req.set_id(id);
    return req;
}

void Keeper::renew_once() {
    auto stream = m_session.lease_keep_alive(); // no endpoint: Error exit 2, like any command
    StreamRegistration registration(m_shared, stream.get());
    LeaseKeepAliveResponse resp;
    bool ok = stream->write(renew_request(m_options.id)) && read_with_deadline(*stream, resp, m_options.once_timeout);
    if (ok) {
        if (resp.ttl() <= 0) {
            // clientv3's KeepAliveOnce error, with etcdctl's exit code for it.
            throw Error(ExitCode::bad_connection, "etcdserver: requested lease not found");
        }
        print(resp);
        return;
    }
    bool timed_out = take_timed_out();
    StreamEnd end = finish(*stream, true);
    throw Error(ExitCode::bad_connection, timed_out ? std::string("context deadline exceeded") : end.message);
}

void Keeper::keep_renewing() {
    milliseconds backoff = m_options.backoff_min;
    bool first = true;
    for (;;) {
        check_stop();
        if (m_lost && !probe()) {
            sleep_until(Clock::now() + backoff);
            backoff = next_backoff(backoff, m_options);
            continue;
        }
        std::unique_ptr<KeepAliveStream> stream;
        try {
            stream = m_session.lease_keep_alive();
        } catch (const Error& e) {
            if (first) {
                throw; // never reached etcd: fail like any other command
            }
            lost(e.what());
            sleep_until(Clock::now() + backoff);
            backoff = next_backoff(backoff, m_options);
            continue;
        }
        first = false;
        StreamRegistration registration(m_shared, stream.get());
        StreamEnd end = renew_on(*stream);
        if (!end.retryable) {
            throw Error(ExitCode::bad_connection, fmt::format("lease keep-alive failed: {}", end.message));
        }
        m_session.drop_connection();
        lost(end.message);
        backoff = m_options.backoff_min; // the first retry is immediate: another endpoint may be up
    }
}

// Renews on one stream until it breaks; returns how it ended (always retryable unless the server
// refused for good). Throws when the lease is gone or on a signal.
StreamEnd Keeper::renew_on(KeepAliveStream& stream) {
    for (;;) {
        if (!stream.write(renew_request(m_options.id))) {
            return finish(stream, true);
        }
        LeaseKeepAliveResponse resp;
        if (!read_with_deadline(stream, resp, response_timeout(m_ttl))) {
            bool timed_out = take_timed_out();
            StreamEnd end = finish(stream, false);
            if (timed_out) {
                end.retryable = true;
                end.message = fmt::format("no answer within {}ms", response_timeout(m_ttl).count());
            }
            return end;
        }
        if (resp.ttl() <= 0) {
            gone(); // etcd answers TTL 0 for a lease it does not have
        }
        if (m_lost) {
            reconnected();
        }
        auto now = Clock::now();
        renewed(resp.ttl());
        print(resp);
        sleep_until(now + renewal_interval(m_ttl));
    }
}

// Contact is back when the server answers LeaseTimeToLive; a lease it does not know is gone.
bool Keeper::probe() {
    etcdserverpb::LeaseTimeToLiveRequest req;
    req.set_id(m_options.id);
    etcdserverpb::LeaseTimeToLiveResponse resp;
    try {
        resp = m_session.lease_time_to_live(req);
    } catch (const Error&) {
        check_stop();
        return false;
    }
    check_stop();
    if (resp.ttl() < 0) {
        gone();
    }
    m_probe_ttl = resp.ttl();
    return true;
}

void Keeper::lost(const std::string& cause) {
    check_stop();
    if (!m_lost) {
        note(fmt::format("ectl: lease keep-alive: lost contact with etcd ({}), reconnecting...", cause));
        m_lost = true;
    }
}

void Keeper::reconnected() {
    note(fmt::format("ectl: lease keep-alive: reconnected; the server still had lease {:016x} ({}s left)", m_options.id,
                     m_probe_ttl));
    m_lost = false;
}

void Keeper::renewed(int64_t ttl) {
    m_ttl = ttl;
    std::lock_guard<std::mutex> lock(m_shared.mutex);
    m_shared.last_ok = Clock::now();
    m_shared.ttl = ttl;
    m_shared.warned = false;
    m_shared.cv.notify_all();
}

void Keeper::gone() {
    std::lock_guard<std::mutex> lock(m_shared.print_mutex);
    if (m_shared.stopped) {
        throw Stopped{};
    }
    if (m_options.print_expired) {
        m_out.write(fmt::format("lease {:016x} expired or revoked.\n", m_options.id));
        m_out.flush();
    }
    throw Error(ExitCode::error, fmt::format("lease {:016x} not found: expired or revoked", m_options.id));
}

void Keeper::print(const LeaseKeepAliveResponse& resp) {
    std::lock_guard<std::mutex> lock(m_shared.print_mutex);
    if (m_shared.stopped) {
        throw Stopped{};
    }
    m_printer.lease_keep_alive(resp);
    m_out.flush(); // a closed stdout ends the keep-alive here (Error io)
}

void Keeper::note(const std::string& text) {
    std::lock_guard<std::mutex> lock(m_shared.print_mutex);
    if (m_shared.stopped) {
        throw Stopped{};
    }
    try {
        m_err.write(text + "\n");
        m_err.flush();
    } catch (const Error&) {
        // A note that cannot be shown must not end the keep-alive.
    }
}

void Keeper::sleep_until(Clock::time_point when) {
    std::unique_lock<std::mutex> lock(m_shared.mutex);
    m_shared.cv.wait_until(lock, when, [this] { return m_shared.signo != 0; });
    if (m_shared.signo != 0) {
        throw Stopped{};
    }
}

bool Keeper::read_with_deadline(KeepAliveStream& stream, LeaseKeepAliveResponse& resp, milliseconds timeout) {
    {
        std::lock_guard<std::mutex> lock(m_shared.mutex);
        m_shared.read_deadline = Clock::now() + timeout;
        m_shared.read_timed_out = false;
    }
    m_shared.cv.notify_all();
    bool ok = stream.read(resp);
    std::lock_guard<std::mutex> lock(m_shared.mutex);
    m_shared.read_deadline.reset();
    return ok;
}

bool Keeper::take_timed_out() {
    std::lock_guard<std::mutex> lock(m_shared.mutex);
    return std::exchange(m_shared.read_timed_out, false);
}

StreamRegistration::StreamRegistration(Shared& shared, KeepAliveStream* stream) : m_shared(shared) {
    std::lock_guard<std::mutex> lock(m_shared.mutex);
    m_shared.stream = stream;
    if (m_shared.signo != 0) {
        stream->cancel(); // the signal came while the stream was being opened
    }
}

StreamRegistration::~StreamRegistration() {
    std::lock_guard<std::mutex> lock(m_shared.mutex);
    m_shared.stream = nullptr;
}

StreamEnd Keeper::finish(KeepAliveStream& stream, bool cancel_first) {
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

void Keeper::check_stop() {
    std::lock_guard<std::mutex> lock(m_shared.mutex);
    if (m_shared.signo != 0) {
        throw Stopped{};
    }
}

// Says once per outage that the lease may have expired, from the supervisor, so that it comes on
// time even while the worker is blocked in a call.
void warn_expiry(Shared& shared, Sink& err, int64_t id, Clock::duration since) {
    std::lock_guard<std::mutex> lock(shared.print_mutex);
    if (shared.stopped) {
        return;
    }
    try {
        err.write(fmt::format("ectl: lease keep-alive: lease {:016x} may have expired (no contact for {}s)\n", id,
                              std::chrono::duration_cast<std::chrono::seconds>(since).count()));
        err.flush();
    } catch (const Error&) {
        // stderr gone: nothing to tell
    }
}

// The calling thread: waits for the worker, cancels an unanswered read at its deadline, warns when
// contact has been lost for the lease's TTL, and on a signal leaves within half a second whatever
// the worker is blocked in.
void supervise(Shared& shared, std::thread& worker, Sink& err, int64_t id) {
    std::unique_lock<std::mutex> lock(shared.mutex);
    while (!shared.done && shared.signo == 0) {
        auto now = Clock::now();
        if (shared.read_deadline && now >= *shared.read_deadline) {
            shared.read_deadline.reset();
            shared.read_timed_out = true;
            if (shared.stream != nullptr) {
                shared.stream->cancel();
            }
            continue;
        }
        std::optional<Clock::time_point> wake = shared.read_deadline;
        if (shared.ttl > 0 && !shared.warned) {
            auto expiry = shared.last_ok + std::chrono::seconds(shared.ttl);
            if (may_have_expired(now - shared.last_ok, shared.ttl)) {
                shared.warned = true;
                auto since = now - shared.last_ok;
                lock.unlock();
                warn_expiry(shared, err, id, since);
                lock.lock();
                continue;
            }
            wake = wake ? std::min(*wake, expiry) : expiry;
        }
        if (wake) {
            shared.cv.wait_until(lock, *wake);
        } else {
            shared.cv.wait(lock);
        }
    }
    int signo = shared.signo;
    if (signo != 0) {
        shared.cv.wait_for(lock, milliseconds(500), [&] { return shared.done; });
    }
    bool finished = shared.done;
    lock.unlock();
    {
        std::lock_guard<std::mutex> print_lock(shared.print_mutex);
        shared.stopped = true;
    }
    if (finished) {
        worker.join();
    } else {
        worker.detach(); // blocked in a call with its own deadline; the process is about to leave
    }
    on_signal(nullptr);
    if (signo != 0) {
        throw Error(static_cast<ExitCode>(128 + signo), "");
    }
    if (shared.error) {
        std::rethrow_exception(shared.error);
    }
}

} // namespace

std::chrono::milliseconds renewal_interval(int64_t ttl_seconds) {
    return milliseconds(std::max<int64_t>(ttl_seconds * 1000 / 3, 100));
}

std::chrono::milliseconds response_timeout(int64_t ttl_seconds) {
    if (ttl_seconds <= 0) {
        return milliseconds(5000);
    }
    return milliseconds(std::clamp<int64_t>(ttl_seconds * 1000 / 3, 2000, 5000));
}

std::chrono::milliseconds next_backoff(std::chrono::milliseconds current, const KeepAliveOptions& options) {
    if (current < options.backoff_min) {
        return options.backoff_min;
    }
    return std::min(current * 2, options.backoff_max);
}

bool may_have_expired(std::chrono::steady_clock::duration since_last_ok, int64_t ttl_seconds) {
    return ttl_seconds > 0 && since_last_ok >= std::chrono::seconds(ttl_seconds);
}

void keep_lease_alive(Session& session, Printer& printer, Sink& out, Sink& err, const KeepAliveOptions& options) {
    auto shared = std::make_shared<Shared>();
    on_signal([shared](int signo) {
        std::lock_guard<std::mutex> lock(shared->mutex);
        if (shared->signo == 0) {
            shared->signo = signo;
        }
        if (shared->stream != nullptr) {
            shared->stream->cancel();
        }
        shared->cv.notify_all();
    });
    // The worker may outlive this call (detached after a signal): it owns copies of what it uses
    // from here, and the session, printer and sinks live until the process exits.
    auto opts = std::make_shared<KeepAliveOptions>(options);
    std::thread worker([shared, opts, &session, &printer, &out, &err] {
        try {
            Keeper(session, printer, out, err, *opts, *shared).run();
        } catch (const Stopped&) {
            // a signal: the supervisor reports it
        } catch (...) {
            shared->error = std::current_exception();
        }
        std::lock_guard<std::mutex> lock(shared->mutex);
        shared->done = true;
        shared->cv.notify_all();
    });
    supervise(*shared, worker, err, options.id);
}

} // namespace ectl
