#pragma once
// Resilient watches over one Watch stream: resumes after a lost connection from the last
// delivered revision + 1 (no gap, no duplicate), and reports compaction with the revision to
// resume from.

#include <atomic>
#include <exception>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "output/sink.hpp"
#include "reconnect.hpp"
#include "session/session.hpp"

namespace ectl {

// What one watch covers.
struct WatchSpec {
    std::string key;
    std::string range_end;
    int64_t start_revision = 0; // 0: from now
    bool prev_kv = false;
};

// Why Watcher::run returned.
struct WatchEnd {
    int signal = 0;        // stopped by this signal (0: not by a signal)
    bool canceled = false; // the server cancelled a watch (message says why)
    std::string message;   // etcdctl's "watch was canceled (...)" reason text
    int64_t compact_revision = 0;
};

// Runs one or more watches on a single stream, reconnecting as needed.
class Watcher {
public:
    // Called for each response that carries events, or is a progress notification.
    using Handler = std::function<void(size_t watch_index, const etcdserverpb::WatchResponse& resp)>;

    Watcher(Session& session, Notes notes, bool can_fail_over);

    // Adds a watch (also while run() is going: it is created on the live stream).
    size_t add(const WatchSpec& spec);
    // Called (on run()'s thread) with the resume revision each time a lost stream is back.
    void on_reconnect(std::function<void(int64_t revision)> listener) { m_on_reconnect = std::move(listener); }
    // Asks the server for a progress notification on the live stream.
    void request_progress();
    // Blocks until stop() or until the server cancels a watch for good.
    WatchEnd run(const Handler& handler);
    // Ends run() promptly; safe from any thread (the signal thread).
    void stop(int signo);
    // The signal stop() was given (0 while running).
    int stop_signal() const { return m_stop_signal; }
    // etcdctl's text for a cancelled watch (what follows "watch was canceled (").
    static std::string cancel_text(const etcdserverpb::WatchResponse& resp);

private:
    struct Entry {
        WatchSpec spec;
        int64_t next_revision = 0; // resume point; 0 until known
        int64_t watch_id = -1;     // server id on the current stream
    };

    // How reading one stream ended.
    enum class Reading { broken, stopped, finished };
    // The state of contact across streams.
    struct Contact {
        bool connected_once = false;
        bool lost = false;
        int64_t resume_revision = 0; // where the watch resumes after the outage
        Backoff backoff;
        std::optional<std::chrono::steady_clock::time_point> leaderless_since; // refused for "no leader" since
    };

    bool open_stream();
    void send_create(size_t index);
    void send_progress_request();
    Reading read_stream(const Handler& handler, WatchEnd& end, Contact& contact);
    bool give_up_leaderless(const std::string& why, Contact& contact) const;
    bool next_member_has_leader(const Contact& contact) const;
    void lost_contact(const std::string& why, Contact& contact);
    bool handle(const etcdserverpb::WatchResponse& resp, const Handler& handler, WatchEnd& end);
    std::vector<size_t> route(const etcdserverpb::WatchResponse& resp, etcdserverpb::WatchResponse& fresh,
                              const etcdserverpb::WatchResponse*& source, WatchEnd& end);
    std::optional<size_t> entry_of(const etcdserverpb::WatchResponse& resp);
    const etcdserverpb::WatchResponse* advance(Entry& e, const etcdserverpb::WatchResponse& resp,
                                               etcdserverpb::WatchResponse& fresh);
    void note(const std::string& text);

    Session& m_session;
    Notes m_notes;
    bool m_can_fail_over;
    std::mutex m_mutex; // guards m_entries, m_pending, m_progress_requested and writes to m_stream
    std::vector<Entry> m_entries;
    std::vector<size_t> m_pending; // entries whose create request awaits its "created" answer
    std::shared_ptr<WatchStream> m_stream;
    bool m_progress_requested = false; // asked for before the first stream was open
    int m_token_rejections = 0;        // watches refused for their token since one was created
    std::atomic<int> m_stop_signal{0};
    std::exception_ptr m_handler_error; // the handler's own failure ends run() with it
    std::function<void(int64_t)> m_on_reconnect;
};

} // namespace ectl
