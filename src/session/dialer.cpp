#include "session/dialer.hpp"

#include <cctype>
#include <cstdint>
#include <mutex>

#include <absl/synchronization/mutex.h>
#include <grpc/support/log.h>
#include <grpcpp/completion_queue.h>

#include "session/tls_diagnosis.hpp"

namespace ectl {
namespace {

using Clock = std::chrono::system_clock;
using std::chrono::milliseconds;

// gRPC reports handshake details only in its log; the last error line is kept as a cause.
std::mutex g_log_mutex;
std::string g_last_grpc_error;

void keep_grpc_error(gpr_log_func_args* args) {
    if (args->severity == GPR_LOG_SEVERITY_ERROR) {
        std::lock_guard<std::mutex> lock(g_log_mutex);
        g_last_grpc_error = args->message;
    }
}

std::string last_grpc_error() {
    std::lock_guard<std::mutex> lock(g_log_mutex);
    return g_last_grpc_error;
}

std::string lower(std::string text) {
    for (char& c : text) {
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    return text;
}

struct CauseRule {
    const char* needle;
    const char* cause;
};

constexpr CauseRule k_cause_rules[] = {
    {"connection refused", "connection refused"},
    {"wrong version number", "TLS handshake failed: the server does not speak TLS (use http://)"},
    {"certificate has expired", "TLS handshake failed: the server's certificate has expired"},
    {"certificate verify failed", "TLS handshake failed: certificate verify failed (unknown authority, "
                                  "expired, or not valid for this host)"},
    {"alert certificate expired", "TLS handshake failed: the server rejected our client certificate as expired"},
    {"alert unknown ca", "TLS handshake failed: the server does not trust our client certificate's CA"},
    {"alert bad certificate", "TLS handshake failed: the server rejected our client certificate (missing, or "
                              "signed by a CA it does not trust)"},
    {"alert certificate required", "TLS handshake failed: the server requires a client certificate"},
    {"peer name", "TLS handshake failed: the server's certificate is not valid for this host"},
    {"ssl handshake failed", "TLS handshake failed"},
    {"endpoint read failed", "connection closed by the server during the TLS handshake"},
    {"connection reset", "connection reset by peer"},
    {"no route to host", "no route to host"},
    {"network is unreachable", "network is unreachable"},
    {"dns resolution failed", "cannot resolve host name"},
};

// Turns gRPC's status text and last log line into a short, specific cause.
std::string connect_cause(const std::string& message, const std::string& log, bool tls) {
    // A server that drops the connection mid-handshake speaks the other protocol. A plaintext
    // server answers a ClientHello with an HTTP 400 and closes; when the rest of the hello is still
    // unread, its kernel resets the connection instead (seen 1 dial in 30 against etcd).
    const std::string haystack = lower(log + " | " + message);
    if (lower(message).find("socket closed") != std::string::npos ||
        (tls && haystack.find("connection reset") != std::string::npos)) {
        return tls ? "connection closed during the TLS handshake: the server does not speak TLS (use http://)"
                   : "connection closed during the handshake: the server expects TLS (use https:// or --cacert)";
    }
    for (const auto& rule : k_cause_rules) {
        if (haystack.find(rule.needle) != std::string::npos) {
            return rule.cause;
        }
    }
    auto pos = message.rfind("last error: ");
    return pos == std::string::npos ? message : message.substr(pos + 12);
}

// A fail-fast call on a failed channel returns at once with its last connect error.
std::string failure_cause(Connection& conn, const SessionConfig& config) {
    grpc::ClientContext ctx;
    ctx.set_deadline(Clock::now() + milliseconds(500));
    etcdserverpb::StatusResponse resp;
    auto status = conn.stub<etcdserverpb::Maintenance::Stub>().Status(&ctx, etcdserverpb::StatusRequest(), &resp);
    bool tls = uses_tls(conn.endpoint(), config);
    if (tls && status.error_code() == grpc::StatusCode::UNAVAILABLE) {
        std::string cause = diagnose_tls(conn.endpoint(), config, milliseconds(1000));
        if (!cause.empty()) {
            return cause;
        }
    }
    return connect_cause(status.error_message(), tls ? last_grpc_error() : "", tls);
}

} // namespace

std::string format_duration(std::chrono::nanoseconds d) {
    auto ms = std::chrono::duration_cast<milliseconds>(d).count();
    return ms % 1000 == 0 ? fmt::format("{}s", ms / 1000) : fmt::format("{}ms", ms);
}

void prepare_grpc() {
    gpr_set_log_verbosity(GPR_LOG_SEVERITY_ERROR);
    gpr_set_log_function(keep_grpc_error);
    // Debian builds abseil with assertions on, which makes every absl::Mutex lock in gRPC update a
    // lock-order graph (GraphCycles): 6 % of a `get`'s CPU. It is a debugging aid for gRPC's
    // developers; a cycle would abort ectl, never help a user.
    absl::SetMutexDeadlockDetectionMode(absl::OnDeadlockCycle::kIgnore);
}

int dial_race(std::vector<Connection>& conns, size_t first, const SessionConfig& config, const Credentials& creds,
              Clock::time_point deadline, const DebugLog& debug) {
    // Deliberately leaked: pending state notifications keep the queue busy until the deadline, and
    // draining it would stall the command; the process leaves with _exit.
    auto* cq = new grpc::CompletionQueue();
    int pending = 0;
    for (size_t k = 0; k < conns.size(); ++k) {
        const size_t i = (first + k) % conns.size();
        Connection& conn = conns[i];
        conn.open(config, creds);
        conn.failed = false;
        auto state = conn.channel().GetState(true);
        if (state == GRPC_CHANNEL_READY) {
            return static_cast<int>(i);
        }
        // The completion queue's tag is the endpoint's index (gRPC's tags are void*).
        conn.channel().NotifyOnStateChange(state, deadline, cq,
                                           reinterpret_cast<void*>(i)); // NOLINT(performance-no-int-to-ptr)
        ++pending;
    }
    while (pending > 0) {
        void* tag = nullptr;
        bool ok = false;
        if (cq->AsyncNext(&tag, &ok, deadline + milliseconds(50)) != grpc::CompletionQueue::GOT_EVENT) {
            break;
        }
        --pending;
        auto i = reinterpret_cast<uintptr_t>(tag);
        Connection& conn = conns[i];
        if (!ok) {
            continue; // deadline reached while still connecting
        }
        auto state = conn.channel().GetState(false);
        if (state == GRPC_CHANNEL_READY) {
            debug("connected to {}", conn.endpoint().original);
            return static_cast<int>(i);
        }
        if (state == GRPC_CHANNEL_TRANSIENT_FAILURE || state == GRPC_CHANNEL_SHUTDOWN) {
            conn.failed = true;
            debug("{} failed to connect", conn.endpoint().original);
        } else {
            conn.channel().NotifyOnStateChange(state, deadline, cq, tag);
            ++pending;
        }
    }
    return -1;
}

Error unreachable_error(std::vector<Connection>& conns, const SessionConfig& config, const std::string& budget) {
    std::string joined;
    for (auto& conn : conns) {
        std::string cause = conn.failed ? failure_cause(conn, config) : "no answer within " + budget;
        joined += fmt::format("{}{}: {}", joined.empty() ? "" : "; ", conn.endpoint().original, cause);
    }
    return Error(ExitCode::bad_connection, fmt::format("cannot connect to etcd: {}", joined));
}

} // namespace ectl
