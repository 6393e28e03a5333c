#include "restore/peer_urls.hpp"

#include <algorithm>

#include <absl/strings/ascii.h>
#include <absl/strings/str_join.h>
#include <absl/strings/str_split.h>
#include <fmt/format.h>

#include "member_urls.hpp"
#include "restore/restore.hpp"

namespace ectl::restore {
namespace {

// The parts of a URL that Go's escape and shouldEscape treat differently.
enum class Encoding { host, user_password, fragment };

bool is_one_of(char c, std::string_view set) {
    return set.find(c) != std::string_view::npos;
}

// Go's shouldEscape(c, mode) for the modes a peer URL's String() uses.
bool should_escape(char c, Encoding mode) {
    if (absl::ascii_isalnum(static_cast<unsigned char>(c))) {
        return false;
    }
    if (mode == Encoding::host && is_one_of(c, "!$&'()*+,;=:[]<>\"")) {
        return false;
    }
    if (is_one_of(c, "-_.~")) {
        return false;
    }
    if (is_one_of(c, "$&+,/:;=?@")) {
        if (mode == Encoding::user_password) {
            return is_one_of(c, "@/?:");
        }
        if (mode == Encoding::fragment) {
            return false;
        }
    }
    return !(mode == Encoding::fragment && is_one_of(c, "!()*"));
}

// Go's escape(s, mode): every byte that should be escaped as %XX (upper-case hex).
std::string go_escape(std::string_view s, Encoding mode) {
    static constexpr std::string_view k_hex = "0123456789ABCDEF";
    std::string out;
    for (char c : s) {
        if (!should_escape(c, mode)) {
            out += c;
            continue;
        }
        auto byte = static_cast<unsigned char>(c);
        out += '%';
        out += k_hex[byte >> 4U];
        out += k_hex[byte & 0xFU];
    }
    return out;
}

int hex_value(char c) {
    return absl::ascii_isdigit(static_cast<unsigned char>(c))
               ? c - '0'
               : absl::ascii_tolower(static_cast<unsigned char>(c)) - 'a' + 10;
}

// Go's unescape of text that url.Parse has already accepted (every % starts a valid escape).
std::string go_unescape(std::string_view s) {
    std::string out;
    for (size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '%' && i + 2 < s.size()) {
            out += static_cast<char>(hex_value(s[i + 1]) * 16 + hex_value(s[i + 2]));
            i += 2;
        } else {
            out += s[i];
        }
    }
    return out;
}

// Go's validEncoded(s, encodeFragment): a fragment Go writes back as it was given.
bool valid_encoded_fragment(std::string_view s) {
    return std::all_of(s.begin(), s.end(), [](char c) {
        return is_one_of(c, "!$&'()*+,;=:@[]%") || !should_escape(c, Encoding::fragment);
    });
}

// Go's Userinfo.String() of the user info url.Parse read from `raw`.
std::string user_info_string(std::string_view raw) {
    auto colon = raw.find(':');
    if (colon == std::string_view::npos) {
        return go_escape(go_unescape(raw), Encoding::user_password);
    }
    return go_escape(go_unescape(raw.substr(0, colon)), Encoding::user_password) + ":" +
           go_escape(go_unescape(raw.substr(colon + 1)), Encoding::user_password);
}

// Where the host of a URL as go_url_string writes it starts and ends: after "scheme://" and the
// user info (whose own '@' are escaped), up to the query or fragment (a host's '?' and '#' are
// escaped too).
std::pair<size_t, size_t> host_span(std::string_view url) {
    size_t from = url.find("://");
    from = from == std::string_view::npos ? 0 : from + 3;
    size_t to = std::min(url.find_first_of("?#", from), url.size());
    auto at = url.substr(0, to).rfind('@');
    if (at != std::string_view::npos && at >= from) {
        from = at + 1;
    }
    return {from, to};
}

} // namespace

std::string url_host(std::string_view url) {
    auto [from, to] = host_span(url);
    return go_unescape(url.substr(from, to - from));
}

std::string with_url_host(std::string_view url, std::string_view host) {
    auto [from, to] = host_span(url);
    return std::string(url.substr(0, from)) + go_escape(host, Encoding::host) + std::string(url.substr(to));
}

std::string go_url_string(std::string_view url) {
    auto hash = url.find('#');
    std::string_view fragment = hash == std::string_view::npos ? std::string_view() : url.substr(hash + 1);
    std::string_view rest = url.substr(0, hash);
    auto colon = rest.find(':');
    std::string out(rest.substr(0, colon));
    absl::AsciiStrToLower(&out);
    out += "://";
    rest = rest.substr(colon + 1);
    // The query stays as written; a lone trailing '?' (ForceQuery) too.
    auto question = rest.find('?');
    std::string_view query = question == std::string_view::npos ? std::string_view() : rest.substr(question);
    std::string_view authority = rest.substr(0, question);
    authority.remove_prefix(std::min<size_t>(2, authority.size())); // "//": a host needs one
    auto at = authority.rfind('@');
    if (at != std::string_view::npos) {
        out += user_info_string(authority.substr(0, at)) + "@";
        authority = authority.substr(at + 1);
    }
    out += go_escape(go_unescape(authority), Encoding::host);
    out += query;
    std::string fragment_text = go_unescape(fragment);
    if (!fragment_text.empty()) {
        out += "#";
        out += valid_encoded_fragment(fragment) ? std::string(fragment) : go_escape(fragment_text, Encoding::fragment);
    }
    return out;
}

std::vector<std::string> new_urls(const std::vector<std::string>& given) {
    std::string error = peer_url_error(given);
    if (!error.empty()) {
        throw RestoreError(error);
    }
    std::vector<std::string> urls;
    urls.reserve(given.size());
    for (const auto& url : given) {
        urls.push_back(go_url_string(std::string(absl::StripAsciiWhitespace(url))));
    }
    std::sort(urls.begin(), urls.end());
    return urls;
}

UrlsMap new_urls_map(const std::string& text) {
    // types.parse: comma-separated "name=url" items; empty items are skipped, an item without '='
    // is a name with the URL "".
    std::map<std::string, std::vector<std::string>> given;
    const std::vector<std::string> items = absl::StrSplit(text, ',', absl::SkipEmpty());
    for (const auto& item : items) {
        auto equals = item.find('=');
        given[item.substr(0, equals)].push_back(equals == std::string::npos ? "" : item.substr(equals + 1));
    }
    UrlsMap map;
    for (const auto& [name, urls] : given) {
        map[name] = new_urls(urls);
    }
    return map;
}

std::string urls_map_string(const UrlsMap& map) {
    std::vector<std::string> pairs;
    for (const auto& [name, urls] : map) {
        for (const auto& url : urls) {
            pairs.push_back(fmt::format("{}={}", name, url));
        }
    }
    std::sort(pairs.begin(), pairs.end());
    return absl::StrJoin(pairs, ",");
}

} // namespace ectl::restore
