#include <catch2/catch.hpp>

#include "error.hpp"
#include "output/go_json.hpp"
#include "output/printer.hpp"
#include "range_pager.hpp"

using namespace ectl;

namespace {

etcdserverpb::ResponseHeader header() {
    etcdserverpb::ResponseHeader h;
    h.set_cluster_id(14841639068965178418ULL);
    h.set_member_id(10276657743932975437ULL);
    h.set_revision(5);
    h.set_raft_term(2);
    return h;
}

etcdserverpb::RangeResponse sample_range() {
    etcdserverpb::RangeResponse r;
    *r.mutable_header() = header();
    auto* kv = r.add_kvs();
    kv->set_key("foo");
    kv->set_value(std::string("b\xff\n", 3));
    kv->set_create_revision(2);
    kv->set_mod_revision(4);
    kv->set_version(3);
    kv->set_lease(7587869102325637412);
    r.set_count(1);
    return r;
}

std::string render(const std::string& format, const std::function<void(Printer&)>& fn, PrintOptions o = {}) {
    StringSink sink;
    auto p = make_printer(format, o, sink);
    fn(*p);
    return sink.text();
}

} // namespace

TEST_CASE("simple printer") {
    auto r = sample_range();
    CHECK(render("simple", [&](Printer& p) { p.get(r); }) == std::string("foo\nb\xff\n\n", 8));
    PrintOptions hex;
    hex.hex = true;
    CHECK(render(
              "simple", [&](Printer& p) { p.get(r); }, hex) == "\\x66\\x6f\\x6f\n\\x62\\xff\\x0a\n");
    PrintOptions value_only;
    value_only.value_only = true;
    CHECK(render(
              "simple", [&](Printer& p) { p.get(r); }, value_only) == std::string("b\xff\n\n", 4));

    etcdserverpb::PutResponse put;
    *put.mutable_prev_kv() = r.kvs(0);
    CHECK(render("simple", [&](Printer& p) { p.put(put); }) == std::string("OK\nfoo\nb\xff\n\n", 11));
    etcdserverpb::DeleteRangeResponse del;
    del.set_deleted(2);
    CHECK(render("simple", [&](Printer& p) { p.del(del); }) == "2\n");
}

TEST_CASE("json printer writes what Go's encoding/json writes") {
    auto r = sample_range();
    CHECK(render("json", [&](Printer& p) { p.get(r); }) ==
          "{\"header\":{\"cluster_id\":14841639068965178418,\"member_id\":10276657743932975437,\"revision\":5,"
          "\"raft_term\":2},\"kvs\":[{\"key\":\"Zm9v\",\"create_revision\":2,\"mod_revision\":4,\"version\":3,"
          "\"value\":\"Yv8K\",\"lease\":7587869102325637412}],\"count\":1}\n");
    etcdserverpb::RangeResponse empty;
    *empty.mutable_header() = header();
    CHECK(render("json", [&](Printer& p) { p.get(empty); }) ==
          "{\"header\":{\"cluster_id\":14841639068965178418,\"member_id\":10276657743932975437,\"revision\":5,"
          "\"raft_term\":2}}\n");
    etcdserverpb::DeleteRangeResponse del;
    *del.mutable_header() = header();
    CHECK(render("json", [&](Printer& p) { p.del(del); }).find("\"deleted\"") == std::string::npos);
}

TEST_CASE("Go JSON string escaping") {
    std::string out;
    append_go_json_string(out, std::string("<a&b>\"\\\n\t\x01\xff\xe2\x80\xa8\xc3\xa9", 16));
    CHECK(out == "\"\\u003ca\\u0026b\\u003e\\\"\\\\\\n\\t\\u0001\\ufffd\\u2028\xc3\xa9\"");
}

TEST_CASE("fields printer") {
    auto r = sample_range();
    CHECK(render("fields", [&](Printer& p) { p.get(r); }) ==
          "\"ClusterID\" : 14841639068965178418\n\"MemberID\" : 10276657743932975437\n\"Revision\" : 5\n"
          "\"RaftTerm\" : 2\n\"Key\" : \"foo\"\n\"CreateRevision\" : 2\n\"ModRevision\" : 4\n\"Version\" : 3\n"
          "\"Value\" : \"b\\xff\\n\"\n\"Lease\" : 7587869102325637412\n\"More\" : false\n\"Count\" : 1\n");
}

TEST_CASE("protobuf printer streams a range byte-identically") {
    auto r = sample_range();
    r.set_more(true);
    CHECK(render("protobuf", [&](Printer& p) { p.get(r); }) == r.SerializeAsString());
}

TEST_CASE("unsupported formats fail from one place with exit 4") {
    auto r = sample_range();
    try {
        render("table", [&](Printer& p) { p.get(r); });
        FAIL("table should not print a range");
    } catch (const Error& e) {
        CHECK(e.status() == ExitCode::bad_feature);
        CHECK(std::string(e.what()) == "table not supported as output format");
    }
    StringSink sink;
    CHECK_THROWS_AS(make_printer("yaml", {}, sink), Error);
}

TEST_CASE("only key-ordered ranges are paged") {
    etcdserverpb::RangeRequest req;
    req.set_key("a");
    CHECK_FALSE(range_is_pageable(req));
    req.set_range_end("b");
    CHECK(range_is_pageable(req));
    req.set_limit(10);
    CHECK_FALSE(range_is_pageable(req));
    req.set_limit(0);
    req.set_sort_target(etcdserverpb::RangeRequest::VALUE);
    CHECK_FALSE(range_is_pageable(req));
}
