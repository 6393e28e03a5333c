#pragma once
// `snapshot restore`: a new member data directory from a snapshot, as etcdctl 3.4.23 writes it
// (the database rewritten for the new cluster, a WAL whose entries add its members, the raft
// snapshot of its v2 store), built beside its final place and renamed there only when complete.

#include <string>

#include "restore/restore.hpp"
#include "snapshot/db_status.hpp"

namespace ectl {

// The flags, as etcdctl's snapshot restore takes them.
struct RestoreRequest {
    std::string snapshot;
    std::string name = "default";
    std::string data_dir; // "": <name>.etcd
    std::string wal_dir;  // "": <data-dir>/member/wal
    std::string initial_cluster = "default=http://localhost:2380";
    std::string initial_cluster_token = "etcd-cluster";
    std::string initial_advertise_peer_urls = "http://localhost:2380";
    bool skip_hash_check = false;
};

// What was restored.
struct RestoreResult {
    restore::ClusterPlan plan;
    DbStatus db; // the snapshot's, as snapshot status reports it
    std::string data_dir;
    std::string wal_dir;
};

// Checks everything first (flags, existing directories, the snapshot's hash and integrity), then
// writes. Throws Error(error) with etcdctl's texts where etcdctl has one; on failure nothing is
// left under the data or WAL directory.
RestoreResult restore_snapshot(const RestoreRequest& request);

} // namespace ectl
