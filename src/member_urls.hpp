#pragma once
// The client-side check of member peer URLs that etcdctl makes before member add and update
// (clientv3's types.NewURLs over Go's net/url.Parse), with Go's error wording.

#include <string>
#include <vector>

namespace ectl {

// The parts of a URL as Go's url.Parse splits it that types.NewURLs looks at.
struct GoUrl {
    std::string scheme; // lower-cased
    std::string host;   // unescaped host[:port]
    std::string path;   // unescaped path
};

// Go's url.Parse(text): "" and out filled when it parses, else Go's error text
// (`parse "<url>": <why>`).
std::string go_parse_url(const std::string& text, GoUrl& out);

// Go's net.SplitHostPort(text) succeeds.
bool go_splits_host_port(const std::string& text);

// types.NewURLs(urls): the first URL's error in etcd's wording, or "" when every URL is valid.
std::string peer_url_error(const std::vector<std::string>& urls);

} // namespace ectl
