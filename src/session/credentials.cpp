#include "session/credentials.hpp"

#include <fstream>
#include <sstream>
#include <vector>

#include <fmt/format.h>
#include <grpcpp/security/tls_certificate_verifier.h>
#include <grpcpp/security/tls_credentials_options.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include "error.hpp"
#include "session/dialer.hpp"

namespace ectl {
namespace {

std::string read_file_or_throw(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        throw_bad_args(fmt::format("open {}: no such file or directory", path));
    }
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

// Go's tls.X509KeyPair checks, before gRPC would fail with a vaguer handshake error.
void check_key_pair(const std::string& cert, const std::string& key) {
    BIO* cbio = BIO_new_mem_buf(cert.data(), static_cast<int>(cert.size()));
    BIO* kbio = BIO_new_mem_buf(key.data(), static_cast<int>(key.size()));
    X509* x = PEM_read_bio_X509(cbio, nullptr, nullptr, nullptr);
    EVP_PKEY* k = PEM_read_bio_PrivateKey(kbio, nullptr, nullptr, nullptr);
    bool parsed = x != nullptr && k != nullptr;
    bool ok = parsed && X509_check_private_key(x, k) == 1;
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

// --insecure-skip-tls-verify: encrypt, but accept any server certificate and name.
std::shared_ptr<grpc::ChannelCredentials> unverified_tls(const std::string& cert, const std::string& key) {
    grpc::experimental::TlsChannelCredentialsOptions opts;
    opts.set_verify_server_certs(false);
    opts.set_check_call_host(false);
    opts.set_certificate_verifier(std::make_shared<grpc::experimental::NoOpCertificateVerifier>());
    if (!cert.empty()) {
        opts.set_certificate_provider(std::make_shared<grpc::experimental::StaticDataCertificateProvider>(
            std::vector<grpc::experimental::IdentityKeyCertPair>{{key, cert}}));
        opts.watch_identity_key_cert_pairs();
    }
    return grpc::experimental::TlsCredentials(opts);
}

// gRPC takes any text as roots and fails later as "empty address list": check the bundle here.
void check_ca_bundle(const std::string& path, const std::string& pem) {
    BIO* bio = BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size()));
    X509* first = PEM_read_bio_X509(bio, nullptr, nullptr, nullptr);
    const bool found = first != nullptr;
    X509_free(first);
    BIO_free(bio);
    ERR_clear_error();
    if (!found) {
        const bool key = pem.find("PRIVATE KEY-----") != std::string::npos;
        throw_bad_args(fmt::format("--cacert {}: no PEM certificate in the file{}", path,
                                   key ? " (it holds a private key: give the CA's certificate)" : ""));
    }
}

} // namespace

Credentials make_credentials(const SessionConfig& config) {
    prepare_grpc(); // the first credentials object initialises gRPC
    Credentials creds;
    creds.plain = grpc::InsecureChannelCredentials();
    if (config.cert_file.empty() != config.key_file.empty()) {
        throw_bad_args(fmt::format("KeyFile and CertFile must both be present[key: {}, cert: {}]", config.key_file,
                                   config.cert_file));
    }
    std::string ca = config.ca_file.empty() ? "" : read_file_or_throw(config.ca_file);
    if (!config.ca_file.empty()) {
        check_ca_bundle(config.ca_file, ca);
    }
    std::string cert = config.cert_file.empty() ? "" : read_file_or_throw(config.cert_file);
    std::string key = config.key_file.empty() ? "" : read_file_or_throw(config.key_file);
    if (!cert.empty()) {
        check_key_pair(cert, key);
    }
    if (config.insecure_skip_verify) {
        creds.tls = unverified_tls(cert, key);
        return creds;
    }
    grpc::SslCredentialsOptions ssl;
    ssl.pem_root_certs = ca;
    ssl.pem_private_key = key;
    ssl.pem_cert_chain = cert;
    creds.tls = grpc::SslCredentials(ssl);
    return creds;
}

bool uses_tls(const Endpoint& ep, const SessionConfig& config) {
    if (ep.has_scheme) {
        return ep.tls;
    }
    return !config.cert_file.empty() || !config.key_file.empty() || !config.ca_file.empty() ||
           !config.insecure_transport;
}

} // namespace ectl
