#include "member_urls.hpp"

#include <string_view>

#include <absl/strings/ascii.h>
#include <fmt/format.h>

#include "go_quote.hpp"

namespace ectl {
namespace {

// Go's url package encodings that matter here (its unescape modes).
enum class Part { path, host, zone, user, fragment };

bool starts_with(std::string_view s, std::string_view prefix) {
    return s.substr(0, prefix.size()) == prefix;
}

bool is_alnum(char c) {
    return absl::ascii_isalnum(static_cast<unsigned char>(c));
}

// Go's shouldEscape(c, encodeHost): what a host may not hold unescaped.
bool host_must_escape(char c) {
    if (is_alnum(c)) {
        return false;
    }
    return std::string_view("!$&'()*+,;=:[]<>\"-_.~").find(c) == std::string_view::npos;
}

int unhex(char c) {
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    return absl::ascii_tolower(static_cast<unsigned char>(c)) - 'a' + 10;
}

// Go's unescape(s, mode), checks only: "" or the error text.
std::string check_escapes(std::string_view s, Part part) {
    for (size_t i = 0; i < s.size();) {
        if (s[i] == '%') {
            if (i + 2 >= s.size() || !absl::ascii_isxdigit(static_cast<unsigned char>(s[i + 1])) ||
                !absl::ascii_isxdigit(static_cast<unsigned char>(s[i + 2]))) {
                return "invalid URL escape " + go_quote(s.substr(i, 3));
            }
            std::string_view escape = s.substr(i, 3);
            char byte = static_cast<char>(unhex(s[i + 1]) << 4 | unhex(s[i + 2]));
            bool bad_host = part == Part::host && unhex(s[i + 1]) < 8 && escape != "%25";
            bool bad_zone = part == Part::zone && escape != "%25" && byte != ' ' && host_must_escape(byte);
            if (bad_host || bad_zone) {
                return "invalid URL escape " + go_quote(escape);
            }
            i += 3;
            continue;
        }
        if ((part == Part::host || part == Part::zone) && static_cast<unsigned char>(s[i]) < 0x80 &&
            host_must_escape(s[i])) {
            return "invalid character " + go_quote(s.substr(i, 1)) + " in host name";
        }
        ++i;
    }
    return "";
}

// Go's validOptionalPort.
bool valid_optional_port(std::string_view port) {
    if (port.empty()) {
        return true;
    }
    if (port[0] != ':') {
        return false;
    }
    return port.substr(1).find_first_not_of("0123456789") == std::string_view::npos;
}

// Go's parseHost: "" or the error text.
std::string parse_host(std::string_view host) {
    if (starts_with(host, "[")) {
        auto close = host.rfind(']');
        if (close == std::string_view::npos) {
            return "missing ']' in host";
        }
        std::string_view port = host.substr(close + 1);
        if (!valid_optional_port(port)) {
            return fmt::format("invalid port {} after host", go_quote(port));
        }
        auto zone = host.substr(0, close).find("%25");
        if (zone != std::string_view::npos) {
            std::string err = check_escapes(host.substr(0, zone), Part::host);
            if (err.empty()) {
                err = check_escapes(host.substr(zone, close - zone), Part::zone);
            }
            return err.empty() ? check_escapes(host.substr(close), Part::host) : err;
        }
    } else if (auto colon = host.rfind(':'); colon != std::string_view::npos) {
        if (!valid_optional_port(host.substr(colon))) {
            return fmt::format("invalid port {} after host", go_quote(host.substr(colon)));
        }
    }
    return check_escapes(host, Part::host);
}

// Go's validUserinfo.
bool valid_userinfo(std::string_view user) {
    for (char c : user) {
        if (!is_alnum(c) && std::string_view("-._:~!$&'()*+,;=%@").find(c) == std::string_view::npos) {
            return false;
        }
    }
    return true;
}

// Go's parseAuthority: "" or the error text; host set.
std::string parse_authority(std::string_view authority, std::string& host) {
    auto at = authority.rfind('@');
    std::string_view host_part = at == std::string_view::npos ? authority : authority.substr(at + 1);
    std::string err = parse_host(host_part);
    if (!err.empty()) {
        return err;
    }
    host = std::string(host_part); // escapes are only checked: peer URLs are sent as written
    if (at == std::string_view::npos) {
        return "";
    }
    std::string_view user = authority.substr(0, at);
    if (!valid_userinfo(user)) {
        return "net/url: invalid userinfo";
    }
    return check_escapes(user, Part::user);
}

// Go's getScheme: "" or the error text; scheme and rest set.
std::string split_scheme(std::string_view raw, std::string& scheme, std::string_view& rest) {
    rest = raw;
    for (size_t i = 0; i < raw.size(); ++i) {
        char c = raw[i];
        if (absl::ascii_isalpha(static_cast<unsigned char>(c))) {
            continue;
        }
        if ((absl::ascii_isdigit(static_cast<unsigned char>(c)) || c == '+' || c == '-' || c == '.') && i > 0) {
            continue;
        }
        if (c == ':') {
            if (i == 0) {
                return "missing protocol scheme";
            }
            scheme = std::string(raw.substr(0, i));
            absl::AsciiStrToLower(&scheme);
            rest = raw.substr(i + 1);
        }
        return "";
    }
    return "";
}

// Go's parse(raw, viaRequest=false): "" or the error text.
std::string parse_reference(std::string_view raw, GoUrl& out) {
    for (char c : raw) {
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
            return "net/url: invalid control character in URL";
        }
    }
    if (raw == "*") {
        out.path = "*";
        return "";
    }
    std::string_view rest;
    std::string err = split_scheme(raw, out.scheme, rest);
    if (!err.empty()) {
        return err;
    }
    if (!rest.empty() && rest.find('?') == rest.size() - 1) {
        rest.remove_suffix(1);
    } else {
        rest = rest.substr(0, rest.find('?'));
    }
    if (!starts_with(rest, "/")) {
        if (!out.scheme.empty()) {
            return ""; // an opaque URL ("http:host:port"): no host, no path
        }
        if (rest.substr(0, rest.find('/')).find(':') != std::string_view::npos) {
            return "first path segment in URL cannot contain colon";
        }
    }
    if ((!out.scheme.empty() || !starts_with(rest, "///")) && starts_with(rest, "//")) {
        std::string_view authority = rest.substr(2);
        auto slash = authority.find('/');
        rest = slash == std::string_view::npos ? std::string_view() : authority.substr(slash);
        err = parse_authority(authority.substr(0, slash), out.host);
        if (!err.empty()) {
            return err;
        }
    }
    out.path = std::string(rest);
    return check_escapes(rest, Part::path);
}

} // namespace

