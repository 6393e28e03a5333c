#pragma once
// etcd's ServerConfig.VerifyBootstrap as `snapshot restore` runs it: the local member is in
// --initial-cluster with the URLs it advertises, and no URL is given twice.

#include <chrono>
#include <string>
#include <vector>

#include "restore/peer_urls.hpp"

namespace ectl::restore {

// Throws RestoreError with etcd's text when the check fails. peer_urls as new_urls returns them;
// host names are resolved only when the URL lists differ, retried each second until `deadline`.
void verify_bootstrap(const std::string& name, const std::vector<std::string>& peer_urls, const UrlsMap& cluster,
                      std::chrono::steady_clock::time_point deadline);

// pkg/netutil's resolveTCPAddrs for one URL: the URL with a DNS host name replaced by the
// address it resolves to ("ip:port"); unix URLs, localhost and IP addresses stay. Throws
// RestoreError `failed to resolve "<url>" (<why>)` when it still fails at `deadline`.
std::string resolve_url(const std::string& url, std::chrono::steady_clock::time_point deadline);

} // namespace ectl::restore
