#include "snapshot/restore.hpp"

#include <cerrno>
#include <filesystem>

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include "bolt/reader.hpp"
#include "error.hpp"
#include "file.hpp"
#include "os_error.hpp"
#include "snapshot/partial_file.hpp"
#include "snapshot/restore_db.hpp"
#include "snapshot/snapshot_digest.hpp"

namespace ectl {
namespace {

[[noreturn]] void fail(const std::string& message) {
    throw Error(ExitCode::error, message);
}

// Go's %v of a byte slice: "[1 2 255]".
std::string go_bytes(const std::string& bytes) {
    std::string text = "[";
    for (size_t i = 0; i < bytes.size(); ++i) {
        text += (i == 0 ? "" : " ") + std::to_string(static_cast<unsigned char>(bytes[i]));
    }
    return text + "]";
}

// etcdctl's rules: a file carries a SHA-256 when its size % 512 == 32; one without must be
// restored with --skip-hash-check; one with must match unless --skip-hash-check.
void check_snapshot_hash(const std::string& path, bool skip) {
    File file(path, O_RDONLY);
    const uint64_t size = file.size();
    const bool has_hash = has_snapshot_digest(size);
    if (!has_hash && !skip) {
        fail("snapshot missing hash but --skip-hash-check=false");
    }
    if (!has_hash || skip) {
        return;
    }
    SnapshotDigest digest;
    std::string buffer(size_t{1} << 20, '\0');
    for (uint64_t offset = 0; offset < size;) {
        size_t n = file.read_at(offset, buffer.data(), buffer.size());
        if (n == 0) {
            break; // the file shrank meanwhile: the digest does not match
        }
        digest.feed(std::string_view(buffer.data(), n));
        offset += n;
    }
    if (!digest.matches()) {
        fail(fmt::format("expected sha256 {}, got {}", go_bytes(digest.trailer()), go_bytes(digest.computed())));
    }
}

void make_dir(const std::string& path) {
    if (::mkdir(path.c_str(), 0700) != 0) {
        fail(path_error("mkdir", path, errno));
    }
}

std::string default_wal_dir(const std::string& data_dir) {
    return (std::filesystem::path(data_dir) / "member" / "wal").string();
}

// The directories that must not exist yet, in etcdctl's order and words.
void refuse_existing(const std::string& data_dir, const std::string& wal_dir) {
    if (std::filesystem::exists(data_dir)) {
        fail(fmt::format("data-dir \"{}\" exists", data_dir));
    }
    if (std::filesystem::exists(wal_dir)) {
        fail(fmt::format("wal-dir \"{}\" exists", wal_dir));
    }
}

// The WAL directory first: a data directory without its WAL would make etcd start a new cluster
// from the database alone.
void commit(PartialDir& data, PartialDir* wal) {
    if (wal == nullptr) {
        data.commit();
        return;
    }
    wal->commit();
    try {
        data.commit();
    } catch (const Error&) {
        std::error_code ignored;
        std::filesystem::remove_all(wal->target(), ignored);
        throw;
    }
}

// Writes the member directory (and the WAL directory, when it lives apart) beside their places,
// then renames them there.
void write_member(const bolt::Reader& source, const RestoreResult& result) {
    make_directories(parent_directory(result.data_dir));
    PartialDir data(result.data_dir);
    const std::string member = data.path() + "/member";
    const std::string snap = member + "/snap";
    make_dir(member);
    make_dir(snap);
    write_restored_db(source, snap + "/db", {restore::member_records(result.plan), result.plan.members.size()});
    namespace fs = std::filesystem;
    if (fs::path(result.wal_dir).lexically_normal() == fs::path(default_wal_dir(result.data_dir)).lexically_normal()) {
        restore::write_wal_and_snap(result.plan, member + "/wal", snap);
        commit(data, nullptr);
        return;
    }
    make_directories(parent_directory(result.wal_dir));
    PartialDir wal(result.wal_dir);
    // The name is reserved beside the WAL's place; the writer makes the directory itself (through
    // its own ".tmp" and rename, as etcd does).
    if (::rmdir(wal.path().c_str()) != 0) {
        fail(path_error("remove", wal.path(), errno));
    }
    restore::write_wal_and_snap(result.plan, wal.path(), snap);
    commit(data, &wal);
}

} // namespace

RestoreResult restore_snapshot(const RestoreRequest& r) {
    RestoreResult result;
    try {
        result.plan =
            restore::plan_cluster(r.name, r.initial_cluster, r.initial_cluster_token, r.initial_advertise_peer_urls);
    } catch (const restore::RestoreError& e) {
        fail(e.what());
    }
    result.data_dir = r.data_dir.empty() ? r.name + ".etcd" : r.data_dir;
    result.wal_dir = r.wal_dir.empty() ? default_wal_dir(result.data_dir) : r.wal_dir;
    refuse_existing(result.data_dir, result.wal_dir);
    check_snapshot_hash(r.snapshot, r.skip_hash_check);
    try {
        bolt::Reader source(r.snapshot);
        result.db = db_status(source, r.snapshot);
        write_member(source, result);
    } catch (const bolt::BoltError& e) {
        fail(r.snapshot + ": " + e.what());
    } catch (const restore::RestoreError& e) {
        fail(e.what());
    }
    return result;
}

} // namespace ectl
