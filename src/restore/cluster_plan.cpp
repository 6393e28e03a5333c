// The cluster a restore bootstraps: members and IDs as etcd 3.4's membership package makes them.

#include <algorithm>
#include <array>

#include <absl/strings/str_join.h>
#include <absl/strings/str_split.h>
#include <fmt/format.h>
#include <openssl/evp.h>

#include "output/go_json.hpp"
#include "restore/bootstrap_check.hpp"
#include "restore/peer_urls.hpp"
#include "restore/restore.hpp"

namespace ectl::restore {
namespace {

// The first 8 bytes of the SHA-1 of `bytes`, big-endian: how etcd derives member and cluster IDs.
uint64_t sha1_prefix(const std::string& bytes) {
    std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
    unsigned int size = 0;
    if (EVP_Digest(bytes.data(), bytes.size(), digest.data(), &size, EVP_sha1(), nullptr) != 1 || size < 8) {
        throw RestoreError("SHA-1 is not available from OpenSSL");
    }
    uint64_t id = 0;
    for (size_t i = 0; i < 8; ++i) {
        id = id << 8U | digest[i];
    }
    return id;
}

// membership.NewMember's ID: the sorted peer URLs and the cluster token, hashed (no time: a
// bootstrapping member's ID depends on its URLs alone).
uint64_t member_id(const std::vector<std::string>& sorted_urls, const std::string& token) {
    return sha1_prefix(absl::StrJoin(sorted_urls, "") + token);
}

// RaftCluster.genID: the member IDs in order, each as 8 big-endian bytes, hashed.
uint64_t cluster_id(const std::vector<Member>& sorted_members) {
    std::string bytes;
    for (const auto& member : sorted_members) {
        for (int shift = 56; shift >= 0; shift -= 8) {
            bytes += static_cast<char>(member.id >> static_cast<unsigned>(shift) & 0xFFU);
        }
    }
    return sha1_prefix(bytes);
}

// Go's %v of a *Member, as NewClusterFromURLsMap's error prints it.
std::string member_text(const Member& member) {
    return fmt::format("&{{{:x} {{[{}] false}} {{{} []}}}}", member.id, absl::StrJoin(member.peer_urls, " "),
                       member.name);
}

} // namespace

ClusterPlan plan_cluster(const std::string& name, const std::string& initial_cluster, const std::string& token,
                         const std::string& peer_urls, std::chrono::seconds resolve_timeout) {
    auto deadline = std::chrono::steady_clock::now() + resolve_timeout;
    const std::vector<std::string> given = absl::StrSplit(peer_urls, ',');
    std::vector<std::string> advertised = new_urls(given);
    UrlsMap cluster = new_urls_map(initial_cluster);
    verify_bootstrap(name, advertised, cluster, deadline);

    ClusterPlan plan{0, 0, {}};
    for (const auto& [member_name, urls] : cluster) {
        Member member{member_id(urls, token), member_name, urls};
        for (const auto& other : plan.members) {
            if (other.id == member.id) {
                throw RestoreError("member exists with identical ID " + member_text(member));
            }
        }
        if (member.id == 0) {
            throw RestoreError("cannot use 0 as member id");
        }
        if (member_name == name) {
            plan.local_id = member.id;
        }
        plan.members.push_back(std::move(member));
    }
    std::sort(plan.members.begin(), plan.members.end(), [](const Member& a, const Member& b) { return a.id < b.id; });
    plan.cluster_id = cluster_id(plan.members);
    return plan;
}

std::string member_json(const Member& member) {
    std::string out = "{\"id\":";
    append_go_json_uint(out, member.id);
    out += ",\"peerURLs\":[";
    for (size_t i = 0; i < member.peer_urls.size(); ++i) {
        out += i == 0 ? "" : ",";
        append_go_json_string(out, member.peer_urls[i]);
    }
    out += "]";
    if (!member.name.empty()) { // omitempty
        out += ",\"name\":";
        append_go_json_string(out, member.name);
    }
    out += "}";
    return out;
}

std::vector<std::pair<std::string, std::string>> member_records(const ClusterPlan& plan) {
    std::vector<std::pair<std::string, std::string>> records;
    records.reserve(plan.members.size());
    for (const auto& member : plan.members) {
        records.emplace_back(fmt::format("{:x}", member.id), member_json(member));
    }
    return records;
}

} // namespace ectl::restore
