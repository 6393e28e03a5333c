#pragma once
// The v2 store (etcdserver/api/v2store) a restore puts into its raft snapshot: every member's
// /0/members/<id>/raftAttributes, created in ID order, as store.Save() marshals the whole store
// (nodes, the watcher hub's event history, stats, indexes) to JSON.

#include <string>

#include "restore/restore.hpp"

namespace ectl::restore {

// The raftAttributes JSON etcd keeps for a member: {"peerURLs":[...]}.
std::string raft_attributes_json(const Member& member);

// store.Save() of a new store ("/0" and "/1") after AddMember of each member of the plan.
std::string v2_store_json(const ClusterPlan& plan);

} // namespace ectl::restore
