#pragma once
// What `check datascale` reads from an endpoint's /metrics (plain HTTP on the client port).

#include <string>

#include "output/sink.hpp"

namespace ectl {

// The value of process_resident_memory_bytes in a Prometheus text page, or 0 (a message on out,
// in etcdctl's words, says why).
double resident_memory_in(const std::string& page, Sink& out);

// Reads endpoint's process_resident_memory_bytes over plain HTTP ("http://" is added when the
// endpoint has no scheme, as etcdctl does). 0 on failure, with a message on out as etcdctl prints
// it; an https:// endpoint, or one the session reaches over TLS, is not supported (said on out).
double endpoint_resident_memory(const std::string& endpoint, bool over_tls, Sink& out);

} // namespace ectl
