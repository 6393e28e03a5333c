#include "watcher.hpp"

#include <algorithm>
#include <chrono>
#include <thread>

#include <fmt/format.h>

#include "error.hpp"
#include "reconnect.hpp"

namespace ectl {
namespace {

using std::chrono::milliseconds;

// How many times in a row a watch refused for its token is recreated after signing in again.
constexpr int k_token_retries = 3;

// A watch refused because the stream's token had expired (a JWT lives --auth-token ttl; etcd
// checks the stream's token at each create) or the auth store changed: run() signs in again.
class TokenRejected : public Error {
public:
    explicit TokenRejected(const std::string& reason) : Error(ExitCode::bad_connection, reason) {}
};

bool is_progress_notify(const etcdserverpb::WatchResponse& r) {
    return r.events().empty() && !r.canceled() && !r.created() && r.compact_revision() == 0 &&
           r.header().revision() != 0;
}

} // namespace

Watcher::Watcher(Session& session, Notes notes, bool can_fail_over)
    : m_session(session), m_notes(std::move(notes)), m_can_fail_over(can_fail_over) {}

size_t Watcher::add(const WatchSpec& spec) {
    std::lock_guard<std::mutex> lock(m_mutex);
    m_entries.push_back({spec, spec.start_revision, -1});
    size_t index = m_entries.size() - 1;
    if (m_stream) {
        send_create(index);
    }
    return index;
}

void Watcher::request_progress() {
    std::lock_guard<std::mutex> lock(m_mutex);
    if (m_stream) {
        send_progress_request();
    } else {
        m_progress_requested = true; // sent after the creates, so the server answers every watch
    }
}

// Requires m_mutex and m_stream.
void Watcher::send_progress_request() {
    etcdserverpb::WatchRequest req;
    req.mutable_progress_request();
    m_stream->write(req);
}

void Watcher::stop(int signo) {
    m_stop_signal = signo;
    std::lock_guard<std::mutex> lock(m_mutex);
    if (m_stream) {
        m_stream->cancel();
    }
}

void Watcher::note(const std::string& text) {
    m_notes.note(text);
}

// Requires m_mutex. Resumes at the next undelivered revision when one is known.
void Watcher::send_create(size_t index) {
    Entry& e = m_entries[index];
    etcdserverpb::WatchRequest req;
    auto* create = req.mutable_create_request();
    create->set_key(e.spec.key);
    create->set_range_end(e.spec.range_end);
    create->set_start_revision(e.next_revision);
    create->set_prev_kv(e.spec.prev_kv);
    e.watch_id = -1;
    m_pending.push_back(index);
    m_stream->write(req);
}

bool Watcher::open_stream() {
    std::shared_ptr<WatchStream> stream = m_session.open_stream(&etcdserverpb::Watch::Stub::Watch, StreamOptions{true});
    std::lock_guard<std::mutex> lock(m_mutex);
    m_stream = std::move(stream);
    m_pending.clear();
    for (size_t i = 0; i < m_entries.size(); ++i) {
        send_create(i);
    }
    if (m_progress_requested) {
        // The server answers requests in order: this one comes after every watch is created.
        send_progress_request();
        m_progress_requested = false;
    }
    return m_stop_signal == 0;
}

// Requires m_mutex. The entry a response is about (a "created" answer binds the oldest pending
// create request to its watch id), or nullopt for a watch that is no longer ours.
std::optional<size_t> Watcher::entry_of(const etcdserverpb::WatchResponse& resp) {
    if (resp.created() && !m_pending.empty()) {
        size_t index = m_pending.front();
        m_pending.erase(m_pending.begin());
        Entry& e = m_entries[index];
        e.watch_id = resp.watch_id();
        if (e.next_revision == 0) {
            e.next_revision = resp.header().revision() + 1; // "from now" means after this
        }
        return index;
    }
    auto it = std::find_if(m_entries.begin(), m_entries.end(),
                           [&](const Entry& e) { return e.watch_id >= 0 && e.watch_id == resp.watch_id(); });
    if (it == m_entries.end()) {
        return std::nullopt;
    }
    return static_cast<size_t>(it - m_entries.begin());
}

// Requires m_mutex. Drops events already delivered (a resumed watch, or a server sending old
// revisions) into fresh, copying the response only in that rare case, and moves the resume point;
// returns the response to hand on.
const etcdserverpb::WatchResponse* Watcher::advance(Entry& e, const etcdserverpb::WatchResponse& resp,
                                                    etcdserverpb::WatchResponse& fresh) {
    const etcdserverpb::WatchResponse* source = &resp;
    auto stale = [&](const mvccpb::Event& ev) { return ev.kv().mod_revision() < e.next_revision; };
    if (std::any_of(resp.events().begin(), resp.events().end(), stale)) {
        fresh = resp;
        auto* events = fresh.mutable_events();
        events->erase(std::remove_if(events->begin(), events->end(), stale), events->end());
        source = &fresh;
    }
    if (!source->events().empty()) {
        e.next_revision = source->events(source->events_size() - 1).kv().mod_revision() + 1;
    } else if (is_progress_notify(resp)) {
        e.next_revision = std::max(e.next_revision, resp.header().revision() + 1);
    }
    return source;
}

// Requires m_mutex. Which watches resp is for, and what to hand them (source).
std::vector<size_t> Watcher::route(const etcdserverpb::WatchResponse& resp, etcdserverpb::WatchResponse& fresh,
                                   const etcdserverpb::WatchResponse*& source, WatchEnd& end) {
    std::vector<size_t> targets;
    if (resp.watch_id() == -1 && is_progress_notify(resp)) {
        // An answer to request_progress() is for every watch on the stream (clientv3 fans it
        // out). etcd 3.4 may send it before a watch's history, so it moves no resume point.
        for (size_t i = 0; i < m_entries.size(); ++i) {
            if (m_entries[i].watch_id >= 0) {
                targets.push_back(i);
            }
        }
        return targets;
    }
    auto index = entry_of(resp);
    if (!index) {
        return targets;
    }
    if (resp.created() && !resp.canceled()) {
        m_token_rejections = 0;
    }
    if (resp.canceled()) {
        if (names_stale_token(resp.cancel_reason()) && m_token_rejections < k_token_retries) {
            ++m_token_rejections;
            throw TokenRejected(resp.cancel_reason()); // caught by run(): sign in, recreate the watches
        }
        if (m_can_fail_over && resp.cancel_reason().find("no leader") != std::string::npos) {
            throw Error(ExitCode::bad_connection, resp.cancel_reason()); // caught by run(): try another member
        }
        end.canceled = true;
        end.compact_revision = resp.compact_revision();
        end.message = cancel_text(resp);
    } else {
        source = advance(m_entries[*index], resp, fresh);
    }
    if (resp.canceled() || !source->events().empty() || is_progress_notify(resp)) {
        targets.push_back(*index);
    }
    return targets;
}

// Returns false when the watch is over for good (end filled in, or the handler failed).
bool Watcher::handle(const etcdserverpb::WatchResponse& resp, const Handler& handler, WatchEnd& end) {
    etcdserverpb::WatchResponse fresh;
    const etcdserverpb::WatchResponse* source = &resp;
    std::vector<size_t> targets;
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        targets = route(resp, fresh, source, end);
    }
    try {
        for (size_t index : targets) {
            handler(index, *source);
        }
    } catch (...) {
        m_handler_error = std::current_exception();
        return false;
    }
    return !end.canceled;
}

