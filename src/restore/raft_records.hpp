#pragma once
// The raft state a restore bootstraps the new cluster with (clientv3/snapshot's saveWALAndSnap),
// as the protobuf bytes etcd writes: one ConfChangeAddNode entry per member (term 1), a hard
// state that has committed them, and a raft snapshot at that index holding the v2 store.

#include <cstdint>
#include <string>
#include <vector>

#include "restore/restore.hpp"

namespace ectl::restore {

// The term of every bootstrap entry, the hard state and the snapshot.
constexpr uint64_t k_bootstrap_term = 1;

// etcdserverpb.Metadata{NodeID: local member, ClusterID}: the WAL's metadata record.
std::string wal_metadata(const ClusterPlan& plan);

// raftpb.Entry (EntryConfChange, term 1, index i + 1) adding each member in ID order, the
// member's JSON as the ConfChange's context.
std::vector<std::string> bootstrap_entries(const ClusterPlan& plan);

// raftpb.HardState{Term: 1, Vote: the first member, Commit: the number of members}.
std::string bootstrap_hard_state(const ClusterPlan& plan);

// walpb.Snapshot{Index, Term}: the WAL's marker of a raft snapshot.
std::string wal_snapshot(uint64_t index, uint64_t term);

// The .snap file's name ("%016x-%016x.snap" of term and index) and bytes: snappb.snapshot{crc,
// data} around raftpb.Snapshot{v2 store JSON, metadata{voters: every member, index, term}}.
std::string snap_file_name(const ClusterPlan& plan);
std::string snap_file_bytes(const ClusterPlan& plan);

} // namespace ectl::restore