std::string go_parse_url(const std::string& text, GoUrl& out) {
    out = GoUrl();
    std::string_view raw = text;
    auto hash = raw.find('#');
    std::string err = parse_reference(raw.substr(0, hash), out);
    if (!err.empty()) {
        return fmt::format("parse {}: {}", go_quote(raw.substr(0, hash)), err);
    }
    if (hash != std::string_view::npos) {
        err = check_escapes(raw.substr(hash + 1), Part::fragment);
        if (!err.empty()) {
            return fmt::format("parse {}: {}", go_quote(raw), err);
        }
    }
    return "";
}

bool go_splits_host_port(const std::string& text) {
    std::string_view s = text;
    auto colon = s.rfind(':');
    if (colon == std::string_view::npos) {
        return false; // missing port
    }
    size_t host_from = 0;
    size_t host_to = colon;
    if (s[0] == '[') {
        auto close = s.find(']');
        if (close == std::string_view::npos || close + 1 != colon) {
            return false; // missing ']', missing port or too many colons
        }
        host_from = 1;
        host_to = close;
    } else if (s.substr(0, colon).find(':') != std::string_view::npos) {
        return false; // too many colons
    }
    std::string_view host = s.substr(host_from, host_to - host_from);
    bool brackets_inside = host.find_first_of("[]") != std::string_view::npos;
    return !brackets_inside && s.substr(colon).find_first_of("[]") == std::string_view::npos;
}

std::string peer_url_error(const std::vector<std::string>& urls) {
    if (urls.empty()) {
        return "no valid URLs given";
    }
    for (const auto& given : urls) {
        std::string url(absl::StripAsciiWhitespace(given));
        GoUrl parsed;
        std::string err = go_parse_url(url, parsed);
        if (!err.empty()) {
            return err;
        }
        if (parsed.scheme != "http" && parsed.scheme != "https" && parsed.scheme != "unix" &&
            parsed.scheme != "unixs") {
            return "URL scheme must be http, https, unix, or unixs: " + url;
        }
        if (!go_splits_host_port(parsed.host)) {
            return "URL address does not have the form \"host:port\": " + url;
        }
        if (!parsed.path.empty()) {
            return "URL must not contain a path: " + url;
        }
    }
    return "";
}

} // namespace ectl
