#include "lease_requests.hpp"

#include <fmt/format.h>

#include "error.hpp"
#include "parse.hpp"

namespace ectl {

etcdserverpb::LeaseGrantRequest make_lease_grant_request(const std::vector<std::string>& args) {
    if (args.empty()) {
        throw_bad_args("lease grant command needs TTL argument");
    }
    if (args.size() > 1) {
        throw_bad_args(fmt::format("lease grant command needs exactly one TTL argument (got {})", args.size()));
    }
    int64_t ttl = 0;
    std::string err = go_parse_int(args[0], 10, ttl);
    if (!err.empty()) {
        throw_bad_args(fmt::format("bad TTL ({})", err));
    }
    if (ttl <= 0) {
        throw_bad_args(fmt::format("bad TTL ({}): TTL must be > 0", args[0]));
    }
    etcdserverpb::LeaseGrantRequest req;
    req.set_ttl(ttl);
    return req;
}

int64_t lease_id_from_args(const std::vector<std::string>& args, const std::string& usage) {
    if (args.empty()) {
        throw_bad_args(usage);
    }
    if (args.size() > 1) {
        throw_bad_args(fmt::format("{} (got {} arguments; exactly one lease ID is expected)", usage, args.size()));
    }
    int64_t id = parse_lease_id(args[0], "bad lease ID arg");
    if (id < 0) {
        throw_bad_args(fmt::format("bad lease ID arg (\"{}\" is negative), expecting ID in Hex", args[0]));
    }
    return id;
}

etcdserverpb::LeaseTimeToLiveRequest make_lease_time_to_live_request(const std::vector<std::string>& args, bool keys) {
    etcdserverpb::LeaseTimeToLiveRequest req;
    req.set_id(lease_id_from_args(args, "lease timetolive command needs lease ID as argument"));
    req.set_keys(keys);
    return req;
}

} // namespace ectl
