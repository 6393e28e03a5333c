#pragma once
// Offline defragmentation of a member's database (`defrag --data-dir`): the space compaction
// freed goes back to the file system while etcd is stopped.

#include <string>

namespace ectl {

// Rewrites db_path (etcd's member/snap/db) as a compact copy, under bbolt's lock so that no etcd
// can open it meanwhile. Refuses, touching nothing, a file a running etcd holds or one that fails
// bbolt's check. The copy is made beside it and renamed onto it, so a failure at any point leaves
// the original in place. Throws Error (exit 1).
void defragment_db(const std::string& db_path);

} // namespace ectl
