#pragma once
// What `etcdctl snapshot restore` (3.4.23) writes besides the db: the new cluster's plan from the
// flags, the WAL that bootstraps it and the raft snapshot (.snap) holding its v2 store.

#include <chrono>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace ectl::restore {

// A bad flag or a failed write, in etcdctl's wording (one line).
class RestoreError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

struct Member {
    uint64_t id;
    std::string name;
    std::vector<std::string> peer_urls; // as Go's url.URL.String() writes them, sorted
};

struct ClusterPlan {
    uint64_t cluster_id;
    uint64_t local_id;           // the member named --name
    std::vector<Member> members; // in the order etcd uses (MemberIDs(): sorted by ID)
};

// etcd's time limit for making --initial-advertise-peer-urls and --initial-cluster agree by DNS.
constexpr std::chrono::seconds k_resolve_timeout{30};

// The plan from --name, --initial-cluster, --initial-cluster-token and
// --initial-advertise-peer-urls (comma-separated), checked as etcdctl checks them; throws
// RestoreError with etcdctl's text. Host names other than localhost are resolved (and retried
// each second, up to resolve_timeout) only when the two URL lists differ, as etcd does.
ClusterPlan plan_cluster(const std::string& name, const std::string& initial_cluster, const std::string& token,
                         const std::string& peer_urls, std::chrono::seconds resolve_timeout = k_resolve_timeout);

// The member as etcd 3.4 marshals it to JSON ({"id":...,"peerURLs":[...],"name":...}).
std::string member_json(const Member& member);

// The pairs etcd 3.4 keeps in the backend's "members" bucket for these members (key: the ID in
// hex as types.ID.String(), value: member_json), as membership.mustSaveMemberToBackend writes them.
std::vector<std::pair<std::string, std::string>> member_records(const ClusterPlan& plan);

// Writes the WAL (wal_dir must not exist; made as wal_dir + ".tmp", then renamed, as etcd does)
// and snap_dir/<term>-<index>.snap (snap_dir is made when missing) with the bytes saveWALAndSnap
// writes; fsyncs the files and the directories they are in. Throws RestoreError (FileError when a
// system call fails).
void write_wal_and_snap(const ClusterPlan& plan, const std::string& wal_dir, const std::string& snap_dir);

} // namespace ectl::restore
