#include "restore/raft_records.hpp"

#include <fmt/format.h>

#include "crc32c.hpp"
#include "etcdserverpb/etcdserver.pb.h"
#include "raftpb/raft.pb.h"
#include "restore/v2_store.hpp"
#include "snappb/snap.pb.h"
#include "walpb/record.pb.h"

// Every field that etcd's gogoproto marks nullable=false is set below even when it is zero:
// proto2 writes a field that is set, and etcd writes those fields always.

namespace ectl::restore {

std::string wal_metadata(const ClusterPlan& plan) {
    etcdserverpb::Metadata metadata;
    metadata.set_nodeid(plan.local_id);
    metadata.set_clusterid(plan.cluster_id);
    return metadata.SerializeAsString();
}

std::vector<std::string> bootstrap_entries(const ClusterPlan& plan) {
    std::vector<std::string> entries;
    uint64_t index = 0;
    for (const auto& member : plan.members) {
        raftpb::ConfChange change;
        change.set_id(0);
        change.set_type(raftpb::ConfChangeAddNode);
        change.set_node_id(member.id);
        change.set_context(member_json(member));
        raftpb::Entry entry;
        entry.set_type(raftpb::EntryConfChange);
        entry.set_term(k_bootstrap_term);
        entry.set_index(++index);
        entry.set_data(change.SerializeAsString());
        entries.push_back(entry.SerializeAsString());
    }
    return entries;
}

std::string bootstrap_hard_state(const ClusterPlan& plan) {
    raftpb::HardState state;
    state.set_term(k_bootstrap_term);
    state.set_vote(plan.members.empty() ? 0 : plan.members.front().id);
    state.set_commit(plan.members.size());
    return state.SerializeAsString();
}

std::string wal_snapshot(uint64_t index, uint64_t term) {
    walpb::Snapshot snapshot;
    snapshot.set_index(index);
    snapshot.set_term(term);
    return snapshot.SerializeAsString();
}

std::string snap_file_name(const ClusterPlan& plan) {
    return fmt::format("{:016x}-{:016x}.snap", k_bootstrap_term, plan.members.size());
}

std::string snap_file_bytes(const ClusterPlan& plan) {
    raftpb::Snapshot snapshot;
    snapshot.set_data(v2_store_json(plan));
    auto* metadata = snapshot.mutable_metadata();
    auto* conf_state = metadata->mutable_conf_state();
    for (const auto& member : plan.members) {
        conf_state->add_voters(member.id);
    }
    conf_state->set_auto_leave(false);
    metadata->set_index(plan.members.size());
    metadata->set_term(k_bootstrap_term);
    std::string raft_bytes = snapshot.SerializeAsString();
    snappb::snapshot file;
    file.set_crc(crc32c_update(0, raft_bytes));
    file.set_data(raft_bytes);
    return file.SerializeAsString();
}

} // namespace ectl::restore
