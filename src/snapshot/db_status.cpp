#include "snapshot/db_status.hpp"

#include <cerrno>
#include <string_view>

#include <fmt/format.h>
#include <sys/stat.h>

#include "bolt/reader.hpp"
#include "crc32c.hpp"
#include "error.hpp"
#include "os_error.hpp"

namespace ectl {
namespace {

// bbolt's findings on one line (etcdctl prints them one per line after its count).
std::string integrity_failure(const std::vector<std::string>& problems) {
    std::string text = fmt::format("snapshot file integrity check failed. {} errors found", problems.size());
    constexpr size_t k_shown = 3;
    for (size_t i = 0; i < problems.size() && i < k_shown; ++i) {
        text += (i == 0 ? ": " : "; ") + problems[i];
    }
    if (problems.size() > k_shown) {
        text += "; ...";
    }
    return text;
}

} // namespace

int64_t key_revision(std::string_view key) {
    uint64_t main = 0;
    for (size_t i = 0; i < 8 && i < key.size(); ++i) {
        main = (main << 8) | static_cast<unsigned char>(key[i]);
    }
    return static_cast<int64_t>(main);
}

DbStatus db_status(const bolt::Reader& db, const std::string& path) {
    auto problems = db.check();
    if (!problems.empty()) {
        throw Error(ExitCode::error, path + ": " + integrity_failure(problems));
    }
    DbStatus status;
    status.total_size = static_cast<int64_t>(db.size());
    uint32_t crc = 0;
    db.for_each_bucket([&](std::string_view name, uint64_t) {
        crc = crc32c_update(crc, name);
        const bool keys = name == "key";
        db.for_each(name, [&](std::string_view k, std::string_view v) {
            crc = crc32c_update(crc32c_update(crc, k), v);
            if (keys) {
                status.revision = key_revision(k);
            }
            ++status.total_key;
        });
    });
    status.hash = crc;
    return status;
}

DbStatus read_db_status(const std::string& path) {
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) {
        throw Error(ExitCode::error, path_error("stat", path, errno));
    }
    try {
        bolt::Reader db(path);
        return db_status(db, path);
    } catch (const bolt::BoltError& e) {
        throw Error(ExitCode::error, path + ": " + e.what());
    }
}

} // namespace ectl
