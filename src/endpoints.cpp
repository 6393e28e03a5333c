#include "endpoints.hpp"

#include <fmt/format.h>

#include "error.hpp"
#include "session/session.hpp"

namespace ectl {

std::vector<std::string> command_endpoints(Context& ctx, bool cluster) {
    if (!cluster) {
        return ctx.process().settings().endpoints;
    }
    etcdserverpb::MemberListResponse members;
    try {
        members = ctx.session().call(&etcdserverpb::Cluster::Stub::MemberList, etcdserverpb::MemberListRequest(),
                                     Retry::read);
    } catch (const Error& e) {
        throw Error(e.status(), fmt::format("failed to fetch endpoints from etcd cluster member list: {}", e.what()));
    }
    std::vector<std::string> urls;
    for (const auto& m : members.members()) {
        urls.insert(urls.end(), m.clienturls().begin(), m.clienturls().end());
    }
    return urls;
}

} // namespace ectl
