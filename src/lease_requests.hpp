#pragma once
// Pure argument checks and request builders of the lease commands (no CLI; unit-tested).

#include <cstdint>
#include <string>
#include <vector>

#include "etcdserverpb/rpc.pb.h"

namespace ectl {

// `lease grant <ttl>`: a base-10 TTL > 0 (etcd itself turns <= 0 into its 2 s minimum). Throws bad_args.
etcdserverpb::LeaseGrantRequest make_lease_grant_request(const std::vector<std::string>& args);

// The one hex lease ID of revoke/timetolive/keep-alive; usage is etcdctl's missing-argument text.
int64_t lease_id_from_args(const std::vector<std::string>& args, const std::string& usage);

// `lease timetolive <id> [--keys]`.
etcdserverpb::LeaseTimeToLiveRequest make_lease_time_to_live_request(const std::vector<std::string>& args, bool keys);

} // namespace ectl
