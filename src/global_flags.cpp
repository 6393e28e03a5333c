#include "global_flags.hpp"

#include <algorithm>

#include <absl/strings/str_join.h>
#include <fmt/format.h>

#include "parse.hpp"

namespace ectl {
namespace {

using Kind = GlobalFlag::Kind;
using Secret = GlobalFlag::Secret;
using G = GlobalOptions;

std::string shown_value(const GlobalFlag& flag, const GlobalOptions& g) {
    if (const auto* text = std::get_if<std::string G::*>(&flag.field)) {
        const std::string& value = g.*(*text);
        if (flag.secret == Secret::password) {
            return value.empty() ? "" : "***";
        }
        auto colon = value.find(':');
        if (flag.secret == Secret::user_password && colon != std::string::npos) {
            return value.substr(0, colon) + ":***";
        }
        return value;
    }
    if (const auto* boolean = std::get_if<bool G::*>(&flag.field)) {
        return g.*(*boolean) ? "true" : "false";
    }
    const auto& list = g.*std::get<std::vector<std::string> G::*>(flag.field);
    return "[" + absl::StrJoin(list, ",") + "]";
}

} // namespace

const std::vector<GlobalFlag>& global_flags() {
    static const std::vector<GlobalFlag> k_flags = {
        {"endpoints", 0, Kind::list, "gRPC endpoints", &G::endpoints},
        {"debug", 0, Kind::boolean, "enable client-side debug logging", &G::debug},
        {"write-out", 'w', Kind::text, "set the output format (fields, json, jsonl, protobuf, simple, table)",
         &G::write_out},
        {"hex", 0, Kind::boolean, "print byte strings as hex encoded strings", &G::hex},
        {"dial-timeout", 0, Kind::duration, "dial timeout for client connections", &G::dial_timeout},
        {"command-timeout", 0, Kind::duration, "timeout for short running command (excluding dial timeout)",
         &G::command_timeout},
        {"keepalive-time", 0, Kind::duration, "keepalive time for client connections", &G::keepalive_time},
        {"keepalive-timeout", 0, Kind::duration, "keepalive timeout for client connections", &G::keepalive_timeout},
        {"insecure-transport", 0, Kind::boolean, "disable transport security for client connections",
         &G::insecure_transport},
        {"insecure-discovery", 0, Kind::boolean, "accept insecure SRV records describing cluster endpoints",
         &G::insecure_discovery},
        {"insecure-skip-tls-verify", 0, Kind::boolean,
         "skip server certificate verification (CAUTION: this option should be enabled only for testing purposes)",
         &G::insecure_skip_tls_verify},
        {"cert", 0, Kind::text, "identify secure client using this TLS certificate file", &G::cert},
        {"key", 0, Kind::text, "identify secure client using this TLS key file", &G::key},
        {"cacert", 0, Kind::text, "verify certificates of TLS-enabled secure servers using this CA bundle", &G::cacert},
        {"user", 0, Kind::text, "username[:password] for authentication (prompt if password is not supplied)", &G::user,
         Secret::user_password},
        {"password", 0, Kind::text,
         "password for authentication (if this option is used, --user option shouldn't include password)", &G::password,
         Secret::password},
        {"password-file", 0, Kind::text,
         "read the password for --user from the first line of this file (unlike --password, it is not visible "
         "to other local users)",
         &G::password_file, Secret::none, true},
        {"discovery-srv", 'd', Kind::text, "domain name to query for SRV records describing cluster endpoints",
         &G::discovery_srv},
        {"discovery-srv-name", 0, Kind::text, "service name to query when using DNS discovery", &G::discovery_srv_name},
    };
    return k_flags;
}

std::string env_name(std::string_view flag) {
    std::string name = "ETCDCTL_" + ascii_upper(flag);
    std::replace(name.begin(), name.end(), '-', '_');
    return name;
}

SessionConfig parse_global_flags(const GlobalOptions& g) {
    SessionConfig c;
    for (const auto& item : g.endpoints) {
        for (auto& ep : split_csv(item)) {
            if (!ep.empty()) {
                c.endpoints.push_back(ep);
            }
        }
    }
    c.dial_timeout = parse_duration_flag("dial-timeout", g.dial_timeout);
    c.command_timeout = parse_duration_flag("command-timeout", g.command_timeout);
    c.keepalive_time = parse_duration_flag("keepalive-time", g.keepalive_time);
    c.keepalive_timeout = parse_duration_flag("keepalive-timeout", g.keepalive_timeout);
    c.insecure_transport = g.insecure_transport;
    c.insecure_skip_verify = g.insecure_skip_tls_verify;
    c.cert_file = g.cert;
    c.key_file = g.key;
    c.ca_file = g.cacert;
    if (!g.insecure_discovery) {
        c.server_name = g.discovery_srv;
    }
    return c;
}

std::string debug_dump(const GlobalOptions& g) {
    std::vector<std::string> lines;
    for (const auto& flag : global_flags()) {
        if (flag.ectl_only && shown_value(flag, g).empty()) {
            continue;
        }
        lines.push_back(fmt::format("{}={}\n", env_name(flag.name), shown_value(flag, g)));
    }
    std::sort(lines.begin(), lines.end());
    return absl::StrJoin(lines, "");
}

} // namespace ectl
