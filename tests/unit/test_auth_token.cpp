// AuthToken against an in-process Auth service that answers as etcd does during a leader
// election: Authenticate goes through raft, so it fails with "leader changed" until one is elected.

#include <atomic>
#include <chrono>
#include <memory>
#include <string>

#include <catch2/catch.hpp>
#include <grpcpp/grpcpp.h>

#include "error.hpp"
#include "session/auth_token.hpp"
#include "session/credentials.hpp"
#include "session/endpoint.hpp"

using namespace ectl;

namespace {

// Fails the first `failures` calls with `error`, then grants "token-<n>".
class ElectingAuth final : public etcdserverpb::Auth::Service {
public:
    ElectingAuth(int failures, std::string error) : m_failures(failures), m_error(std::move(error)) {}

    grpc::Status Authenticate(grpc::ServerContext*, const etcdserverpb::AuthenticateRequest* req,
                              etcdserverpb::AuthenticateResponse* resp) override {
        int n = ++calls;
        if (n <= m_failures) {
            return {grpc::StatusCode::UNAVAILABLE, m_error};
        }
        if (req->password() != "pw") {
            return {grpc::StatusCode::INVALID_ARGUMENT,
                    "etcdserver: authentication failed, invalid user ID or password"};
        }
        resp->set_token("token-" + std::to_string(n));
        return grpc::Status::OK;
    }

    std::atomic<int> calls{0};

private:
    int m_failures;
    std::string m_error;
};

// A loopback server for one service, on a free port.
struct TestServer {
    explicit TestServer(grpc::Service& service) {
        grpc::ServerBuilder builder;
        builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(), &port);
        builder.RegisterService(&service);
        server = builder.BuildAndStart();
    }
    ~TestServer() { server->Shutdown(std::chrono::system_clock::now()); }
    TestServer(const TestServer&) = delete;
    TestServer& operator=(const TestServer&) = delete;

    int port = 0;
    std::unique_ptr<grpc::Server> server;
};

// Refreshes a token for `password` through the server, within `budget`.
void refresh(const TestServer& server, AuthToken& token, std::chrono::milliseconds budget) {
    SessionConfig config;
    Connection conn(parse_endpoint("127.0.0.1:" + std::to_string(server.port)));
    conn.open(config, make_credentials(config));
    token.refresh(conn, std::chrono::system_clock::now() + budget);
}

ExitStatus refresh_failure(const TestServer& server, AuthToken& token, std::chrono::milliseconds budget,
                           std::string& message) {
    try {
        refresh(server, token, budget);
    } catch (const Error& e) {
        message = e.what();
        return e.status();
    }
    FAIL("refresh succeeded");
    return ExitCode::success;
}

} // namespace

TEST_CASE("an election during authentication is waited out", "[auth]") {
    for (const char* error : {"etcdserver: leader changed", "etcdserver: no leader", "etcdserver: request timed out"}) {
        ElectingAuth auth(3, error);
        TestServer server(auth);
        AuthToken token(true, "root", "pw");
        refresh(server, token, std::chrono::seconds(5));
        CHECK(auth.calls == 4); // three refusals, then the token
    }
}

TEST_CASE("an election longer than the command timeout is a server error, not a bad connection", "[auth]") {
    ElectingAuth auth(1000, "etcdserver: leader changed");
    TestServer server(auth);
    AuthToken token(true, "root", "pw");
    std::string message;
    auto started = std::chrono::steady_clock::now();
    CHECK(refresh_failure(server, token, std::chrono::milliseconds(400), message) == ExitCode::error);
    CHECK(message == "etcdserver: leader changed");
    CHECK(std::chrono::steady_clock::now() - started < std::chrono::seconds(2));
    CHECK(auth.calls >= 2);
}

TEST_CASE("a wrong password is not retried", "[auth]") {
    ElectingAuth auth(0, "");
    TestServer server(auth);
    AuthToken token(true, "root", "wrong");
    std::string message;
    CHECK(refresh_failure(server, token, std::chrono::seconds(5), message) == ExitCode::bad_connection);
    CHECK(message == "etcdserver: authentication failed, invalid user ID or password");
    CHECK(auth.calls == 1);
}
