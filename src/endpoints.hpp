#pragma once
// The endpoints that commands about endpoints (endpoint hashkv/health/status, defrag) address one
// by one: --endpoints as given, or with --cluster every member's client URLs.

#include <string>
#include <vector>

#include "context.hpp"

namespace ectl {

// --endpoints split as pflag splits them, or (cluster) the client URLs of every member, asked of
// the cluster with member list (etcdctl's endpointsFromCluster, and its error wording).
std::vector<std::string> command_endpoints(Context& ctx, bool cluster);

} // namespace ectl
