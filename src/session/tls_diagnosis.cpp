#include "session/tls_diagnosis.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <ctime>
#include <memory>

#include <fmt/format.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>

namespace ectl {
namespace {

using Clock = std::chrono::steady_clock;

struct SslCtxFree {
    void operator()(SSL_CTX* p) const { SSL_CTX_free(p); }
};
struct SslFree {
    void operator()(SSL* p) const { SSL_free(p); }
};
struct X509Free {
    void operator()(X509* p) const { X509_free(p); }
};

class Fd {
public:
    explicit Fd(int fd) : m_fd(fd) {}
    Fd(const Fd&) = delete;
    Fd& operator=(const Fd&) = delete;
    ~Fd() {
        if (m_fd >= 0) {
            ::close(m_fd);
        }
    }
    int get() const { return m_fd; }

private:
    int m_fd;
};

int millis_left(Clock::time_point deadline) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
    return static_cast<int>(std::clamp<long long>(left, 0, 60000));
}

// A connected TCP socket whose reads and writes time out at deadline, or -1.
int connect_within(const std::string& host, const std::string& port, Clock::time_point deadline) {
    addrinfo hints{};
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_NUMERICSERV;
    addrinfo* found = nullptr;
    if (::getaddrinfo(host.c_str(), port.c_str(), &hints, &found) != 0) {
        return -1;
    }
    std::unique_ptr<addrinfo, decltype(&::freeaddrinfo)> list(found, ::freeaddrinfo);
    for (const addrinfo* ai = found; ai != nullptr; ai = ai->ai_next) {
        int fd = ::socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC | SOCK_NONBLOCK, ai->ai_protocol);
        if (fd < 0) {
            continue;
        }
        pollfd p{fd, POLLOUT, 0};
        int err = 0;
        socklen_t len = sizeof err;
        bool connected = ::connect(fd, ai->ai_addr, ai->ai_addrlen) == 0 ||
                         (errno == EINPROGRESS && ::poll(&p, 1, millis_left(deadline)) == 1 &&
                          ::getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len) == 0 && err == 0);
        if (!connected) {
            ::close(fd);
            continue;
        }
        ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) & ~O_NONBLOCK);
        const int ms = std::max(millis_left(deadline), 1);
        timeval tv{ms / 1000, static_cast<suseconds_t>(ms % 1000) * 1000};
        ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
        ::setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
        return fd;
    }
    return -1;
}

std::string utc_time(const ASN1_TIME* t) {
    std::tm tm{};
    if (ASN1_TIME_to_tm(t, &tm) != 1) {
        return "?";
    }
    std::array<char, 32> text{};
    std::strftime(text.data(), text.size(), "%Y-%m-%d %H:%M:%S UTC", &tm);
    return text.data();
}

std::string issuer_name(X509* cert) {
    std::array<char, 256> name{};
    X509_NAME_oneline(X509_get_issuer_name(cert), name.data(), static_cast<int>(name.size()));
    return name.data();
}

// The server refused our certificate (or its absence): say what is wrong with it, from here.
std::string client_cert_rejected(const SessionConfig& config) {
    if (config.cert_file.empty()) {
        return "TLS handshake failed: the server requires a client certificate (use --cert and --key)";
    }
    std::unique_ptr<X509, X509Free> cert;
    if (FILE* f = std::fopen(config.cert_file.c_str(), "re")) {
        cert.reset(PEM_read_X509(f, nullptr, nullptr, nullptr));
        std::fclose(f);
    }
    std::string prefix =
        fmt::format("TLS handshake failed: the server rejected our client certificate {}", config.cert_file);
    if (!cert) {
        return prefix;
    }
    if (X509_cmp_current_time(X509_get0_notAfter(cert.get())) < 0) {
        return fmt::format("{}: it expired at {}", prefix, utc_time(X509_get0_notAfter(cert.get())));
    }
    if (X509_cmp_current_time(X509_get0_notBefore(cert.get())) > 0) {
        return fmt::format("{}: it is not valid before {}", prefix, utc_time(X509_get0_notBefore(cert.get())));
    }
    return fmt::format("{}: the server does not trust its issuer ({}), or it was revoked", prefix,
                       issuer_name(cert.get()));
}

std::string server_cert_failed(long verify_result, const SessionConfig& config, const Endpoint& ep) {
    const std::string prefix = "TLS handshake failed: the server's certificate";
    switch (verify_result) {
    case X509_V_ERR_CERT_HAS_EXPIRED:
        return prefix + " has expired";
    case X509_V_ERR_CERT_NOT_YET_VALID:
        return prefix + " is not valid yet";
    case X509_V_ERR_HOSTNAME_MISMATCH:
    case X509_V_ERR_IP_ADDRESS_MISMATCH:
        return fmt::format("{} is not valid for {}", prefix, ep.host);
    case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY:
    case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT:
    case X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT:
    case X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN:
    case X509_V_ERR_CERT_SIGNATURE_FAILURE:
        return config.ca_file.empty()
                   ? prefix + " is signed by an unknown authority (give its CA with --cacert)"
                   : fmt::format("{} is signed by an authority that --cacert {} does not hold", prefix, config.ca_file);
    default:
        return fmt::format("{} does not verify: {}", prefix, X509_verify_cert_error_string(verify_result));
    }
}

