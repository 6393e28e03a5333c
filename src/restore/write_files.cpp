// write_wal_and_snap: the WAL and .snap files in the steps etcd takes (wal.Create, WAL.Save,
// Snapshotter.SaveSnap, WAL.SaveSnapshot), so a crash leaves what etcd's would.

#include <cerrno>
#include <filesystem>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fmt/format.h>

#include "file.hpp"
#include "go_quote.hpp"
#include "os_error.hpp"
#include "restore/raft_records.hpp"
#include "restore/restore.hpp"
#include "restore/wal_encoder.hpp"

namespace ectl::restore {
namespace {

// wal.SegmentSizeBytes: every WAL file is preallocated to this size.
constexpr uint64_t k_segment_bytes = uint64_t{64} * 1000 * 1000;
// fileutil.PrivateFileMode (directories: make_directories, 0700); .snap files are made with 0666
// (less the umask).
constexpr mode_t k_wal_mode = 0600;
constexpr mode_t k_snap_mode = 0666;

// A failed system call, worded as Go's *PathError.
[[noreturn]] void fail(const char* op, const std::string& path, int error = errno) {
    throw RestoreError(path_error(op, path, error));
}

// wal.Create's first part: a WAL file with its crc, metadata and empty-snapshot records, in
// wal_dir + ".tmp" (made afresh), renamed to wal_dir; the open file and its size are returned.
File create_wal(const std::string& wal_dir, WalEncoder& encoder, const std::string& metadata, uint64_t& size) {
    make_directories(wal_dir); // fileutil.CreateDirAll: the parents too; the directory itself is replaced below
    const std::string tmp = clean_path(wal_dir) + ".tmp";
    std::error_code ignored;
    std::filesystem::remove_all(tmp, ignored);
    make_directories(tmp);
    const std::string file_name = fmt::format("{:016x}-{:016x}.wal", 0, 0);
    File wal(tmp + "/" + file_name, O_WRONLY | O_CREAT, k_wal_mode);
    wal.preallocate(k_segment_bytes);
    encoder.add(RecordType::crc, std::nullopt);
    encoder.add(RecordType::metadata, metadata);
    encoder.add(RecordType::snapshot, wal_snapshot(0, 0));
    std::string head = encoder.take();
    wal.write_at(0, head);
    size = head.size();
    wal.data_sync();
    sync_directory(tmp); // not in etcd: the file's name is durable before the directory is renamed
    if (::rmdir(wal_dir.c_str()) != 0) {
        fail("remove", wal_dir);
    }
    if (::rename(tmp.c_str(), wal_dir.c_str()) != 0) {
        fail("rename", tmp);
    }
    sync_directory(parent_directory(wal_dir));
    return wal;
}

// Appends the framed records to the WAL at `size` and syncs it.
void append(const File& wal, WalEncoder& encoder, uint64_t& size) {
    std::string bytes = encoder.take();
    if (size + bytes.size() > k_segment_bytes) {
        throw RestoreError("too many members for one WAL segment");
    }
    wal.write_at(size, bytes);
    size += bytes.size();
    wal.data_sync();
}

// Snapshotter.SaveSnap: the .snap file, written and synced (and, not in etcd, its directory).
void write_snap(const ClusterPlan& plan, const std::string& snap_dir) {
    make_directories(snap_dir);
    const std::string path = snap_dir + "/" + snap_file_name(plan);
    File snap(path, O_WRONLY | O_CREAT | O_TRUNC, k_snap_mode);
    snap.write_at(0, snap_file_bytes(plan));
    snap.sync();
    sync_directory(snap_dir);
}

} // namespace

void write_wal_and_snap(const ClusterPlan& plan, const std::string& wal_dir, const std::string& snap_dir) {
    if (plan.members.empty()) {
        throw RestoreError("no members to restore");
    }
    std::error_code error;
    if (std::filesystem::exists(wal_dir, error)) {
        throw RestoreError(fmt::format("wal-dir {} exists", go_quote(wal_dir)));
    }
    WalEncoder encoder;
    uint64_t size = 0;
    File wal = create_wal(wal_dir, encoder, wal_metadata(plan), size);
    for (const auto& entry : bootstrap_entries(plan)) {
        encoder.add(RecordType::entry, entry);
    }
    encoder.add(RecordType::state, bootstrap_hard_state(plan));
    append(wal, encoder, size);
    write_snap(plan, snap_dir);
    encoder.add(RecordType::snapshot, wal_snapshot(plan.members.size(), k_bootstrap_term));
    append(wal, encoder, size);
    sync_directory(wal_dir);
}

} // namespace ectl::restore
