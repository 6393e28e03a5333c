#include "snapshot/defrag_db.hpp"

#include <fcntl.h>

#include "bolt/reader.hpp"
#include "error.hpp"
#include "file.hpp"
#include "snapshot/partial_file.hpp"
#include "snapshot/restore_db.hpp"

namespace ectl {
namespace {

[[noreturn]] void fail(const std::string& text) {
    throw Error(ExitCode::error, text);
}

void refuse_damaged(const bolt::Reader& db, const std::string& path) {
    const auto problems = db.check();
    if (!problems.empty()) {
        fail(path + ": the database is damaged, not defragmenting it (" + problems.front() + ")");
    }
}

} // namespace

void defragment_db(const std::string& db_path) {
    try {
        // bbolt's lock is flock(2) on the file itself: a running etcd holds it for as long as it
        // runs (etcdctl waits for it forever); holding it here keeps etcd from starting on the file
        // while it is being replaced.
        const File locked(db_path, O_RDWR);
        if (!locked.try_lock()) {
            fail(db_path + " is in use by a running etcd: to defragment a running member, omit --data-dir and "
                           "name its endpoint");
        }
        const bolt::Reader source(db_path);
        refuse_damaged(source, db_path);
        PartialFile copy(db_path, ExitCode::error);
        write_compact_copy(source, copy.path());
        copy.commit();
    } catch (const FileError& e) {
        fail(e.what());
    } catch (const bolt::BoltError& e) {
        fail(db_path + ": " + e.what());
    }
}

} // namespace ectl