// What an alert (or the connection's end) during or just after the handshake means.
std::string handshake_failed(SSL* ssl, int ret, bool handshake_done, const SessionConfig& config, const Endpoint& ep) {
    const long verify = SSL_get_verify_result(ssl);
    if (!handshake_done && verify != X509_V_OK) {
        return server_cert_failed(verify, config, ep);
    }
    const int kind = SSL_get_error(ssl, ret);
    const unsigned long err = ERR_peek_last_error();
    const int reason = ERR_GET_REASON(err);
    const bool closed = kind == SSL_ERROR_SYSCALL || kind == SSL_ERROR_ZERO_RETURN ||
                        (kind == SSL_ERROR_SSL && reason == SSL_R_UNEXPECTED_EOF_WHILE_READING);
    if (reason == SSL_R_WRONG_VERSION_NUMBER || reason == SSL_R_PACKET_LENGTH_TOO_LONG || (!handshake_done && closed)) {
        return "connection closed during the TLS handshake: the server does not speak TLS (use http://)";
    }
    if (reason == SSL_R_SSLV3_ALERT_BAD_CERTIFICATE || reason == SSL_R_TLSV13_ALERT_CERTIFICATE_REQUIRED ||
        reason == SSL_R_TLSV1_ALERT_UNKNOWN_CA || reason == SSL_R_SSLV3_ALERT_CERTIFICATE_EXPIRED ||
        reason == SSL_R_SSLV3_ALERT_CERTIFICATE_REVOKED || reason == SSL_R_SSLV3_ALERT_UNSUPPORTED_CERTIFICATE ||
        (handshake_done && closed)) {
        return client_cert_rejected(config);
    }
    if (err != 0) {
        return fmt::format("TLS handshake failed: {}", ERR_reason_error_string(err));
    }
    return "";
}

std::unique_ptr<SSL_CTX, SslCtxFree> client_context(const SessionConfig& config) {
    std::unique_ptr<SSL_CTX, SslCtxFree> ctx(SSL_CTX_new(TLS_client_method()));
    if (!ctx) {
        return ctx;
    }
    if (config.insecure_skip_verify) {
        SSL_CTX_set_verify(ctx.get(), SSL_VERIFY_NONE, nullptr);
    } else {
        SSL_CTX_set_verify(ctx.get(), SSL_VERIFY_PEER, nullptr);
        if (config.ca_file.empty() ? SSL_CTX_set_default_verify_paths(ctx.get()) != 1
                                   : SSL_CTX_load_verify_locations(ctx.get(), config.ca_file.c_str(), nullptr) != 1) {
            ctx.reset();
            return ctx;
        }
    }
    if (!config.cert_file.empty() &&
        (SSL_CTX_use_certificate_chain_file(ctx.get(), config.cert_file.c_str()) != 1 ||
         SSL_CTX_use_PrivateKey_file(ctx.get(), config.key_file.c_str(), SSL_FILETYPE_PEM) != 1)) {
        ctx.reset();
        return ctx;
    }
    static const unsigned char k_h2[] = {2, 'h', '2'};
    SSL_CTX_set_alpn_protos(ctx.get(), k_h2, sizeof k_h2);
    return ctx;
}

// Names the server's certificate must match: the endpoint's host, or --discovery-srv's domain.
void expect_name(SSL* ssl, const Endpoint& ep, const SessionConfig& config) {
    const std::string& name = config.server_name.empty() ? ep.host : config.server_name;
    std::array<unsigned char, 16> addr{};
    const bool is_ip =
        ::inet_pton(AF_INET, name.c_str(), addr.data()) == 1 || ::inet_pton(AF_INET6, name.c_str(), addr.data()) == 1;
    if (is_ip) {
        X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(ssl), name.c_str());
    } else {
        // SSL_set_tlsext_host_name, without its macro's C cast.
        SSL_ctrl(ssl, SSL_CTRL_SET_TLSEXT_HOSTNAME, TLSEXT_NAMETYPE_host_name, const_cast<char*>(name.c_str()));
        SSL_set1_host(ssl, name.c_str());
    }
}

} // namespace

std::string diagnose_tls(const Endpoint& ep, const SessionConfig& config, std::chrono::milliseconds budget) {
    const auto colon = ep.authority.rfind(':');
    if (ep.target.rfind("unix", 0) == 0 || colon == std::string::npos) {
        return "";
    }
    const auto deadline = Clock::now() + budget;
    auto ctx = client_context(config);
    if (!ctx) {
        return "";
    }
    Fd fd(connect_within(ep.host, ep.authority.substr(colon + 1), deadline));
    if (fd.get() < 0) {
        return "";
    }
    std::unique_ptr<SSL, SslFree> ssl(SSL_new(ctx.get()));
    SSL_set_fd(ssl.get(), fd.get());
    expect_name(ssl.get(), ep, config);
    ERR_clear_error();
    int ret = SSL_connect(ssl.get());
    if (ret != 1) {
        return handshake_failed(ssl.get(), ret, false, config, ep);
    }
    // A server that refuses our certificate says so only now, after our half of the handshake.
    static const char k_preface[] = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n";
    SSL_write(ssl.get(), k_preface, sizeof k_preface - 1);
    std::array<char, 64> reply{};
    ERR_clear_error();
    ret = SSL_read(ssl.get(), reply.data(), static_cast<int>(reply.size()));
    if (ret > 0 || SSL_get_error(ssl.get(), ret) == SSL_ERROR_WANT_READ || errno == EAGAIN) {
        return ""; // the server talks to us: TLS is fine
    }
    return handshake_failed(ssl.get(), ret, true, config, ep);
}

} // namespace ectl
