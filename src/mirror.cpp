#include "mirror.hpp"

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <thread>

#include <fmt/format.h>

#include "error.hpp"
#include "key_range.hpp"
#include "range_pager.hpp"

namespace ectl {
namespace {

// Keeps one txn well below etcd's default request limit (1.5 MiB).
constexpr size_t k_txn_bytes = size_t{1024} * 1024;
constexpr std::chrono::seconds k_count_interval{30};

} // namespace

std::string mirror_key(const std::string& key, const std::string& prefix, const std::string& dest_prefix) {
    auto at = key.find(prefix);
    if (at == std::string::npos) {
        return key;
    }
    return key.substr(0, at) + dest_prefix + key.substr(at + prefix.size());
}

SessionConfig destination_config(const SessionConfig& main, const std::string& endpoint, const DestinationTls& tls) {
    SessionConfig config = main;
    config.endpoints = {endpoint};
    config.cert_file = tls.cert_file;
    config.key_file = tls.key_file;
    config.ca_file = tls.ca_file;
    config.insecure_transport = tls.insecure_transport;
    config.insecure_skip_verify = false;
    config.server_name.clear();
    config.use_auth = false;
    config.user.clear();
    config.password.clear();
    return config;
}

void MirrorWriter::before_add(int64_t revision, size_t bytes) {
    const bool full = m_txn.success_size() >= m_spec.max_txn_ops || m_bytes + bytes > k_txn_bytes;
    if (m_txn.success_size() > 0 && (revision != m_revision || full)) {
        flush();
    }
    m_revision = revision;
    m_bytes += bytes;
}

void MirrorWriter::put(const mvccpb::KeyValue& kv, int64_t revision) {
    std::string key = mirror_key(kv.key(), m_spec.prefix, m_spec.dest_prefix);
    before_add(revision, key.size() + kv.value().size());
    auto* put = m_txn.add_success()->mutable_request_put();
    put->set_key(std::move(key));
    put->set_value(kv.value());
}

void MirrorWriter::del(const std::string& key, int64_t revision) {
    std::string dest_key = mirror_key(key, m_spec.prefix, m_spec.dest_prefix);
    before_add(revision, dest_key.size());
    m_txn.add_success()->mutable_request_delete_range()->set_key(std::move(dest_key));
}

void MirrorWriter::flush() {
    if (m_txn.success_size() == 0) {
        return;
    }
    try {
        // Retry::read: resending the same puts and deletes in order cannot change the outcome.
        m_dest.call(&etcdserverpb::KV::Stub::Txn, m_txn, Retry::read);
    } catch (const Error& e) {
        std::string done = m_applied_revision == 0 ? "nothing was applied"
                                                   : fmt::format("revisions up to {} were applied", m_applied_revision);
        throw Error(e.status(), fmt::format("writing to the destination failed, {} ({})", done, e.what()));
    }
    m_applied += m_txn.success_size();
    m_applied_revision = m_revision;
    m_txn.Clear();
    m_bytes = 0;
}

struct CountTicker::State {
    std::mutex mutex;
    std::condition_variable wake;
    bool done = false;
    std::thread thread;
};

CountTicker::CountTicker(Sink& out, const std::atomic<int64_t>& count) : m_state(std::make_shared<State>()) {
    m_state->thread = std::thread([state = m_state.get(), &out, &count] {
        std::unique_lock<std::mutex> lock(state->mutex);
        auto next = std::chrono::steady_clock::now() + k_count_interval;
        while (!state->wake.wait_until(lock, next, [state] { return state->done; })) {
            next += k_count_interval;
            out.write(fmt::format("{}\n", count.load()));
            try {
                out.flush();
            } catch (const Error&) {
                return; // stdout is gone; the mirror itself goes on
            }
        }
    });
}

CountTicker::~CountTicker() {
    {
        std::lock_guard<std::mutex> lock(m_state->mutex);
        m_state->done = true;
    }
    m_state->wake.notify_all();
    m_state->thread.join();
}

Mirror::Mirror(Session& source, Session& dest, MirrorSpec spec, Notes notes)
    : m_source(source), m_dest(dest), m_spec(std::move(spec)), m_notes(std::move(notes)) {}

void Mirror::stop(int signo) {
    m_stop_signal = signo;
    std::lock_guard<std::mutex> lock(m_mutex);
    if (m_watcher) {
        m_watcher->stop(signo);
    }
}

// Copies the keys as they were at one revision (paged, pinned to it); returns that revision.
int64_t Mirror::sync_base(MirrorWriter& writer) {
    etcdserverpb::RangeRequest req;
    req.set_key(m_spec.prefix.empty() ? std::string(1, '\0') : m_spec.prefix);
    req.set_range_end(prefix_range_end(m_spec.prefix));
    int64_t revision = 0;
    auto first = [&revision](const etcdserverpb::RangeResponse& head) { revision = head.header().revision(); };
    page_range(m_source, req, first, [&](const mvccpb::KeyValue& kv) {
        if (m_stop_signal != 0) {
            throw Error::silent(ExitStatus::signal(m_stop_signal));
        }
        writer.put(kv, revision);
    });
    writer.flush();
    return revision;
}

// Applies the events after revision, one source revision per txn, until stopped.
int Mirror::sync_updates(MirrorWriter& writer, int64_t revision) {
    auto watcher = std::make_shared<Watcher>(m_source, m_notes, m_source.endpoint_count() > 1);
    WatchSpec spec;
    spec.key = m_spec.prefix.empty() ? std::string(1, '\0') : m_spec.prefix;
    spec.range_end = prefix_range_end(m_spec.prefix);
    spec.start_revision = revision + 1;
    watcher->add(spec);
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        m_watcher = watcher;
        if (m_stop_signal != 0) {
            return m_stop_signal;
        }
    }
    WatchEnd end = watcher->run([&writer](size_t /*index*/, const etcdserverpb::WatchResponse& resp) {
        for (const auto& ev : resp.events()) {
            if (ev.type() == mvccpb::Event::DELETE) {
                writer.del(ev.kv().key(), ev.kv().mod_revision());
            } else {
                writer.put(ev.kv(), ev.kv().mod_revision());
            }
        }
        writer.flush();
    });
    if (end.signal != 0) {
        return end.signal;
    }
    throw Error(ExitCode::error, fmt::format("{} (the destination holds the source as of revision {})", end.message,
                                             std::max(revision, writer.applied_revision())));
}

int Mirror::run(std::atomic<int64_t>& applied) {
    // Dial the destination first: an unreachable one fails now, not at the first event.
    etcdserverpb::RangeRequest probe;
    probe.set_key(std::string(1, '\0'));
    probe.set_count_only(true);
    m_dest.call(&etcdserverpb::KV::Stub::Range, probe, Retry::read);
    MirrorWriter writer(m_dest, m_spec, applied);
    int64_t revision = sync_base(writer);
    if (m_stop_signal != 0) {
        return m_stop_signal;
    }
    return sync_updates(writer, revision);
}

} // namespace ectl
