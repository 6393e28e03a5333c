#pragma once
// Peer URLs as etcd's pkg/types keeps them: url.URL values written back with Go's
// url.URL.String(), which is what member IDs are hashed from and what the WAL records.

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace ectl::restore {

// Go's url.URL.String() of a URL that types.NewURLs accepts (a scheme, a host, no path): the
// scheme lower-cased, user info, host and fragment unescaped and escaped again as Go does.
std::string go_url_string(std::string_view url);

// The host[:port] of a URL as go_url_string writes it, unescaped (Go's url.URL.Host).
std::string url_host(std::string_view url);

// The URL with its host[:port] replaced by `host` (unescaped), as go_url_string would write it.
std::string with_url_host(std::string_view url, std::string_view host);

// types.NewURLs(given): each trimmed and checked (member_urls' peer_url_error, whose text is
// thrown as RestoreError), as go_url_string writes it, sorted.
std::vector<std::string> new_urls(const std::vector<std::string>& given);

// types.URLsMap: a member name and its URLs (as new_urls returns them).
using UrlsMap = std::map<std::string, std::vector<std::string>>;

// types.NewURLsMap(text) ("name=url,name=url,..."); throws RestoreError with the first bad URL's
// text (etcd checks names in map order, which is random; this checks them by name).
UrlsMap new_urls_map(const std::string& text);

// types.URLsMap.String(): every "name=url", sorted, comma-separated.
std::string urls_map_string(const UrlsMap& map);

} // namespace ectl::restore
