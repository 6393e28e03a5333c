#include "session/endpoint.hpp"

#include <arpa/inet.h>

#include <algorithm>

#include <fmt/format.h>

#include "error.hpp"

namespace ectl {
namespace {

[[noreturn]] void invalid(const std::string& text, const std::string& why) {
    throw_bad_args(fmt::format("invalid endpoint \"{}\": {}", text, why));
}

bool valid_port(const std::string& port) {
    bool digits = !port.empty() && port.size() <= 5 &&
                  std::all_of(port.begin(), port.end(), [](char c) { return c >= '0' && c <= '9'; });
    return digits && std::stoi(port) >= 1 && std::stoi(port) <= 65535;
}

// Splits "host:port" or "[v6]:port" (rest has no scheme and no trailing slash).
std::pair<std::string, std::string> split_host_port(const std::string& text, const std::string& rest) {
    if (!rest.empty() && rest[0] == '[') {
        auto close = rest.find(']');
        if (close == std::string::npos || close + 1 >= rest.size() || rest[close + 1] != ':') {
            invalid(text, "expected [ipv6]:port");
        }
        return {rest.substr(1, close - 1), rest.substr(close + 2)};
    }
    auto colon = rest.rfind(':');
    if (colon == std::string::npos) {
        invalid(text, "missing port (expected host:port)");
    }
    std::string host = rest.substr(0, colon);
    if (host.find(':') != std::string::npos) {
        invalid(text, "expected host:port");
    }
    return {host, rest.substr(colon + 1)};
}

// IP literals are dialled directly (no resolver); names go through gRPC's DNS resolver.
void set_target(Endpoint& ep, const std::string& host, const std::string& port) {
    unsigned char buf[16];
    ep.host = host;
    if (inet_pton(AF_INET, host.c_str(), buf) == 1) {
        ep.target = fmt::format("ipv4:{}:{}", host, port);
        ep.authority = fmt::format("{}:{}", host, port);
    } else if (inet_pton(AF_INET6, host.c_str(), buf) == 1) {
        ep.target = fmt::format("ipv6:[{}]:{}", host, port);
        ep.authority = fmt::format("[{}]:{}", host, port);
    } else {
        ep.target = fmt::format("dns:///{}:{}", host, port);
        ep.authority = fmt::format("{}:{}", host, port);
    }
}

} // namespace

Endpoint parse_endpoint(const std::string& text) {
    Endpoint ep;
    ep.original = text;
    std::string rest = text;
    auto scheme_end = rest.find("://");
    if (scheme_end != std::string::npos) {
        std::string scheme = rest.substr(0, scheme_end);
        rest = rest.substr(scheme_end + 3);
        ep.has_scheme = true;
        if (scheme == "unix" || scheme == "unixs") {
            if (rest.empty()) {
                invalid(text, "empty socket path");
            }
            ep.target = "unix:" + rest;
            ep.host = "localhost";
            ep.authority = "localhost";
            ep.tls = scheme == "unixs";
            return ep;
        }
        if (scheme != "http" && scheme != "https") {
            invalid(text, fmt::format("unsupported scheme \"{}\" (use http, https, unix or unixs)", scheme));
        }
        ep.tls = scheme == "https";
    }
    while (!rest.empty() && rest.back() == '/') {
        rest.pop_back();
    }
    auto [host, port] = split_host_port(text, rest);
    if (host.empty() || host.find_first_of(" /?#@") != std::string::npos) {
        invalid(text, "bad host");
    }
    if (!valid_port(port)) {
        invalid(text, "bad port");
    }
    set_target(ep, host, port);
    return ep;
}

} // namespace ectl
