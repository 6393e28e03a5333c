#pragma once
// The database of a restored member: the snapshot's buckets copied pair by pair into a fresh,
// compact bbolt file, with what a new cluster needs changed.

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

} // namespace ectl
