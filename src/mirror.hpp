#pragma once
// make-mirror's copying (etcdctl's mirror.Syncer and makeMirror): the keys under a prefix at one
// revision, then every later event, written to a destination session with the prefix replaced.

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>

#include "output/sink.hpp"
#include "session/session.hpp"
#include "watcher.hpp"

namespace ectl {

// What to mirror and how.
struct MirrorSpec {
    std::string prefix;        // source keys to copy ("": the whole key space)
    std::string dest_prefix;   // what replaces prefix in the destination's keys
    int64_t max_txn_ops = 128; // the most ops one destination txn carries (etcd's default limit)
};

// The destination key of a source key: Go's strings.Replace(key, prefix, dest_prefix, 1), as
// etcdctl renames keys (an empty prefix puts dest_prefix in front).
std::string mirror_key(const std::string& key, const std::string& prefix, const std::string& dest_prefix);

// The destination's session settings: the main session's timeouts and keep-alives, the one
// destination endpoint and its own TLS files, no auth (etcdctl gives the destination none).
struct DestinationTls {
    std::string cert_file;
    std::string key_file;
    std::string ca_file;
    bool insecure_transport = true;
};
SessionConfig destination_config(const SessionConfig& main, const std::string& endpoint, const DestinationTls& tls);

// Groups writes into destination txns: the events of one source revision together (split when
// they exceed max_txn_ops ops or ~1 MiB), so the destination never shows half a revision unless
// it must. Every txn is resent while the destination is unavailable: replaying puts and deletes
// in order leaves the same keys.
class MirrorWriter {
public:
    MirrorWriter(Session& dest, const MirrorSpec& spec, std::atomic<int64_t>& applied)
        : m_dest(dest), m_spec(spec), m_applied(applied) {}

    // Queues a put of a source key-value (revision: the source revision it belongs to).
    void put(const mvccpb::KeyValue& kv, int64_t revision);
    // Queues a delete of a source key.
    void del(const std::string& key, int64_t revision);
    // Sends what is queued as one txn.
    void flush();
    // The last source revision whose writes were all applied (0: none yet).
    int64_t applied_revision() const { return m_applied_revision; }

private:
    void before_add(int64_t revision, size_t bytes);

    Session& m_dest;
    const MirrorSpec& m_spec;
    std::atomic<int64_t>& m_applied;
    etcdserverpb::TxnRequest m_txn;
    size_t m_bytes = 0;
    int64_t m_revision = 0;         // the revision of the queued ops
    int64_t m_applied_revision = 0; // the revision of the last txn sent
};

// Prints the running count of applied keys every 30 s on its own thread, as etcdctl does.
class CountTicker {
public:
    CountTicker(Sink& out, const std::atomic<int64_t>& count);
    ~CountTicker();
    CountTicker(const CountTicker&) = delete;
    CountTicker& operator=(const CountTicker&) = delete;

private:
    struct State;
    std::shared_ptr<State> m_state;
};

// Copies the keys under spec.prefix at the source's current revision, then applies every later
// event until stop() or a failure (Error). Returns the signal stop() was given.
class Mirror {
public:
    Mirror(Session& source, Session& dest, MirrorSpec spec, Notes notes);
    // Runs until stopped; throws Error when the source compacted away what it needs, or a write
    // to the destination failed (saying which revision was the last applied).
    int run(std::atomic<int64_t>& applied);
    // Ends run() promptly; safe from the signal thread.
    void stop(int signo);

private:
    int64_t sync_base(MirrorWriter& writer);
    int sync_updates(MirrorWriter& writer, int64_t revision);

    Session& m_source;
    Session& m_dest;
    MirrorSpec m_spec;
    Notes m_notes;
    std::atomic<int> m_stop_signal{0};
    std::mutex m_mutex; // guards m_watcher
    std::shared_ptr<Watcher> m_watcher;
};

} // namespace ectl
