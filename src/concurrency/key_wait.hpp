#pragma once
// The waiting half of etcd's lock and election recipes (clientv3 concurrency/key.go): wait until
// every key queued before ours is deleted, and watch our own key while we hold the lock.

#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "concurrency/events.hpp"
#include "output/sink.hpp"
#include "session/session.hpp"
#include "watcher.hpp"

namespace ectl {

// A range of prefix sorted by create revision, one key: the first (ascending) or the last.
etcdserverpb::RangeRequest make_create_order_request(const std::string& prefix, bool last, int64_t max_create_revision);

// The lock key of a lease under prefix: "<prefix><lease id in lower-case hex>" (etcdctl's layout).
std::string queue_key(const std::string& prefix, int64_t lease_id);

// Waits until no key under prefix has a create revision <= max_create_revision, watching the
// newest such key for its deletion each time (waitDeletes). Returns false when events stopped it.
bool wait_deletes(Session& rpc, TurnEvents& events, const Notes& notes, const std::string& prefix,
                  int64_t max_create_revision);

// Watches spec until done(response) says so (true), the server cancels the watch (true), or
// events stop it (false).
bool watch_until(Session& rpc, TurnEvents& events, const Notes& notes, const WatchSpec& spec,
                 const std::function<bool(const etcdserverpb::WatchResponse&)>& done);

// Blocks until key is deleted (true) or events stop the wait (false), watching from revision.
bool wait_delete(Session& rpc, TurnEvents& events, const Notes& notes, const std::string& key, int64_t revision);

// Our key as the server has it now, or an empty response when it is gone or was re-created.
etcdserverpb::RangeResponse read_own_key(Session& rpc, const std::string& key, int64_t create_revision);

// Watches the key we hold on a thread of its own and reports its deletion to events as lost.
class KeyGuard {
public:
    // Starts watching key from revision (the revision at which it was seen to exist).
    KeyGuard(Session& rpc, const Notes& notes, TurnEvents& events, std::string key, int64_t revision);
    // Stops the watch.
    ~KeyGuard();
    KeyGuard(const KeyGuard&) = delete;
    KeyGuard& operator=(const KeyGuard&) = delete;

    // Stops the watch and joins the thread (afterwards rpc is free for the caller again).
    void stop();

private:
    // How one watch of the key ended.
    enum class Watched { deleted, stopped, failed, ended };

    void run(int64_t revision);
    Watched watch_from(int64_t from);
    bool pause();

    Session& m_rpc;
    Notes m_notes;
    TurnEvents& m_events;
    std::string m_key;
    std::mutex m_mutex; // guards m_watcher and m_stopped
    Watcher* m_watcher = nullptr;
    bool m_stopped = false;
    std::thread m_thread;
};

} // namespace ectl
