#include "concurrency/key_wait.hpp"

#include <algorithm>
#include <chrono>

#include <fmt/format.h>

#include "error.hpp"
#include "key_range.hpp"

namespace ectl {
namespace {

// Watcher::stop() takes a signal number; this marks "stopped by us" (never a real signal).
constexpr int k_stop_marker = -1;

std::string deleted_reason(const std::string& key) {
    return fmt::format("the key {} was deleted (its lease was revoked or expired, or someone deleted it)", key);
}

} // namespace

etcdserverpb::RangeRequest make_create_order_request(const std::string& prefix, bool last,
                                                     int64_t max_create_revision) {
    etcdserverpb::RangeRequest req;
    req.set_key(prefix);
    req.set_range_end(prefix_range_end(prefix));
    req.set_sort_target(etcdserverpb::RangeRequest::CREATE);
    req.set_sort_order(last ? etcdserverpb::RangeRequest::DESCEND : etcdserverpb::RangeRequest::ASCEND);
    req.set_limit(1);
    req.set_max_create_revision(max_create_revision);
    return req;
}

std::string queue_key(const std::string& prefix, int64_t lease_id) {
    return fmt::format("{}{:x}", prefix, lease_id);
}

bool watch_until(Session& rpc, TurnEvents& events, const Notes& notes, const WatchSpec& spec,
                 const std::function<bool(const etcdserverpb::WatchResponse&)>& done) {
    Watcher watcher(rpc, notes, rpc.endpoint_count() > 1);
    watcher.add(spec);
    events.arm([&watcher] { watcher.stop(k_stop_marker); });
    try {
        watcher.run([&](size_t, const etcdserverpb::WatchResponse& resp) {
            if (!resp.canceled() && done(resp)) {
                watcher.stop(k_stop_marker);
            }
        });
    } catch (...) {
        events.disarm();
        throw;
    }
    events.disarm();
    return !events.stop_cause();
}

bool wait_delete(Session& rpc, TurnEvents& events, const Notes& notes, const std::string& key, int64_t revision) {
    return watch_until(rpc, events, notes, WatchSpec{key, "", revision, false}, [](const auto& resp) {
        return std::any_of(resp.events().begin(), resp.events().end(),
                           [](const mvccpb::Event& ev) { return ev.type() == mvccpb::Event::DELETE; });
    });
}

bool wait_deletes(Session& rpc, TurnEvents& events, const Notes& notes, const std::string& prefix,
                  int64_t max_create_revision) {
    auto req = make_create_order_request(prefix, true, max_create_revision);
    for (;;) {
        if (events.stop_cause()) {
            return false;
        }
        auto resp = rpc.call(&etcdserverpb::KV::Stub::Range, req, Retry::read);
        if (resp.kvs().empty()) {
            return true;
        }
        if (!wait_delete(rpc, events, notes, resp.kvs(0).key(), resp.header().revision())) {
            return false;
        }
    }
}

etcdserverpb::RangeResponse read_own_key(Session& rpc, const std::string& key, int64_t create_revision) {
    etcdserverpb::RangeRequest req;
    req.set_key(key);
    auto resp = rpc.call(&etcdserverpb::KV::Stub::Range, req, Retry::read);
    if (resp.kvs().size() != 1 || resp.kvs(0).create_revision() != create_revision) {
        resp.clear_kvs();
    }
    return resp;
}

KeyGuard::KeyGuard(Session& rpc, const Notes& notes, TurnEvents& events, std::string key, int64_t revision)
    : m_rpc(rpc), m_notes(notes), m_events(events), m_key(std::move(key)) {
    m_thread = std::thread([this, revision] { run(revision); });
}

KeyGuard::~KeyGuard() {
    stop();
}

void KeyGuard::stop() {
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        m_stopped = true;
        if (m_watcher != nullptr) {
            m_watcher->stop(k_stop_marker);
        }
    }
    if (m_thread.joinable()) {
        m_thread.join();
    }
}

// One watch from `from` until the key is deleted, stop() is called, or the watch ends.
KeyGuard::Watched KeyGuard::watch_from(int64_t from) {
    bool deleted = false;
    bool failed = false;
    Watcher watcher(m_rpc, m_notes, m_rpc.endpoint_count() > 1);
    watcher.add(WatchSpec{m_key, "", from, false});
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        if (m_stopped) {
            return Watched::stopped;
        }
        m_watcher = &watcher;
    }
    try {
        watcher.run([&](size_t, const etcdserverpb::WatchResponse& resp) {
            for (const auto& ev : resp.events()) {
                if (ev.type() == mvccpb::Event::DELETE) {
                    deleted = true;
                    watcher.stop(k_stop_marker);
                    return;
                }
            }
        });
    } catch (const Error& e) {
        failed = true;
        m_notes.note(fmt::format("cannot watch {} ({}); retrying", m_key, e.what()));
    }
    std::lock_guard<std::mutex> lock(m_mutex);
    m_watcher = nullptr;
    if (m_stopped) {
        return Watched::stopped;
    }
    return deleted ? Watched::deleted : failed ? Watched::failed : Watched::ended;
}

// Sleeps about a second unless stop() comes first; false when it did.
bool KeyGuard::pause() {
    for (int i = 0; i < 20; ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
        std::lock_guard<std::mutex> lock(m_mutex);
        if (m_stopped) {
            return false;
        }
    }
    return true;
}

void KeyGuard::run(int64_t revision) {
    int64_t from = revision;
    for (;;) {
        Watched watched = watch_from(from);
        if (watched == Watched::stopped || (watched == Watched::failed && !pause())) {
            return;
        }
        if (watched == Watched::deleted) {
            m_events.lost(deleted_reason(m_key));
            return;
        }
        // The server cancelled the watch (compaction) or it failed: look again, then resume.
        try {
            etcdserverpb::RangeRequest req;
            req.set_key(m_key);
            auto resp = m_rpc.call(&etcdserverpb::KV::Stub::Range, req, Retry::read);
            if (resp.kvs().empty()) {
                m_events.lost(deleted_reason(m_key));
                return;
            }
            from = resp.header().revision() + 1;
        } catch (const Error&) {
            // The lease keep-alive decides whether contact is lost for too long.
        }
    }
}

} // namespace ectl
