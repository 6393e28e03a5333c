#include "session.hpp"

#include <arpa/inet.h>

#include <algorithm>
#include <cctype>
#include <climits>
#include <cstdint>
#include <fstream>
#include <mutex>
#include <sstream>
#include <thread>

#include <fmt/format.h>
#include <grpc/support/log.h>
#include <grpcpp/grpcpp.h>
#include <grpcpp/security/tls_certificate_verifier.h>
#include <grpcpp/security/tls_credentials_options.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include "error.hpp"
#include "etcdserverpb/rpc.grpc.pb.h"

namespace ectl {
namespace {

using Clock = std::chrono::system_clock;
using std::chrono::milliseconds;

bool is_digits(const std::string& s) {
    return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

std::string read_file_or_throw(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        throw_bad_args(fmt::format("open {}: no such file or directory", path));
    }
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

// Go's grpc codes.Code String() names, used in "rpc error: code = X desc = Y".
const char* go_code_name(grpc::StatusCode code) {
    static const char* const k_names[] = {
        "OK",       "Canceled",        "Unknown",          "InvalidArgument",   "DeadlineExceeded",
        "NotFound", "AlreadyExists",   "PermissionDenied", "ResourceExhausted", "FailedPrecondition",
        "Aborted",  "OutOfRange",      "Unimplemented",    "Internal",          "Unavailable",
        "DataLoss", "Unauthenticated",
    };
    auto i = static_cast<size_t>(code);
    return i < std::size(k_names) ? k_names[i] : "Unknown";
}

// gRPC reports handshake details only in its log; ectl keeps the last error line as a cause
// instead of letting gRPC print it on stderr.
std::mutex g_log_mutex;
std::string g_last_grpc_error;

void capture_grpc_log(gpr_log_func_args* args) {
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

// Turns gRPC's status text and last log line into a short, specific cause.
std::string connect_cause(const std::string& message, const std::string& log, bool tls) {
    // A server that drops the connection mid-handshake speaks the other protocol.
    if (lower(message).find("socket closed") != std::string::npos) {
        return tls ? "connection closed during the TLS handshake: the server does not speak TLS (use http://)"
                   : "connection closed during the handshake: the server expects TLS (use https:// or --cacert)";
    }
    struct Rule {
        const char* needle;
        const char* cause;
    };
    static const Rule k_rules[] = {
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
    const std::string haystack = lower(log + " | " + message);
    for (const auto& rule : k_rules) {
        if (haystack.find(rule.needle) != std::string::npos) {
            return rule.cause;
        }
    }
    auto pos = message.rfind("last error: ");
    return pos == std::string::npos ? message : message.substr(pos + 12);
}

std::string format_duration(std::chrono::nanoseconds d) {
    auto ms = std::chrono::duration_cast<milliseconds>(d).count();
    return ms % 1000 == 0 ? fmt::format("{}s", ms / 1000) : fmt::format("{}ms", ms);
}

// Errors that prove the request never reached a server, so even a write may go elsewhere.
bool never_sent(const grpc::Status& s) {
    return s.error_code() == grpc::StatusCode::UNAVAILABLE &&
           s.error_message().find("failed to connect to all addresses") != std::string::npos;
}

// Auth errors that a fresh token cures (invalid/expired token, old auth revision).
bool needs_reauth(const grpc::Status& s) {
    const std::string& m = s.error_message();
    return m == "etcdserver: invalid auth token" || m == "etcdserver: revision of auth store is old";
}

// etcdctl's wording of a failed call: etcd's own errors verbatim, Go's context errors, or gRPC's.
std::string status_text(const grpc::Status& s) {
    const std::string& msg = s.error_message();
    if (s.error_code() == grpc::StatusCode::DEADLINE_EXCEEDED) {
        return "context deadline exceeded";
    }
    if (s.error_code() == grpc::StatusCode::CANCELLED) {
        return "context canceled";
    }
    if (msg.rfind("etcdserver: ", 0) == 0) {
        return msg;
    }
    return fmt::format("rpc error: code = {} desc = {}", go_code_name(s.error_code()), msg);
}

// A gRPC bidirectional stream behind the gRPC-free Stream interface.
template <typename Req, typename Resp>
class GrpcStream final : public Stream<Req, Resp> {
public:
    using Opener = std::function<std::unique_ptr<grpc::ClientReaderWriter<Req, Resp>>(grpc::ClientContext*)>;

    GrpcStream(std::unique_ptr<grpc::ClientContext> ctx, const Opener& open)
        : m_ctx(std::move(ctx)), m_rw(open(m_ctx.get())) {}

    bool write(const Req& req) override { return m_rw->Write(req); }
    bool read(Resp& resp) override { return m_rw->Read(&resp); }
    void writes_done() override { m_rw->WritesDone(); }
    void cancel() override { m_ctx->TryCancel(); }

    StreamEnd finish() override {
        grpc::Status s = m_rw->Finish();
        StreamEnd end;
        end.ok = s.ok();
        end.cancelled = s.error_code() == grpc::StatusCode::CANCELLED;
        end.retryable = s.error_code() == grpc::StatusCode::UNAVAILABLE ||
                        s.error_code() == grpc::StatusCode::INTERNAL || needs_reauth(s) ||
                        (s.error_code() == grpc::StatusCode::UNKNOWN &&
                         s.error_message().find("Stream removed") != std::string::npos);
        end.message = s.ok() ? "" : status_text(s);
        return end;
    }

private:
    std::unique_ptr<grpc::ClientContext> m_ctx;
    std::unique_ptr<grpc::ClientReaderWriter<Req, Resp>> m_rw;
};

} // namespace

Endpoint parse_endpoint(const std::string& text) {
    Endpoint ep;
    ep.original = text;
    auto invalid = [&](const std::string& why) {
        throw_bad_args(fmt::format("invalid endpoint \"{}\": {}", text, why));
    };
    std::string rest = text;
    auto scheme_end = rest.find("://");
    if (scheme_end != std::string::npos) {
        std::string scheme = rest.substr(0, scheme_end);
        rest = rest.substr(scheme_end + 3);
        if (scheme == "unix" || scheme == "unixs") {
            if (rest.empty()) {
                invalid("empty socket path");
            }
            ep.target = "unix:" + rest;
            ep.host = "localhost";
            ep.authority = "localhost";
            ep.tls = scheme == "unixs";
            return ep;
        }
        if (scheme != "http" && scheme != "https") {
            invalid(fmt::format("unsupported scheme \"{}\" (use http, https, unix or unixs)", scheme));
        }
        ep.tls = scheme == "https";
    }
    while (!rest.empty() && rest.back() == '/') {
        rest.pop_back();
    }
    std::string host;
    std::string port;
    if (!rest.empty() && rest[0] == '[') {
        auto close = rest.find(']');
        if (close == std::string::npos || close + 1 >= rest.size() || rest[close + 1] != ':') {
            invalid("expected [ipv6]:port");
        }
        host = rest.substr(1, close - 1);
        port = rest.substr(close + 2);
    } else {
        auto colon = rest.rfind(':');
        if (colon == std::string::npos) {
            invalid("missing port (expected host:port)");
        }
        host = rest.substr(0, colon);
        port = rest.substr(colon + 1);
        if (host.find(':') != std::string::npos) {
            invalid("expected host:port");
        }
    }
    if (host.empty() || host.find_first_of(" /?#@") != std::string::npos) {
        invalid("bad host");
    }
    if (!is_digits(port) || port.size() > 5 || std::stoi(port) < 1 || std::stoi(port) > 65535) {
        invalid("bad port");
    }
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
    return ep;
}

// One endpoint's channel and stubs.
struct Connection {
    Endpoint ep;
    std::shared_ptr<grpc::Channel> channel;
    std::unique_ptr<etcdserverpb::KV::Stub> kv;
    std::unique_ptr<etcdserverpb::Auth::Stub> auth;
    std::unique_ptr<etcdserverpb::Maintenance::Stub> maintenance;
    std::unique_ptr<etcdserverpb::Lease::Stub> lease;
    std::unique_ptr<etcdserverpb::Watch::Stub> watch;
    bool failed = false;
    std::string cause;
};

struct Session::Impl {
    SessionConfig config;
    std::vector<Connection> conns;
    std::shared_ptr<grpc::ChannelCredentials> plain_creds;
    std::shared_ptr<grpc::ChannelCredentials> tls_creds;
    int active = -1;
    std::string token;

    explicit Impl(SessionConfig c) : config(std::move(c)) {
        gpr_set_log_verbosity(GPR_LOG_SEVERITY_ERROR);
        gpr_set_log_function(capture_grpc_log);
        if (config.endpoints.empty()) {
            throw_bad_args("etcdclient: no available endpoints");
        }
        for (const auto& text : config.endpoints) {
            Connection conn;
            conn.ep = parse_endpoint(text);
            conns.push_back(std::move(conn));
        }
        build_credentials();
    }

    bool uses_tls(const Endpoint& ep) const {
        if (ep.original.find("://") != std::string::npos) {
            return ep.tls;
        }
        return !config.cert_file.empty() || !config.key_file.empty() || !config.ca_file.empty() ||
               !config.insecure_transport;
    }

    void build_credentials();
    void open_channel(Connection& conn);
    void dial(Clock::time_point deadline);
    void authenticate(Clock::time_point deadline);
    [[noreturn]] void throw_unreachable();
    Error to_error(const grpc::Status& s, bool mutation) const;

    template <typename Resp, typename Call>
    Resp unary(bool mutation, Call&& call);

    // Dials (if needed) and authenticates, then returns the connection a stream should use.
    Connection& stream_connection();
    std::unique_ptr<grpc::ClientContext> stream_context(bool require_leader) const;

    template <typename... Args>
    void debug(fmt::format_string<Args...> format, Args&&... args) {
        if (config.debug != nullptr) {
            config.debug->write("ectl: " + fmt::format(format, std::forward<Args>(args)...) + "\n");
            config.debug->flush();
        }
    }
};

void Session::Impl::build_credentials() {
    plain_creds = grpc::InsecureChannelCredentials();
    if (config.cert_file.empty() != config.key_file.empty()) {
        throw_bad_args(fmt::format("KeyFile and CertFile must both be present[key: {}, cert: {}]", config.key_file,
                                   config.cert_file));
    }
    std::string ca = config.ca_file.empty() ? "" : read_file_or_throw(config.ca_file);
    std::string cert = config.cert_file.empty() ? "" : read_file_or_throw(config.cert_file);
    std::string key = config.key_file.empty() ? "" : read_file_or_throw(config.key_file);
    if (!cert.empty()) {
        BIO* cbio = BIO_new_mem_buf(cert.data(), static_cast<int>(cert.size()));
        BIO* kbio = BIO_new_mem_buf(key.data(), static_cast<int>(key.size()));
        X509* x = PEM_read_bio_X509(cbio, nullptr, nullptr, nullptr);
        EVP_PKEY* k = PEM_read_bio_PrivateKey(kbio, nullptr, nullptr, nullptr);
        bool ok = x != nullptr && k != nullptr && X509_check_private_key(x, k) == 1;
        bool parsed = x != nullptr && k != nullptr;
        X509_free(x);
        EVP_PKEY_free(k);
        BIO_free(cbio);
        BIO_free(kbio);
        if (!parsed) {
            throw_bad_args("tls: failed to find any PEM data in certificate or key input");
        }
        if (!ok) {
            throw_bad_args("tls: private key does not match public key");
        }
    }
    if (config.insecure_skip_verify) {
        grpc::experimental::TlsChannelCredentialsOptions opts;
        opts.set_verify_server_certs(false);
        opts.set_check_call_host(false);
        opts.set_certificate_verifier(std::make_shared<grpc::experimental::NoOpCertificateVerifier>());
        if (!cert.empty()) {
            opts.set_certificate_provider(std::make_shared<grpc::experimental::StaticDataCertificateProvider>(
                std::vector<grpc::experimental::IdentityKeyCertPair>{{key, cert}}));
            opts.watch_identity_key_cert_pairs();
        }
        tls_creds = grpc::experimental::TlsCredentials(opts);
        return;
    }
    grpc::SslCredentialsOptions ssl;
    ssl.pem_root_certs = ca;
    ssl.pem_private_key = key;
    ssl.pem_cert_chain = cert;
    tls_creds = grpc::SslCredentials(ssl);
}

void Session::Impl::open_channel(Connection& conn) {
    grpc::ChannelArguments args;
    args.SetMaxReceiveMessageSize(INT_MAX);
    args.SetMaxSendMessageSize(static_cast<int>(Session::k_max_send_bytes));
    // Go's client clamps keep-alive pings to >= 10 s; faster pings make etcd send too_many_pings.
    auto ka = std::max<std::chrono::nanoseconds>(config.keepalive_time, std::chrono::seconds(10));
    args.SetInt(GRPC_ARG_KEEPALIVE_TIME_MS, static_cast<int>(std::chrono::duration_cast<milliseconds>(ka).count()));
    args.SetInt(GRPC_ARG_KEEPALIVE_TIMEOUT_MS,
                static_cast<int>(std::chrono::duration_cast<milliseconds>(config.keepalive_timeout).count()));
    args.SetInt(GRPC_ARG_ENABLE_HTTP_PROXY, 0);
    args.SetInt(GRPC_ARG_USE_LOCAL_SUBCHANNEL_POOL, 1);
    args.SetInt(GRPC_ARG_INITIAL_RECONNECT_BACKOFF_MS, 200);
    args.SetInt(GRPC_ARG_MAX_RECONNECT_BACKOFF_MS, 1000);
    bool tls = uses_tls(conn.ep);
    if (tls && !config.server_name.empty()) {
        args.SetSslTargetNameOverride(config.server_name);
    }
    conn.channel = grpc::CreateCustomChannel(conn.ep.target, tls ? tls_creds : plain_creds, args);
    conn.kv = etcdserverpb::KV::NewStub(conn.channel);
    conn.auth = etcdserverpb::Auth::NewStub(conn.channel);
    conn.maintenance = etcdserverpb::Maintenance::NewStub(conn.channel);
    conn.lease = etcdserverpb::Lease::NewStub(conn.channel);
    conn.watch = etcdserverpb::Watch::NewStub(conn.channel);
}

// Races every endpoint's connection and keeps the first that is READY; failed endpoints are
// marked with their cause. A refused endpoint fails at once rather than at the deadline.
void Session::Impl::dial(Clock::time_point deadline) {
    // Deliberately leaked: pending state notifications keep the queue busy until the deadline, and
    // draining it would stall the command; the process leaves with _exit.
    auto* cq = new grpc::CompletionQueue();
    int pending = 0;
    active = -1;
    debug("dialling {} endpoint(s), dial timeout {}", conns.size(), format_duration(config.dial_timeout));
    for (size_t i = 0; i < conns.size(); ++i) {
        auto& conn = conns[i];
        if (!conn.channel) {
            open_channel(conn);
        }
        conn.failed = false;
        conn.cause.clear();
        auto state = conn.channel->GetState(true);
        if (state == GRPC_CHANNEL_READY) {
            active = static_cast<int>(i);
            return;
        }
        conn.channel->NotifyOnStateChange(state, deadline, cq, reinterpret_cast<void*>(i));
        ++pending;
    }
    while (pending > 0 && active < 0) {
        void* tag = nullptr;
        bool ok = false;
        if (cq->AsyncNext(&tag, &ok, deadline + milliseconds(50)) != grpc::CompletionQueue::GOT_EVENT) {
            break;
        }
        --pending;
        auto i = reinterpret_cast<uintptr_t>(tag);
        auto& conn = conns[i];
        if (!ok) {
            continue; // deadline reached while still connecting
        }
        auto state = conn.channel->GetState(false);
        if (state == GRPC_CHANNEL_READY) {
            active = static_cast<int>(i);
            debug("connected to {}", conn.ep.original);
        } else if (state == GRPC_CHANNEL_TRANSIENT_FAILURE || state == GRPC_CHANNEL_SHUTDOWN) {
            conn.failed = true;
            debug("{} failed to connect", conn.ep.original);
        } else {
            conn.channel->NotifyOnStateChange(state, deadline, cq, tag);
            ++pending;
        }
    }
}

[[noreturn]] void Session::Impl::throw_unreachable() {
    std::vector<std::string> causes;
    for (auto& conn : conns) {
        std::string cause;
        if (conn.failed) {
            // A fail-fast call on a failed channel returns at once with the last connect error.
            grpc::ClientContext ctx;
            ctx.set_deadline(Clock::now() + milliseconds(500));
            etcdserverpb::StatusResponse resp;
            auto status = conn.maintenance->Status(&ctx, etcdserverpb::StatusRequest(), &resp);
            bool tls = uses_tls(conn.ep);
            cause = connect_cause(status.error_message(), tls ? last_grpc_error() : "", tls);
        } else {
            cause = fmt::format("no answer within the dial timeout ({})", format_duration(config.dial_timeout));
        }
        causes.push_back(fmt::format("{}: {}", conn.ep.original, cause));
    }
    std::string joined;
    for (const auto& c : causes) {
        joined += joined.empty() ? c : "; " + c;
    }
    throw Error(ExitCode::bad_connection, fmt::format("cannot connect to etcd: {}", joined));
}

void Session::Impl::authenticate(Clock::time_point deadline) {
    etcdserverpb::AuthenticateRequest req;
    req.set_name(config.user);
    req.set_password(config.password);
    etcdserverpb::AuthenticateResponse resp;
    grpc::ClientContext ctx;
    ctx.set_deadline(deadline);
    auto status = conns[static_cast<size_t>(active)].auth->Authenticate(&ctx, req, &resp);
    if (!status.ok() && status.error_message() == "etcdserver: authentication is not enabled") {
        token.clear(); // etcdctl carries on without a token, as does clientv3
        return;
    }
    if (!status.ok()) {
        Error e = to_error(status, false);
        throw Error(ExitCode::bad_connection, e.what());
    }
    token = resp.token();
}

Error Session::Impl::to_error(const grpc::Status& s, bool mutation) const {
    const std::string& msg = s.error_message();
    std::string text = status_text(s);
    bool unknown_outcome = mutation && (s.error_code() == grpc::StatusCode::DEADLINE_EXCEEDED ||
                                        (s.error_code() == grpc::StatusCode::UNAVAILABLE && !never_sent(s)) ||
                                        msg.find("request timed out") != std::string::npos);
    if (unknown_outcome) {
        text += " (the outcome is unknown: the request may have been applied)";
    }
    return Error(ExitCode::error, text);
}

template <typename Resp, typename Call>
Resp Session::Impl::unary(bool mutation, Call&& call) {
    const auto call_deadline = Clock::now() + config.command_timeout;
    auto dial_deadline = [&] { return std::min(call_deadline, Clock::now() + config.dial_timeout); };
    bool reauthed = false;
    for (int attempt = 0;; ++attempt) {
        if (active < 0) {
            dial(dial_deadline());
            if (active < 0) {
                throw_unreachable();
            }
            if (config.use_auth) {
                authenticate(call_deadline);
            }
        }
        Connection& conn = conns[static_cast<size_t>(active)];
        grpc::ClientContext ctx;
        ctx.set_deadline(call_deadline);
        if (!token.empty()) {
            ctx.AddMetadata("token", token);
        }
        Resp resp;
        grpc::Status status = call(conn, ctx, resp);
        if (status.ok()) {
            return resp;
        }
        if (config.use_auth && !reauthed && needs_reauth(status)) {
            reauthed = true;
            authenticate(call_deadline);
            continue;
        }
        bool retry = status.error_code() == grpc::StatusCode::UNAVAILABLE && (!mutation || never_sent(status));
        if (!retry || Clock::now() + milliseconds(50) >= call_deadline) {
            throw to_error(status, mutation);
        }
        debug("{} answered {} ({}); trying again", conn.ep.original, go_code_name(status.error_code()),
              status.error_message());
        // Another endpoint may answer; back off briefly so a leader election can finish.
        conn.failed = true;
        active = -1;
        std::this_thread::sleep_for(milliseconds(std::min(50 * (attempt + 1), 500)));
    }
}

Connection& Session::Impl::stream_connection() {
    const auto deadline = Clock::now() + config.dial_timeout;
    if (active < 0) {
        dial(deadline);
        if (active < 0) {
            throw_unreachable();
        }
    }
    // A stream may outlive any token: fetch a fresh one before every (re)open.
    if (config.use_auth) {
        authenticate(Clock::now() + config.command_timeout);
    }
    return conns[static_cast<size_t>(active)];
}

std::unique_ptr<grpc::ClientContext> Session::Impl::stream_context(bool require_leader) const {
    auto ctx = std::make_unique<grpc::ClientContext>();
    if (!token.empty()) {
        ctx->AddMetadata("token", token);
    }
    if (require_leader) {
        ctx->AddMetadata("hasleader", "true");
    }
    return ctx;
}

Session::Session(SessionConfig config) : m_impl(std::make_unique<Impl>(std::move(config))) {}

Session::~Session() = default;

etcdserverpb::RangeResponse Session::range(const etcdserverpb::RangeRequest& req) {
    return m_impl->unary<etcdserverpb::RangeResponse>(
        false, [&](Connection& c, grpc::ClientContext& ctx, auto& resp) { return c.kv->Range(&ctx, req, &resp); });
}

etcdserverpb::PutResponse Session::put(const etcdserverpb::PutRequest& req) {
    return m_impl->unary<etcdserverpb::PutResponse>(
        true, [&](Connection& c, grpc::ClientContext& ctx, auto& resp) { return c.kv->Put(&ctx, req, &resp); });
}

etcdserverpb::DeleteRangeResponse Session::delete_range(const etcdserverpb::DeleteRangeRequest& req) {
    return m_impl->unary<etcdserverpb::DeleteRangeResponse>(
        true, [&](Connection& c, grpc::ClientContext& ctx, auto& resp) { return c.kv->DeleteRange(&ctx, req, &resp); });
}

} // namespace ectl

namespace ectl {

namespace {

// A txn that only reads may be retried like a get.
bool txn_is_read_only(const etcdserverpb::TxnRequest& req) {
    auto reads = [](const auto& ops) {
        return std::all_of(ops.begin(), ops.end(), [](const auto& op) { return op.has_request_range(); });
    };
    return reads(req.success()) && reads(req.failure());
}

} // namespace

etcdserverpb::TxnResponse Session::txn(const etcdserverpb::TxnRequest& req) {
    return m_impl->unary<etcdserverpb::TxnResponse>(
        !txn_is_read_only(req),
        [&](Connection& c, grpc::ClientContext& ctx, auto& resp) { return c.kv->Txn(&ctx, req, &resp); });
}

etcdserverpb::CompactionResponse Session::compact(const etcdserverpb::CompactionRequest& req) {
    return m_impl->unary<etcdserverpb::CompactionResponse>(
        true, [&](Connection& c, grpc::ClientContext& ctx, auto& resp) { return c.kv->Compact(&ctx, req, &resp); });
}

etcdserverpb::LeaseGrantResponse Session::lease_grant(const etcdserverpb::LeaseGrantRequest& req) {
    return m_impl->unary<etcdserverpb::LeaseGrantResponse>(
        true,
        [&](Connection& c, grpc::ClientContext& ctx, auto& resp) { return c.lease->LeaseGrant(&ctx, req, &resp); });
}

etcdserverpb::LeaseRevokeResponse Session::lease_revoke(const etcdserverpb::LeaseRevokeRequest& req) {
    return m_impl->unary<etcdserverpb::LeaseRevokeResponse>(
        true,
        [&](Connection& c, grpc::ClientContext& ctx, auto& resp) { return c.lease->LeaseRevoke(&ctx, req, &resp); });
}

etcdserverpb::LeaseTimeToLiveResponse Session::lease_time_to_live(const etcdserverpb::LeaseTimeToLiveRequest& req) {
    return m_impl->unary<etcdserverpb::LeaseTimeToLiveResponse>(
        false, [&](Connection& c, grpc::ClientContext& ctx, auto& resp) {
            return c.lease->LeaseTimeToLive(&ctx, req, &resp);
        });
}

etcdserverpb::LeaseLeasesResponse Session::lease_leases(const etcdserverpb::LeaseLeasesRequest& req) {
    return m_impl->unary<etcdserverpb::LeaseLeasesResponse>(
        false,
        [&](Connection& c, grpc::ClientContext& ctx, auto& resp) { return c.lease->LeaseLeases(&ctx, req, &resp); });
}

std::unique_ptr<WatchStream> Session::watch(bool require_leader) {
    Connection& conn = m_impl->stream_connection();
    using S = GrpcStream<etcdserverpb::WatchRequest, etcdserverpb::WatchResponse>;
    return std::make_unique<S>(m_impl->stream_context(require_leader),
                               [&](grpc::ClientContext* ctx) { return conn.watch->Watch(ctx); });
}

std::unique_ptr<KeepAliveStream> Session::lease_keep_alive() {
    Connection& conn = m_impl->stream_connection();
    using S = GrpcStream<etcdserverpb::LeaseKeepAliveRequest, etcdserverpb::LeaseKeepAliveResponse>;
    return std::make_unique<S>(m_impl->stream_context(false),
                               [&](grpc::ClientContext* ctx) { return conn.lease->LeaseKeepAlive(ctx); });
}

size_t Session::endpoint_count() const {
    return m_impl->conns.size();
}

const SessionConfig& Session::config() const {
    return m_impl->config;
}

void Session::drop_connection() {
    if (m_impl->active >= 0) {
        m_impl->conns[static_cast<size_t>(m_impl->active)].failed = true;
    }
    m_impl->active = -1;
}

} // namespace ectl
