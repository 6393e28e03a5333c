#include "restore/bootstrap_check.hpp"

#include <algorithm>
#include <cstring>
#include <fstream>
#include <set>
#include <thread>

#include <arpa/inet.h>
#include <net/if.h>
#include <netdb.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <absl/strings/ascii.h>
#include <absl/strings/match.h>
#include <absl/strings/numbers.h>
#include <absl/strings/str_join.h>
#include <absl/strings/str_split.h>
#include <fmt/format.h>

#include "go_quote.hpp"
#include "restore/restore.hpp"

namespace ectl::restore {
namespace {

using Clock = std::chrono::steady_clock;

// Go's net.SplitHostPort of a host that types.NewURLs accepted (so it splits).
std::pair<std::string, std::string> split_host_port(const std::string& host_port) {
    auto colon = host_port.rfind(':');
    std::string host = host_port.substr(0, colon);
    if (!host.empty() && host.front() == '[') {
        host = host.substr(1, host.size() - 2);
    }
    return {host, host_port.substr(colon + 1)};
}

// Go's net.ParseIP(host) != nil.
bool is_ip_address(const std::string& host) {
    in6_addr v6{};
    in_addr v4{};
    return inet_pton(AF_INET, host.c_str(), &v4) == 1 || inet_pton(AF_INET6, host.c_str(), &v6) == 1;
}

// The DNS server Go's resolver names in its errors: the first of /etc/resolv.conf.
std::string first_name_server() {
    std::ifstream conf("/etc/resolv.conf");
    std::string line;
    while (std::getline(conf, line)) {
        std::vector<std::string> words = absl::StrSplit(line, absl::ByAnyChar(" \t"), absl::SkipEmpty());
        if (words.size() >= 2 && words[0] == "nameserver") {
            return words[1].find(':') == std::string::npos ? words[1] + ":53" : "[" + words[1] + "]:53";
        }
    }
    return "127.0.0.1:53";
}

// Go's net.TCPAddr.String() of a resolved address.
std::string tcp_address_text(const sockaddr* address) {
    char text[INET6_ADDRSTRLEN] = {};
    if (address->sa_family == AF_INET) {
        sockaddr_in v4{};
        std::memcpy(&v4, address, sizeof v4);
        inet_ntop(AF_INET, &v4.sin_addr, text, sizeof text);
        return fmt::format("{}:{}", text, ntohs(v4.sin_port));
    }
    sockaddr_in6 v6{};
    std::memcpy(&v6, address, sizeof v6);
    inet_ntop(AF_INET6, &v6.sin6_addr, text, sizeof text);
    std::string host = text;
    if (v6.sin6_scope_id != 0) {
        char zone[IF_NAMESIZE] = {};
        host += "%";
        host += if_indextoname(v6.sin6_scope_id, zone) != nullptr ? zone : std::to_string(v6.sin6_scope_id);
    }
    return fmt::format("[{}]:{}", host, ntohs(v6.sin6_port));
}

// One try of Go's resolveTCPAddr(host:port): the address, or "" and why it failed.
std::string lookup_once(const std::string& host, const std::string& port, std::string& why) {
    uint32_t port_number = 0;
    if (!port.empty() && !absl::SimpleAtoi(port, &port_number)) {
        servent* service = getservbyname(port.c_str(), "tcp");
        if (service == nullptr) {
            why = fmt::format("lookup tcp/{}: unknown port", port);
            return "";
        }
        port_number = ntohs(static_cast<uint16_t>(service->s_port));
    }
    if (port_number > 0xFFFF) {
        why = fmt::format("address {}: invalid port", port);
        return "";
    }
    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_NUMERICSERV;
    addrinfo* found = nullptr;
    int rc = getaddrinfo(host.c_str(), std::to_string(port_number).c_str(), &hints, &found);
    if (rc != 0 || found == nullptr) {
        bool no_host = rc == EAI_NONAME || rc == EAI_NODATA || rc == 0;
        why = fmt::format("lookup {} on {}: {}", host, first_name_server(),
                          no_host ? "no such host" : absl::AsciiStrToLower(gai_strerror(rc)));
        return "";
    }
    std::string address = tcp_address_text(found->ai_addr);
    freeaddrinfo(found);
    return address;
}

// resolve_url without the throw: "" and out set, or the error text.
std::string try_resolve(const std::string& url, Clock::time_point deadline, std::string& out) {
    out = url;
    if (absl::StartsWith(url, "unix://") || absl::StartsWith(url, "unixs://")) {
        return "";
    }
    auto [host, port] = split_host_port(url_host(url));
    if (host == "localhost" || is_ip_address(host)) {
        return "";
    }
    std::string why = "context deadline exceeded";
    while (Clock::now() < deadline) {
        std::string address = lookup_once(host, port, why);
        if (!address.empty()) {
            out = with_url_host(url, address);
            return "";
        }
        std::this_thread::sleep_for(std::min<Clock::duration>(std::chrono::seconds(1), deadline - Clock::now()));
    }
    return fmt::format("failed to resolve {} ({})", go_quote(url), why);
}

// Go's %q of a []string: ["a" "b"].
std::string quoted_list(const std::vector<std::string>& list) {
    std::vector<std::string> quoted;
    quoted.reserve(list.size());
    for (const auto& item : list) {
        quoted.push_back(go_quote(item));
    }
    return "[" + absl::StrJoin(quoted, " ") + "]";
}

// netutil.URLStringsEqual(a, b) (both sorted): "" when equal, else why not.
std::string urls_differ(std::vector<std::string> a, std::vector<std::string> b, Clock::time_point deadline) {
    if (a.size() != b.size()) {
        return fmt::format("len({}) != len({})", quoted_list(a), quoted_list(b));
    }
    if (a == b) {
        return "";
    }
    for (auto* list : {&a, &b}) {
        for (auto& url : *list) {
            std::string resolved;
            std::string error = try_resolve(url, deadline, resolved);
            if (!error.empty()) {
                return error;
            }
            url = resolved;
        }
        std::sort(list->begin(), list->end());
    }
    for (size_t i = 0; i < a.size(); ++i) {
        if (a[i] != b[i]) {
            return fmt::format("resolved urls: {} != {}", go_quote(a[i]), go_quote(b[i]));
        }
    }
    return "";
}

// ServerConfig.advertiseMatchesCluster: the advertised URLs are the member's URLs in the cluster.
void check_advertised(const std::string& name, const std::vector<std::string>& advertised,
                      const std::vector<std::string>& in_cluster, Clock::time_point deadline) {
    std::string why = urls_differ(advertised, in_cluster, deadline);
    if (why.empty()) {
        return;
    }
    const std::set<std::string> advertised_set(advertised.begin(), advertised.end());
    const std::set<std::string> cluster_set(in_cluster.begin(), in_cluster.end());
    std::vector<std::string> missing;
    for (const auto& url : cluster_set) {
        if (advertised_set.count(url) == 0) {
            missing.push_back(fmt::format("{}={}", name, url));
        }
    }
    const std::string advertised_text = absl::StrJoin(advertised, ",");
    if (!missing.empty()) {
        throw RestoreError(
            fmt::format("--initial-cluster has {} but missing from --initial-advertise-peer-urls={} ({})",
                        absl::StrJoin(missing, ","), advertised_text, why));
    }
    for (const auto& url : advertised_set) {
        if (cluster_set.count(url) == 0) {
            missing.push_back(url);
        }
    }
    const std::string as_cluster = urls_map_string({{name, advertised}});
    if (!missing.empty()) {
        throw RestoreError(fmt::format("--initial-advertise-peer-urls has {} but missing from --initial-cluster={}",
                                       absl::StrJoin(missing, ","), as_cluster));
    }
    throw RestoreError(
        fmt::format("failed to resolve {} to match --initial-cluster={} ({})", advertised_text, as_cluster, why));
}

// etcdserver's checkDuplicateURL.
bool has_duplicate_url(const UrlsMap& cluster) {
    std::set<std::string> seen;
    for (const auto& [name, urls] : cluster) {
        for (const auto& url : urls) {
            if (!seen.insert(url).second) {
                return true;
            }
        }
    }
    return false;
}

} // namespace

std::string resolve_url(const std::string& url, Clock::time_point deadline) {
    std::string resolved;
    std::string error = try_resolve(url, deadline, resolved);
    if (!error.empty()) {
        throw RestoreError(error);
    }
    return resolved;
}

void verify_bootstrap(const std::string& name, const std::vector<std::string>& peer_urls, const UrlsMap& cluster,
                      Clock::time_point deadline) {
    auto local = cluster.find(name);
    if (local == cluster.end()) {
        throw RestoreError(
            fmt::format("couldn't find local name {} in the initial cluster configuration", go_quote(name)));
    }
    check_advertised(name, peer_urls, local->second, deadline);
    if (has_duplicate_url(cluster)) {
        throw RestoreError(fmt::format("initial cluster {} has duplicate url", urls_map_string(cluster)));
    }
}

} // namespace ectl::restore
