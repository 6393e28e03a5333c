#include "member_requests.hpp"

#include <absl/strings/ascii.h>
#include <absl/strings/match.h>
#include <absl/strings/str_join.h>
#include <absl/strings/str_split.h>
#include <fmt/format.h>

#include "error.hpp"
#include "go_quote.hpp"
#include "member_urls.hpp"
#include "parse.hpp"

namespace ectl {
namespace {

// --peer-urls split as etcdctl splits it (strings.Split: items untrimmed, empty ones kept),
// checked as clientv3 checks them before the request.
std::vector<std::string> peer_urls_from_flag(const std::string& peer_urls) {
    if (peer_urls.empty()) {
        throw_bad_args("member peer urls not provided");
    }
    std::vector<std::string> urls = absl::StrSplit(peer_urls, ',');
    std::string err = peer_url_error(urls);
    if (!err.empty()) {
        throw Error(ExitCode::error, err);
    }
    return urls;
}

} // namespace

etcdserverpb::MemberAddRequest make_member_add_request(const std::vector<std::string>& args,
                                                       const std::string& peer_urls, bool learner) {
    if (args.empty()) {
        throw_bad_args("member name not provided");
    }
    if (args.size() > 1) {
        std::string text = "too many arguments";
        for (const auto& arg : args) {
            if (absl::StartsWithIgnoreCase(arg, "http")) {
                text += fmt::format(", did you mean --peer-urls={}", arg);
            }
        }
        throw_bad_args(text);
    }
    etcdserverpb::MemberAddRequest req;
    for (auto& url : peer_urls_from_flag(peer_urls)) {
        req.add_peerurls(std::move(url));
    }
    req.set_islearner(learner);
    return req;
}

uint64_t member_id_from_args(const std::vector<std::string>& args) {
    if (args.empty()) {
        throw_bad_args("member ID is not provided");
    }
    if (args.size() > 1) {
        throw_bad_args(fmt::format("member ID is not provided (got {} arguments; exactly one member ID is expected)",
                                   args.size()));
    }
    uint64_t id = 0;
    std::string err = go_parse_uint(args[0], 16, id);
    if (err.empty()) {
        return id;
    }
    // The usual mistake: an ID copied from -w json or fields, where etcdctl writes IDs in decimal.
    uint64_t decimal = 0;
    if (absl::EndsWith(err, "value out of range") && go_parse_uint(args[0], 10, decimal).empty()) {
        throw_bad_args(
            fmt::format("bad member ID arg \"{}\": member IDs are hex (in hex that is {:x})", args[0], decimal));
    }
    throw_bad_args(fmt::format("bad member ID arg ({}), expecting ID in Hex", err));
}

etcdserverpb::MemberUpdateRequest make_member_update_request(const std::vector<std::string>& args,
                                                             const std::string& peer_urls) {
    etcdserverpb::MemberUpdateRequest req;
    req.set_id(member_id_from_args(args));
    for (auto& url : peer_urls_from_flag(peer_urls)) {
        req.add_peerurls(std::move(url));
    }
    return req;
}

std::string initial_cluster(const etcdserverpb::MemberAddResponse& resp, const std::string& name) {
    std::vector<std::string> entries;
    for (const auto& m : resp.members()) {
        for (const auto& url : m.peerurls()) {
            entries.push_back(fmt::format("{}={}", m.id() == resp.member().id() ? name : m.name(), url));
        }
    }
    return absl::StrJoin(entries, ",");
}

std::string member_add_environment(const etcdserverpb::MemberAddResponse& resp, const std::string& name,
                                   const std::string& peer_urls) {
    return fmt::format("\nETCD_NAME={}\nETCD_INITIAL_CLUSTER={}\nETCD_INITIAL_ADVERTISE_PEER_URLS={}\n"
                       "ETCD_INITIAL_CLUSTER_STATE=\"existing\"\n",
                       go_quote(name), go_quote(initial_cluster(resp, name)), go_quote(peer_urls));
}

} // namespace ectl
