#pragma once
// etcdctl's global flags: the one list of them, from which the CLI registers them (each with its
// ETCDCTL_* variable), --debug dumps them and the session settings are made.

#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "session/config.hpp"

namespace ectl {

// The values of the global flags, as given (checked by parse_global_flags()).
struct GlobalOptions {
    std::vector<std::string> endpoints{"127.0.0.1:2379"};
    std::string dial_timeout = "2s";
    std::string command_timeout = "5s";
    std::string keepalive_time = "2s";
    std::string keepalive_timeout = "6s";
    bool debug = false;
    std::string write_out = "simple";
    bool hex = false;
    bool insecure_transport = true;
    bool insecure_discovery = true;
    bool insecure_skip_tls_verify = false;
    std::string cert;
    std::string key;
    std::string cacert;
    std::string user;
    std::string password;
    std::string password_file;
    std::string discovery_srv;
    std::string discovery_srv_name;
};

// One global flag.
struct GlobalFlag {
    enum class Kind { text, duration, boolean, list };
    enum class Secret { none, password, user_password }; // what --debug redacts
    std::string_view name;                               // long name, without "--"
    char shorthand;                                      // 0: none
    Kind kind;
    std::string_view help;
    std::variant<std::string GlobalOptions::*, bool GlobalOptions::*, std::vector<std::string> GlobalOptions::*> field;
    Secret secret = Secret::none;
    bool ectl_only = false; // not etcdctl's: --debug's etcdctl-shaped dump shows it only when set
};

// Every global flag, in etcdctl's help order.
const std::vector<GlobalFlag>& global_flags();

// "ETCDCTL_" + the flag's name upper-cased, '-' as '_'.
std::string env_name(std::string_view flag);

// The session settings the flags give, checked before the command runs (as pflag checks them
// while parsing): durations parsed once (Go's syntax, pflag's errors), endpoints split. The
// credentials are left to resolve_credentials() (it may prompt). Throws Error(bad_args).
SessionConfig parse_global_flags(const GlobalOptions& g);

// etcdctl --debug's dump: ETCDCTL_NAME=value lines, sorted, secrets redacted.
std::string debug_dump(const GlobalOptions& g);

} // namespace ectl