std::string Watcher::cancel_text(const etcdserverpb::WatchResponse& resp) {
    if (resp.compact_revision() != 0) {
        return "etcdserver: mvcc: required revision has been compacted";
    }
    const std::string& reason = resp.cancel_reason();
    if (reason.empty()) {
        return "etcdserver: mvcc: required revision is a future revision";
    }
    // A watch refused at its creation (permission denied) shows the server's reason as it is, as
    // etcdctl 3.4.23 does; only a later cancellation is wrapped as clientv3 wraps it.
    if (reason.rfind("etcdserver: ", 0) == 0 || resp.created()) {
        return reason;
    }
    return "rpc error: code = FailedPrecondition desc = " + reason;
}

// Reads one stream until it ends; returns how: Reading::finished when the watch is over for good.
Watcher::Reading Watcher::read_stream(const Handler& handler, WatchEnd& end, Contact& contact) {
    if (!open_stream()) {
        return Reading::stopped;
    }
    etcdserverpb::WatchResponse resp;
    while (m_stream->read(resp)) {
        if (!contact.connected_once || contact.lost) {
            if (contact.lost) {
                note("reconnected");
                if (m_on_reconnect) {
                    m_on_reconnect(contact.resume_revision);
                }
            }
            contact.connected_once = true;
            contact.lost = false;
            contact.backoff.reset();
            contact.leaderless_since.reset();
        }
        if (!handle(resp, handler, end)) {
            m_stream->cancel();
            return Reading::finished;
        }
    }
    return m_stop_signal != 0 ? Reading::stopped : Reading::broken;
}

