#pragma once
// Fresh, compact bbolt files copied pair by pair from another: the database of a restored member
// (with what a new cluster needs changed) and an offline defragmentation.

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace ectl {

namespace bolt {
class Reader;
}

// What restore changes in the database.
struct DbRewrite {
    // The new cluster's members as etcd keeps them in the "members" bucket (ID in hex, JSON); the
    // old cluster's "members" and "members_removed" are dropped.
    std::vector<std::pair<std::string, std::string>> members;
    // meta/consistent_index: the raft index the new WAL ends at (one entry per member), so etcd
    // applies nothing twice and nothing is skipped.
    uint64_t consistent_index = 0;
};

// Writes target (which must not exist) from source. The buckets mvcc and the lessor create on
// start (key, meta, lease) are made when missing. Throws Error(error) / bolt::BoltError.
void write_restored_db(const bolt::Reader& source, const std::string& target, const DbRewrite& rewrite);

// Writes target (created or truncated) as a compact copy of source: the same buckets, sequences,
// keys and values, no free pages (etcd's backend defrag, done offline by `defrag --data-dir`).
void write_compact_copy(const bolt::Reader& source, const std::string& target);

} // namespace ectl
