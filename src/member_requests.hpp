#pragma once
// Pure argument checks, request builders and texts of the member commands (no CLI; unit-tested).

#include <cstdint>
#include <string>
#include <vector>

#include "etcdserverpb/rpc.pb.h"

namespace ectl {

// `member add <name> --peer-urls=<urls> [--learner]`: etcdctl's argument checks (bad_args), then
// clientv3's check of the URLs (error, as etcdctl exits).
etcdserverpb::MemberAddRequest make_member_add_request(const std::vector<std::string>& args,
                                                       const std::string& peer_urls, bool learner);

// The one hex member ID of remove/update/promote (bad_args otherwise).
uint64_t member_id_from_args(const std::vector<std::string>& args);

// `member update <id> --peer-urls=<urls>`, checked as make_member_add_request.
etcdserverpb::MemberUpdateRequest make_member_update_request(const std::vector<std::string>& args,
                                                             const std::string& peer_urls);

// ETCD_INITIAL_CLUSTER for the member just added as name: name=url for every peer URL of every
// member in the response's order, the new member under name, the others under theirs (an
// unstarted member's is empty).
std::string initial_cluster(const etcdserverpb::MemberAddResponse& resp, const std::string& name);

// The lines etcdctl prints after `member add` in the simple format (a blank line, then the
// ETCD_* settings the new member starts with); peer_urls as given to --peer-urls.
std::string member_add_environment(const etcdserverpb::MemberAddResponse& resp, const std::string& name,
                                   const std::string& peer_urls);

} // namespace ectl