// A member without a leader refuses the watch ("no leader"). Given other endpoints, the watch
// looks for a member that has a leader for up to the command timeout (quorum may be whole
// elsewhere); with one endpoint, or once that time is up, it ends rather than wait on a
// cluster that cannot answer. Returns true when it is time to give up.
bool Watcher::give_up_leaderless(const std::string& why, Contact& contact) const {
    auto now = std::chrono::steady_clock::now();
    if (!contact.leaderless_since) {
        if (why.find("etcdserver: no leader") == std::string::npos) {
            return false;
        }
        contact.leaderless_since = now;
    }
    return !m_can_fail_over || now - *contact.leaderless_since >= m_session.config().command_timeout;
}

// Whether the member the session reaches next knows a leader (asked with Status, which a member
// answers alone), within what is left of the leaderless window: a stream opened on a paused member
// would otherwise wait for gRPC's keepalive, long after the window.
bool Watcher::next_member_has_leader(const Contact& contact) const {
    auto left = m_session.config().command_timeout - (std::chrono::steady_clock::now() - *contact.leaderless_since);
    try {
        auto status = m_session.call(&etcdserverpb::Maintenance::Stub::Status, etcdserverpb::StatusRequest(),
                                     Retry::read, std::max<std::chrono::nanoseconds>(left, milliseconds(100)));
        if (status.leader() != 0) {
            return true;
        }
    } catch (const Error&) {
        // unreachable or paused: as good as leaderless
    }
    m_session.drop_connection();
    return false;
}

// Says once per outage that contact is lost, with the revision the watch will resume at.
void Watcher::lost_contact(const std::string& why, Contact& contact) {
    m_session.drop_connection();
    if (contact.lost) {
        return;
    }
    int64_t resume = 0;
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        for (const auto& e : m_entries) {
            resume = resume == 0 ? e.next_revision : std::min(resume, e.next_revision);
        }
    }
    note(fmt::format("lost contact with etcd ({}); reconnecting, resuming at revision {}", why, resume));
    contact.lost = true;
    contact.resume_revision = resume;
}

WatchEnd Watcher::run(const Handler& handler) {
    WatchEnd end;
    Contact contact;
    Reading reading = Reading::broken;
    while (m_stop_signal == 0) {
        std::string why;
        try {
            if (contact.leaderless_since && !next_member_has_leader(contact)) {
                throw Error(ExitCode::bad_connection, "etcdserver: no leader");
            }
            reading = read_stream(handler, end, contact);
            if (reading != Reading::broken) {
                break;
            }
            StreamEnd fin = m_stream->finish();
            if (!fin.ok && !fin.retryable && !fin.cancelled) {
                end.canceled = true;
                end.message = fin.message;
                return end;
            }
            why = fin.message.empty() ? "stream closed" : fin.message;
        } catch (const TokenRejected&) {
            continue; // a stream opens with a fresh token; every watch resumes where it stands
        } catch (const Error& e) {
            // Never reached etcd at all: fail like any other command instead of waiting forever.
            if (e.status() != ExitCode::bad_connection || !contact.connected_once) {
                throw;
            }
            why = e.what();
        }
        if (give_up_leaderless(why, contact)) {
            end.canceled = true;
            end.message = "etcdserver: no leader";
            break;
        }
        lost_contact(why, contact);
        const auto pause = contact.backoff.next();
        for (auto waited = milliseconds(0); waited < pause && m_stop_signal == 0; waited += milliseconds(50)) {
            std::this_thread::sleep_for(milliseconds(50));
        }
    }
    if (m_handler_error) {
        std::rethrow_exception(m_handler_error); // outside the try: never mistaken for a lost connection
    }
    if (reading != Reading::finished) {
        end.signal = m_stop_signal;
    }
    return end;
}

} // namespace ectl
