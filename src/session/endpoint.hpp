#pragma once
// Parsing of --endpoints items into gRPC targets (pure; no gRPC).

#include <string>

namespace ectl {

// A parsed --endpoints item.
struct Endpoint {
    std::string original;    // as the user wrote it (used in messages)
    std::string target;      // gRPC target: ipv4:h:p, ipv6:[h]:p, unix:path or dns:///h:p
    std::string host;        // authority host for TLS name checks
    std::string authority;   // host:port
    bool tls = false;        // https:// or unixs://
    bool has_scheme = false; // written with a scheme: TLS follows the scheme, not the TLS flags
};

// Parses one endpoint ("127.0.0.1:2379", "http://h:p", "https://h:p", "unix://path");
// throws Error(bad_args) naming it when malformed.
Endpoint parse_endpoint(const std::string& text);

} // namespace ectl
