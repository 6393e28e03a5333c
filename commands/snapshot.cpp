// snapshot save | status | restore: backups of a member's database, and new data directories
// made from them.
#include <atomic>
#include <chrono>
#include <mutex>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <unistd.h>

#include "commands/commands.hpp"
#include "endpoint_checks.hpp"
#include "error.hpp"
#include "session/session.hpp"
#include "signals.hpp"
#include "snapshot/partial_file.hpp"
#include "snapshot/snapshot_digest.hpp"

namespace ectl {
namespace {

using SnapshotReader = Reader<etcdserverpb::SnapshotResponse>;

struct SaveOptions {
    std::vector<std::string> args;
    const CLI::Option* command_timeout = nullptr; // the global flag: a deadline only when it is given
};

// The stream being read, for the signal thread to cancel.
class Interruption {
public:
    // Cancels the current stream, now and for any stream attached later.
    void interrupt(int signo) {
        std::lock_guard<std::mutex> lock(m_mutex);
        m_signo = signo;
        if (m_reader != nullptr) {
            m_reader->cancel();
        }
    }
    void attach(SnapshotReader* reader) {
        std::lock_guard<std::mutex> lock(m_mutex);
        m_reader = reader;
        if (reader != nullptr && m_signo != 0) {
            reader->cancel();
        }
    }
    // The signal that interrupted the save, or 0.
    int signal() {
        std::lock_guard<std::mutex> lock(m_mutex);
        return m_signo;
    }

private:
    std::mutex m_mutex;
    SnapshotReader* m_reader = nullptr;
    int m_signo = 0;
};

// "Received 12 MB (40 MB/s)" on stderr, redrawn at most 5 times a second, only on a terminal.
class DownloadProgress {
public:
    DownloadProgress(Sink& err, bool on_terminal) : m_err(err), m_enabled(on_terminal) {}
    void update(uint64_t bytes, bool last = false) {
        auto now = std::chrono::steady_clock::now();
        if (!m_enabled || (!last && now - m_drawn < std::chrono::milliseconds(200))) {
            return;
        }
        m_drawn = now;
        double seconds = std::chrono::duration<double>(now - m_start).count();
        auto rate = seconds > 0 ? static_cast<uint64_t>(static_cast<double>(bytes) / seconds) : 0;
        m_err.write(
            fmt::format("\r\033[KReceived {} ({}/s){}", humanize_bytes(bytes), humanize_bytes(rate), last ? "\n" : ""));
        m_err.flush();
    }

private:
    Sink& m_err;
    bool m_enabled;
    std::chrono::steady_clock::time_point m_start = std::chrono::steady_clock::now();
    std::chrono::steady_clock::time_point m_drawn{};
};

// Streams one member's snapshot into part, checking the SHA-256 the server appends. Throws Error
// (exit 5 as etcdctl, or the signal's status when interrupted).
uint64_t download(Session& session, const StreamOptions& stream, PartialFile& part, Interruption& interruption,
                  DownloadProgress& progress) {
    auto reader =
        session.open_reader(&etcdserverpb::Maintenance::Stub::Snapshot, etcdserverpb::SnapshotRequest(), stream);
    interruption.attach(reader.get());
    SnapshotDigest digest;
    etcdserverpb::SnapshotResponse resp;
    while (reader->read(resp)) {
        part.write(resp.blob());
        digest.feed(resp.blob());
        progress.update(digest.total());
    }
    StreamEnd end = reader->finish();
    interruption.attach(nullptr);
    if (int signo = interruption.signal(); signo != 0) {
        throw Error::silent(ExitStatus::signal(signo));
    }
    const uint64_t bytes = digest.total();
    if (!end.ok) {
        throw Error(ExitCode::interrupted,
                    fmt::format("the snapshot stream broke after {} bytes: {}", bytes, end.message));
    }
    if (!has_snapshot_digest(bytes)) {
        throw Error(ExitCode::interrupted, fmt::format("sha256 checksum not found [bytes: {}]", bytes));
    }
    if (!digest.matches()) {
        throw Error(ExitCode::interrupted, fmt::format("sha256 checksum mismatch: the snapshot hashes to {}, the "
                                                       "server sent {}",
                                                       digest.computed_hex(), digest.trailer_hex()));
    }
    progress.update(bytes, true);
    return bytes;
}

// Saves from the first endpoint that gives a whole snapshot (etcdctl refuses several endpoints;
// backup scripts want "any healthy member"). Notes name the member when there is a choice.
void run_save(const SaveOptions& o, Context& ctx) {
    if (o.args.size() != 1) {
        throw_bad_args("snapshot save expects one argument");
    }
    const std::string& path = o.args.front();
    StreamOptions stream;
    if (o.command_timeout->count() > 0) {
        stream.timeout = ctx.session().config().command_timeout;
    }
    Interruption interruption;
    on_signal([&interruption](int signo) { interruption.interrupt(signo); });
    DownloadProgress progress(ctx.io().err, ::isatty(STDERR_FILENO) != 0);
    const auto& endpoints = ctx.session().config().endpoints;
    Notes notes(ctx.io().err, "snapshot save");
    PartialFile part(path);
    for (size_t i = 0; i < endpoints.size(); ++i) {
        try {
            part.rewind();
            auto session = endpoints.size() > 1 ? ctx.session().copy(endpoints[i]) : nullptr;
            uint64_t bytes = download(session ? *session : ctx.session(), stream, part, interruption, progress);
            part.commit();
            on_signal(nullptr);
            if (endpoints.size() > 1) {
                notes.note(
                    fmt::format("saved the snapshot of the member at {} ({})", endpoints[i], humanize_bytes(bytes)));
            }
            ctx.io().out.write(fmt::format("Snapshot saved at {}\n", path));
            return;
        } catch (const Error& e) {
            if (interruption.signal() != 0 || i + 1 == endpoints.size()) {
                throw;
            }
            notes.note(fmt::format("{}: {}; trying {}", endpoints[i], e.what(), endpoints[i + 1]));
        }
    }
}

} // namespace

void add_snapshot_command(CLI::App& root, Context& ctx) {
    auto* snapshot = root.add_subcommand("snapshot", "Manages etcd node snapshots");
    auto save = add_command<SaveOptions>(snapshot, ctx, "save", "Stores an etcd node backend snapshot to a given file",
                                         "<filename>", run_save);
    save.options->command_timeout = root.get_option("--command-timeout");
    describe_command(save.cmd,
                     "Streams the database of one member into a file: written beside it under a temporary "
                     "name, checked against the SHA-256 the member appends, synced to disk, and only then "
                     "renamed onto <filename>, so a failed or interrupted save never leaves a partial file and an "
                     "existing file is replaced only by a complete snapshot. With several --endpoints, the first "
                     "member that gives a whole snapshot is used and named on stderr. No deadline unless "
                     "--command-timeout is given. Progress goes to stderr when it is a terminal.",
                     {"ectl snapshot save backup.db", "ectl --endpoints=10.0.0.1:2379,10.0.0.2:2379 snapshot save "
                                                      "backup.db"});
    describe_command(snapshot, "", {"ectl snapshot save backup.db", "ectl snapshot status backup.db -w table"});
}

} // namespace ectl
