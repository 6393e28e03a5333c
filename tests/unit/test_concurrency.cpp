#include <catch2/catch.hpp>

#include <unistd.h>

#include <cstdlib>
#include <string>

#include "child_process.hpp"
#include "concurrency/key_wait.hpp"
#include "concurrency/lease_session.hpp"
#include "concurrency/mutex.hpp"
#include "concurrency/turn.hpp"
#include "error.hpp"

using namespace ectl;
using std::chrono::milliseconds;

TEST_CASE("lock keys are <name>/<lease id in hex> like etcdctl's") {
    CHECK(queue_key("L/", 0x694d7a1b2c3d4e5f) == "L/694d7a1b2c3d4e5f");
    CHECK(queue_key("a/b/", 0x1f) == "a/b/1f");
}

TEST_CASE("create-order ranges: first or last key under the prefix") {
    auto first = make_create_order_request("L/", false, 0);
    CHECK(first.key() == "L/");
    CHECK(first.range_end() == "L0");
    CHECK(first.sort_target() == etcdserverpb::RangeRequest::CREATE);
    CHECK(first.sort_order() == etcdserverpb::RangeRequest::ASCEND);
    CHECK(first.limit() == 1);
    CHECK(first.max_create_revision() == 0);
    auto last = make_create_order_request("L/", true, 41);
    CHECK(last.sort_order() == etcdserverpb::RangeRequest::DESCEND);
    CHECK(last.max_create_revision() == 41);
}

TEST_CASE("the lock txn is clientv3's Mutex.Lock txn") {
    auto txn = make_lock_txn("L/", "L/1f", 0x1f);
    REQUIRE(txn.compare_size() == 1);
    CHECK(txn.compare(0).key() == "L/1f");
    CHECK(txn.compare(0).target() == etcdserverpb::Compare::CREATE);
    CHECK(txn.compare(0).result() == etcdserverpb::Compare::EQUAL);
    CHECK(txn.compare(0).create_revision() == 0);
    REQUIRE(txn.success_size() == 2);
    CHECK(txn.success(0).request_put().key() == "L/1f");
    CHECK(txn.success(0).request_put().value().empty());
    CHECK(txn.success(0).request_put().lease() == 0x1f);
    CHECK(txn.success(1).request_range().key() == "L/");
    CHECK(txn.success(1).request_range().sort_target() == etcdserverpb::RangeRequest::CREATE);
    REQUIRE(txn.failure_size() == 2);
    CHECK(txn.failure(0).request_range().key() == "L/1f");
    CHECK(txn.failure(0).request_range().range_end().empty());
    CHECK(txn.failure(1).request_range().limit() == 1);
}

TEST_CASE("--ttl must be a positive number of seconds") {
    CHECK(parse_session_ttl("10") == 10);
    for (const char* bad : {"0", "-5", "abc", "1.5", ""}) {
        try {
            parse_session_ttl(bad);
            FAIL(bad);
        } catch (const Error& e) {
            CHECK(e.status() == ExitCode::bad_args);
            CHECK(std::string(e.what()).find("\"--ttl\" flag") != std::string::npos);
        }
    }
}

TEST_CASE("commands are resolved like execvp, with the shell's statuses") {
    auto sh = resolve_command("sh");
    CHECK(sh.status == ExitCode::success);
    CHECK(sh.path.find("/sh") != std::string::npos);
    CHECK(resolve_command("/bin/sh").path == "/bin/sh");
    auto missing = resolve_command("no-such-command-ectl");
    CHECK(missing.status == ExitCode::command_not_found);
    CHECK(missing.error == "exec: \"no-such-command-ectl\": executable file not found in $PATH");
    auto absent = resolve_command("/nonexistent/x");
    CHECK(absent.status == ExitCode::command_not_found);
    CHECK(absent.error == "fork/exec /nonexistent/x: no such file or directory");
    char plain[] = "/tmp/ectl-unit-XXXXXX";
    int fd = mkstemp(plain); // mode 0600: not executable
    REQUIRE(fd >= 0);
    close(fd);
    CHECK(resolve_command(plain).status == ExitCode::cannot_execute);
    unlink(plain);
    CHECK(resolve_command("/").status == ExitCode::cannot_execute);
}
