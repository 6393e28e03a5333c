// snapshot save | status | restore: backups of a member's database, and new data directories
// made from them.
#include <atomic>
#include <chrono>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include <absl/strings/escaping.h>
#include <absl/strings/str_join.h>
#include <fmt/format.h>
#include <unistd.h>

#include "commands/commands.hpp"
#include "endpoint_checks.hpp"
#include "error.hpp"
#include "output/field_lines.hpp"
#include "output/text_table.hpp"
#include "session/session.hpp"
#include "signals.hpp"
#include "snapshot/db_status.hpp"
#include "snapshot/partial_file.hpp"
#include "snapshot/restore.hpp"
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
        throw Error(ExitCode::interrupted,
                    fmt::format("sha256 checksum mismatch: the snapshot hashes to {}, the "
                                "server sent {}",
                                absl::BytesToHexString(digest.computed()), absl::BytesToHexString(digest.trailer())));
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
    // Shared with the signal thread, which may still hold the handler after this returns.
    auto interruption = std::make_shared<Interruption>();
    on_signal([interruption](int signo) { interruption->interrupt(signo); });
    DownloadProgress progress(ctx.io().err, ::isatty(STDERR_FILENO) != 0);
    const auto& endpoints = ctx.session().config().endpoints;
    Notes notes(ctx.io().err, "snapshot save");
    PartialFile part(path);
    for (size_t i = 0; i < endpoints.size(); ++i) {
        try {
            part.rewind();
            auto session = endpoints.size() > 1 ? ctx.session().copy(endpoints[i]) : nullptr;
            uint64_t bytes = download(session ? *session : ctx.session(), stream, part, *interruption, progress);
            part.commit();
            on_signal(nullptr);
            if (endpoints.size() > 1) {
                notes.note(
                    fmt::format("saved the snapshot of the member at {} ({})", endpoints[i], humanize_bytes(bytes)));
            }
            ctx.io().out.write(fmt::format("Snapshot saved at {}\n", path));
            return;
        } catch (const Error& e) {
            if (interruption->signal() != 0 || i + 1 == endpoints.size()) {
                throw;
            }
            notes.note(fmt::format("{}: {}; trying {}", endpoints[i], e.what(), endpoints[i + 1]));
        }
    }
}

struct StatusOptions {
    std::vector<std::string> args;
};

// etcdctl's makeDBStatusTable row, which its simple format joins with ", ".
std::vector<std::string> status_row(const DbStatus& s) {
    return {fmt::format("{:x}", s.hash), std::to_string(s.revision), std::to_string(s.total_key),
            humanize_bytes(static_cast<uint64_t>(s.total_size))};
}

void status_simple(const DbStatus& s, Sink& out) {
    out.write(absl::StrJoin(status_row(s), ", ") + "\n");
}

void status_fields(const DbStatus& s, FieldLines& lines) {
    lines.line("Hash", s.hash);
    lines.line("Revision", s.revision);
    lines.line("Keys", s.total_key);
    lines.line("Size", s.total_size);
}

TextTable status_table(const DbStatus& s) {
    TextTable table({"hash", "revision", "total keys", "total size"});
    table.add_row(status_row(s));
    return table;
}

// snapshot.Status as encoding/json writes it.
void status_json(const DbStatus& s, std::string& text) {
    text += fmt::format(R"({{"hash":{},"revision":{},"totalKey":{},"totalSize":{}}})", s.hash, s.revision, s.total_key,
                        s.total_size);
}

const Views<DbStatus> k_status_views{status_simple, status_fields, status_table, status_json, false};

// Reads the file locally: no endpoint is dialled.
void run_status(const StatusOptions& o, Context& ctx) {
    if (o.args.size() != 1) {
        throw_bad_args("snapshot status requires exactly one argument");
    }
    Printer& printer = ctx.printer(k_status_views);
    printer.print(read_db_status(o.args.front()), k_status_views);
}

struct RestoreOptions {
    std::vector<std::string> args;
    RestoreRequest request;
};

