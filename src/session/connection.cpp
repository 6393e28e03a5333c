#include "session/connection.hpp"

#include <algorithm>
#include <climits>

#include <grpcpp/create_channel.h>

namespace ectl {
namespace {

int to_ms(std::chrono::nanoseconds d) {
    return static_cast<int>(std::chrono::duration_cast<std::chrono::milliseconds>(d).count());
}

} // namespace

void Connection::open(const SessionConfig& config, const Credentials& creds) {
    if (m_channel) {
        return;
    }
    grpc::ChannelArguments args;
    args.SetMaxReceiveMessageSize(INT_MAX);
    args.SetMaxSendMessageSize(static_cast<int>(k_max_send_bytes));
    // Go's client clamps keep-alive pings to >= 10 s; faster pings make etcd send too_many_pings.
    args.SetInt(GRPC_ARG_KEEPALIVE_TIME_MS,
                to_ms(std::max<std::chrono::nanoseconds>(config.keepalive_time, std::chrono::seconds(10))));
    args.SetInt(GRPC_ARG_KEEPALIVE_TIMEOUT_MS, to_ms(config.keepalive_timeout));
    args.SetInt(GRPC_ARG_ENABLE_HTTP_PROXY, 0);
    // Each endpoint gets its own subchannel, so one endpoint's failure is never another's cause.
    args.SetInt(GRPC_ARG_USE_LOCAL_SUBCHANNEL_POOL, 1);
    args.SetInt(GRPC_ARG_INITIAL_RECONNECT_BACKOFF_MS, 200);
    args.SetInt(GRPC_ARG_MAX_RECONNECT_BACKOFF_MS, 1000);
    bool tls = uses_tls(m_ep, config);
    if (tls && !config.server_name.empty()) {
        args.SetSslTargetNameOverride(config.server_name);
    }
    m_channel = grpc::CreateCustomChannel(m_ep.target, tls ? creds.tls : creds.plain, args);
}

} // namespace ectl
