#include <catch2/catch.hpp>

#include "error.hpp"
#include "kv_requests.hpp"

using namespace ectl;
using etcdserverpb::RangeRequest;

static ExitStatus code_of(const std::function<void()>& fn) {
    try {
        fn();
    } catch (const Error& e) {
        return e.status();
    }
    return ExitCode::success;
}

TEST_CASE("put request") {
    PutOptions o;
    o.args = {"k", "v"};
    o.lease = "1f";
    o.prev_kv = true;
    auto req = make_put_request(o, nullptr);
    CHECK(req.key() == "k");
    CHECK(req.value() == "v");
    CHECK(req.lease() == 0x1f);
    CHECK(req.prev_kv());
    CHECK_FALSE(put_needs_stdin(o));

    PutOptions from_stdin;
    from_stdin.args = {"k"};
    CHECK(put_needs_stdin(from_stdin));
    std::string value("a\0b\n", 4);
    CHECK(make_put_request(from_stdin, &value).value() == value);
    std::string empty;
    CHECK(code_of([&] { make_put_request(from_stdin, &empty); }) == ExitCode::bad_args);
}

TEST_CASE("put rejects bad input before any RPC") {
    auto with = [](std::vector<std::string> args, std::function<void(PutOptions&)> tweak = {}) {
        PutOptions o;
        o.args = std::move(args);
        if (tweak) {
            tweak(o);
        }
        return code_of([&] { make_put_request(o, nullptr); });
    };
    CHECK(with({}) == ExitCode::bad_args);
    CHECK(with({"k", "v", "extra"}) == ExitCode::bad_args);
    CHECK(with({"", "v"}) == ExitCode::bad_args);
    CHECK(with({"k", "v"}, [](PutOptions& o) { o.lease = "zz"; }) == ExitCode::bad_args);
    CHECK(with({"k", "v"}, [](PutOptions& o) { o.lease = "-1"; }) == ExitCode::bad_args);
    CHECK(with({"k", "v"}, [](PutOptions& o) { o.ignore_value = true; }) == ExitCode::bad_args);
    CHECK(with({"k"}, [](PutOptions& o) { o.ignore_value = true; }) == ExitCode::success);
}

TEST_CASE("get request") {
    GetOptions o;
    o.args = {"foo"};
    o.prefix = true;
    o.limit = "10";
    o.rev = "5";
    o.sort_by = "modify";
    o.order = "descend";
    o.keys_only = true;
    o.consistency = "s";
    auto req = make_get_request(o);
    CHECK(req.key() == "foo");
    CHECK(req.range_end() == "fop");
    CHECK(req.limit() == 10);
    CHECK(req.revision() == 5);
    CHECK(req.sort_target() == RangeRequest::MOD);
    CHECK(req.sort_order() == RangeRequest::DESCEND);
    CHECK(req.keys_only());
    CHECK(req.serializable());

    GetOptions ascend;
    ascend.args = {"a", "b"};
    ascend.order = "ASCEND";
    CHECK(make_get_request(ascend).sort_order() == RangeRequest::NONE);
}

TEST_CASE("get validation order and exit codes match etcdctl") {
    auto with = [](std::function<void(GetOptions&)> tweak) {
        GetOptions o;
        o.args = {"k"};
        tweak(o);
        return code_of([&] { make_get_request(o); });
    };
    CHECK(with([](GetOptions& o) { o.args.clear(); }) == ExitCode::bad_args);
    CHECK(with([](GetOptions& o) { o.args = {"a", "b", "c"}; }) == ExitCode::bad_args);
    CHECK(with([](GetOptions& o) { o.rev = "-1"; }) == ExitCode::bad_args);
    CHECK(with([](GetOptions& o) { o.limit = "-1"; }) == ExitCode::bad_args);
    CHECK(with([](GetOptions& o) { o.rev = "abc"; }) == ExitCode::bad_args);
    CHECK(with([](GetOptions& o) { o.sort_by = "FOO"; }) == ExitCode::bad_feature);
    CHECK(with([](GetOptions& o) { o.order = "UP"; }) == ExitCode::bad_feature);
    CHECK(with([](GetOptions& o) { o.consistency = "x"; }) == ExitCode::bad_feature);
    CHECK(with([](GetOptions& o) {
              o.prefix = true;
              o.from_key = true;
          }) == ExitCode::bad_args);
    CHECK(with([](GetOptions& o) {
              o.args = {"a", "b"};
              o.prefix = true;
          }) == ExitCode::bad_args);
}

TEST_CASE("del request") {
    DelOptions o;
    o.args = {""};
    o.prefix = true;
    o.prev_kv = true;
    auto req = make_del_request(o);
    CHECK(req.key() == std::string(1, '\0'));
    CHECK(req.range_end() == std::string(1, '\0'));
    CHECK(req.prev_kv());
    DelOptions too_many;
    too_many.args = {"a", "b", "c"};
    CHECK(code_of([&] { make_del_request(too_many); }) == ExitCode::bad_args);
}