void run_restore(const RestoreOptions& o, Context& ctx) {
    if (o.args.size() != 1) {
        throw_bad_args("snapshot restore requires exactly one argument");
    }
    RestoreRequest request = o.request;
    request.snapshot = o.args.front();
    RestoreResult done = restore_snapshot(request);
    // etcdctl prints nothing on stdout and logs "added member" per member on stderr (etcd's own
    // e2e tests wait for those words); ectl says the same in plain lines.
    Notes notes(ctx.io().err, "snapshot restore");
    for (const auto& m : done.plan.members) {
        notes.note(fmt::format("added member {:x} [{}] to cluster {:x}", m.id, absl::StrJoin(m.peer_urls, ","),
                               done.plan.cluster_id));
    }
    notes.note(fmt::format("restored {} (revision {}, {} keys) into {} as member {:x}", request.snapshot,
                           done.db.revision, done.db.total_key, done.data_dir, done.plan.local_id));
}

void add_restore_flags(CLI::App* cmd, RestoreRequest& r) {
    add_value_flag(cmd, "data-dir", r.data_dir, flag_type::k_string, "Path to the data directory");
    add_value_flag(cmd, "wal-dir", r.wal_dir, flag_type::k_string,
                   "Path to the WAL directory (use --data-dir if none given)");
    add_value_flag(cmd, "initial-cluster", r.initial_cluster, flag_type::k_string,
                   "Initial cluster configuration for restore bootstrap");
    add_value_flag(cmd, "initial-cluster-token", r.initial_cluster_token, flag_type::k_string,
                   "Initial cluster token for the etcd cluster during restore bootstrap");
    add_value_flag(cmd, "initial-advertise-peer-urls", r.initial_advertise_peer_urls, flag_type::k_string,
                   "List of this member's peer URLs to advertise to the rest of the cluster");
    add_value_flag(cmd, "name", r.name, flag_type::k_string, "Human-readable name for this member");
    add_bool_flag(cmd, "skip-hash-check", r.skip_hash_check,
                  "Ignore snapshot integrity hash value (required if copied from data directory)");
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
    auto status = add_command<StatusOptions>(snapshot, ctx, "status", "Gets backend snapshot status of a given file",
                                             "<filename>", run_status);
    describe_command(status.cmd,
                     "When --write-out is set to simple, this command prints out comma-separated status lists for "
                     "each endpoint. The items in the lists are hash, revision, total keys, total size. The file is "
                     "read locally and checked first (bbolt's integrity check); a truncated or damaged file is an "
                     "error naming it.",
                     {"ectl snapshot status backup.db", "ectl snapshot status backup.db -w table"});
    auto restore =
        add_command<RestoreOptions>(snapshot, ctx, "restore", "Restores an etcd member snapshot to an etcd directory",
                                    "<filename> [options]", run_restore);
    add_restore_flags(restore.cmd, restore.options->request);
    describe_command(restore.cmd,
                     "Makes the data directory of one member of a new cluster from a snapshot: the database with "
                     "the new cluster's membership, a WAL whose first entries add the members, and the raft "
                     "snapshot. Run it once per member, with the same --initial-cluster and "
                     "--initial-cluster-token and that member's --name and --initial-advertise-peer-urls, then "
                     "start each etcd on its directory with the same flags. Everything is checked before anything "
                     "is written (an existing directory, the snapshot's SHA-256 unless --skip-hash-check, its "
                     "integrity); the directory is built beside its place and renamed there when complete.",
                     {"ectl snapshot restore backup.db --data-dir /var/lib/etcd-restored",
                      "ectl snapshot restore backup.db --name m1 --initial-cluster "
                      "m1=http://10.0.0.1:2380,m2=http://10.0.0.2:2380,m3=http://10.0.0.3:2380 "
                      "--initial-advertise-peer-urls http://10.0.0.1:2380 --data-dir /var/lib/etcd"});
    describe_command(snapshot, "", {"ectl snapshot save backup.db", "ectl snapshot status backup.db -w table"});
}

} // namespace ectl
