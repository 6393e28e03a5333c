// The pure parts of the recipes: -w jsonl records, conditional writes, wait's condition state,
// TTL flags and range descriptions.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "concurrency/key_condition.hpp"
#include "error.hpp"
#include "error_text.hpp"
#include "key_range.hpp"
#include "output/json_record.hpp"
#include "output/printer.hpp"
#include "parse.hpp"
#include "write_conditions.hpp"

using namespace ectl;
using ectl::test::bad_args_message;

namespace {

mvccpb::KeyValue kv(const std::string& key, const std::string& value, int64_t mod = 4, int64_t lease = 0) {
    mvccpb::KeyValue k;
    k.set_key(key);
    k.set_value(value);
    k.set_create_revision(2);
    k.set_mod_revision(mod);
    k.set_version(3);
    k.set_lease(lease);
    return k;
}

std::string jsonl(const std::function<void(Printer&)>& fn) {
    StringSink sink;
    auto p = make_printer("jsonl", {}, sink);
    fn(*p);
    return sink.text();
}

etcdserverpb::WatchResponse events(std::initializer_list<std::pair<mvccpb::Event::EventType, mvccpb::KeyValue>> evs) {
    etcdserverpb::WatchResponse resp;
    for (const auto& [type, k] : evs) {
        auto* ev = resp.add_events();
        ev->set_type(type);
        *ev->mutable_kv() = k;
    }
    return resp;
}

} // namespace

TEST_CASE("jsonl: a key is decoded text, or base64 when it is not UTF-8; lease IDs are hex") {
    CHECK(kv_object(kv("a", "1")) == R"({"key":"a","value":"1","create_revision":2,"mod_revision":4,"version":3})");
    auto text = kv_object(kv(std::string("b\xff", 2), "\xe2\x82\xac<", 4, 0x694d7a6a1a0c2b0a));
    CHECK(text == R"({"key_base64":"Yv8=","value":"€\u003c","create_revision":2,"mod_revision":4,"version":3,)"
                  R"("lease":"694d7a6a1a0c2b0a"})");
    auto parsed = nlohmann::json::parse(text);
    CHECK(parsed["value"] == "\xe2\x82\xac<");
    CHECK(parsed["lease"] == "694d7a6a1a0c2b0a");
    CHECK_FALSE(is_valid_utf8(std::string("\xed\xa0\x80", 3))); // a surrogate
    CHECK(is_valid_utf8("\xef\xbf\xbd"));                       // U+FFFD itself is fine
}

TEST_CASE("jsonl: one record per key, per write, per event, per lease") {
    etcdserverpb::RangeResponse range;
    *range.add_kvs() = kv("a", "1");
    *range.add_kvs() = kv("b", "2");
    auto lines = jsonl([&](Printer& p) { p.get(range); });
    CHECK(std::count(lines.begin(), lines.end(), '\n') == 2);

    etcdserverpb::PutResponse put;
    put.mutable_header()->set_revision(9);
    *put.mutable_prev_kv() = kv("a", "0");
    CHECK(jsonl([&](Printer& p) { p.put(put); }) ==
          R"({"revision":9,"prev_kv":{"key":"a","value":"0","create_revision":2,"mod_revision":4,"version":3}})"
          "\n");
    etcdserverpb::LeaseGrantResponse grant;
    grant.set_id(0x694d7a6a1a0c2b0a);
    grant.set_ttl(30);
    put.clear_prev_kv();
    CHECK(jsonl([&](Printer& p) { p.put_leased(put, grant); }) ==
          "{\"revision\":9,\"lease\":\"694d7a6a1a0c2b0a\",\"ttl\":30}\n");
    CHECK(jsonl([&](Printer& p) { p.lease_grant(grant); }) == "{\"id\":\"694d7a6a1a0c2b0a\",\"ttl\":30}\n");

    auto watch = events({{mvccpb::Event::PUT, kv("a", "1")}, {mvccpb::Event::DELETE, kv("b", "")}});
    lines = jsonl([&](Printer& p) { p.watch(watch); });
    CHECK(lines.rfind("{\"type\":\"PUT\",\"key\":\"a\",", 0) == 0);
    CHECK(lines.find("\n{\"type\":\"DELETE\",\"key\":\"b\",") != std::string::npos);

    etcdserverpb::WatchResponse progress;
    progress.mutable_header()->set_revision(12);
    CHECK(jsonl([&](Printer& p) { p.watch_progress(progress); }) == "{\"type\":\"progress\",\"revision\":12}\n");
    CHECK(jsonl([](Printer& p) { p.watch_reconnected(13); }) == "{\"type\":\"reconnected\",\"revision\":13}\n");
    etcdserverpb::WatchResponse compacted;
    compacted.set_canceled(true);
    compacted.set_compact_revision(7);
    CHECK(jsonl([&](Printer& p) { p.watch(compacted); }) == "{\"type\":\"compacted\",\"compact_revision\":7}\n");
}

TEST_CASE("the other formats print a put --ttl as a put, json adds the lease in hex") {
    etcdserverpb::PutResponse put;
    put.mutable_header()->set_revision(9);
    etcdserverpb::LeaseGrantResponse grant;
    grant.set_id(0x10);
    grant.set_ttl(5);
    StringSink sink;
    make_printer("simple", {}, sink)->put_leased(put, grant);
    CHECK(sink.text() == "OK\n");
    StringSink json;
    make_printer("json", {}, json)->put_leased(put, grant);
    CHECK(json.text() == "{\"header\":{\"revision\":9},\"lease\":\"0000000000000010\",\"ttl\":5}\n");
}

TEST_CASE("a conditional write is one txn: compares, the write, else a read of the key") {
    WriteConditionFlags flags;
    flags.if_mod_rev = "7";
    flags.if_value = "";
    WriteConditions c = parse_write_conditions(flags);
    etcdserverpb::RequestOp op;
    op.mutable_request_put()->set_key("k");
    auto txn = make_conditional_txn("k", c, op);
    REQUIRE(txn.compare_size() == 2);
    CHECK(txn.compare(0).target() == etcdserverpb::Compare::MOD);
    CHECK(txn.compare(0).mod_revision() == 7);
    CHECK(txn.compare(1).target() == etcdserverpb::Compare::VALUE);
    CHECK(txn.compare(1).value().empty()); // --if-value "" compares with the empty value
    CHECK(txn.success(0).has_request_put());
    CHECK(txn.failure(0).request_range().key() == "k");

    WriteConditionFlags absent;
    absent.if_absent = true;
    txn = make_conditional_txn("k", parse_write_conditions(absent), op);
    CHECK(txn.compare(0).target() == etcdserverpb::Compare::CREATE);
    CHECK(txn.compare(0).create_revision() == 0);

    absent.if_value = "x";
    CHECK(bad_args_message([&] { parse_write_conditions(absent); }).find("--if-absent cannot be combined") == 0);
    WriteConditionFlags negative;
    negative.if_mod_rev = "-1";
    CHECK(bad_args_message([&] { parse_write_conditions(negative); }) ==
          "invalid argument \"-1\" for \"--if-mod-rev\" flag: must not be negative");
}

TEST_CASE("a failed condition says what the key is") {
    etcdserverpb::TxnResponse found;
    *found.add_responses()->mutable_response_range()->add_kvs() = kv("a", "5", 19);
    etcdserverpb::TxnResponse none;
    none.add_responses()->mutable_response_range();
    WriteConditions absent;
    absent.if_absent = true;
    CHECK(compare_failure("a", absent, found) == "compare failed: key \"a\" exists (mod_revision 19)");
    WriteConditions rev;
    rev.if_mod_rev = 17;
    CHECK(compare_failure("a", rev, found) == "compare failed: key \"a\" has mod_revision 19, not 17");
    CHECK(compare_failure("a", rev, none) == "compare failed: key \"a\" does not exist (wanted mod_revision 17)");
    WriteConditions value;
    value.if_value = "3";
    CHECK(compare_failure("a", value, found) ==
          "compare failed: key \"a\" has value \"5\" (mod_revision 19), not \"3\"");
    CHECK(compare_failure("a", value, none) == "compare failed: key \"a\" does not exist (wanted value \"3\")");
    *found.mutable_responses(0)->mutable_response_range()->mutable_kvs(0)->mutable_value() = std::string(100, 'x');
    CHECK(compare_failure("a", value, found).find("... (100 bytes)") != std::string::npos);
}

TEST_CASE("wait's condition follows the read and then the events") {
    KeyConditionState exists({KeyCondition::Kind::exists, ""});
    etcdserverpb::RangeResponse empty;
    exists.reset(empty);
    CHECK_FALSE(exists.holds());
    exists.apply(events({{mvccpb::Event::PUT, kv("p/a", "1")}}));
    CHECK_FALSE(exists.holds()); // version 3: an update of a key that existed, so not a create...
    auto created = kv("p/b", "1");
    created.set_version(1);
    exists.reset(empty);
    exists.apply(events({{mvccpb::Event::PUT, created}}));
    CHECK(exists.holds());
    CHECK(exists.witness()->key() == "p/b");

    KeyConditionState absent({KeyCondition::Kind::absent, ""});
    etcdserverpb::RangeResponse two;
    two.set_count(2);
    *two.add_kvs() = kv("p/a", "1");
    absent.reset(two);
    CHECK_FALSE(absent.holds());
    absent.apply(events({{mvccpb::Event::DELETE, kv("p/a", "")}}));
    CHECK_FALSE(absent.holds());
    absent.apply(events({{mvccpb::Event::DELETE, kv("p/b", "")}}));
    CHECK(absent.holds());
    CHECK_FALSE(absent.witness());

    KeyConditionState value({KeyCondition::Kind::value, "done"});
    CHECK(value.read_request("k", "").limit() == 1000); // values matter: pages of keys are read
    value.reset(empty);
    value.apply(events({{mvccpb::Event::PUT, kv("k", "50%")}}));
    CHECK_FALSE(value.holds());
    // One response may carry many revisions: the condition is checked after each of them.
    CHECK(value.apply(events({{mvccpb::Event::PUT, kv("k", "done", 5)}, {mvccpb::Event::PUT, kv("k", "again", 6)}})));
    CHECK(value.header().revision() == 5);
    CHECK(value.witness()->value() == "done");
    value.reset(empty);
    // Within one revision (a txn) only the end state counts.
    CHECK_FALSE(value.apply(events({{mvccpb::Event::PUT, kv("k", "done", 7)},
                                    {mvccpb::Event::PUT, kv("k2", "x", 7)},
                                    {mvccpb::Event::DELETE, kv("k", "", 7)}})));
    CHECK_FALSE(value.holds());
    value.apply(events({{mvccpb::Event::PUT, kv("k", "done")}}));
    CHECK(value.holds());
    CHECK(value.witness()->value() == "done");
    CHECK(KeyCondition{KeyCondition::Kind::value, "done"}.describe() == "to have value \"done\"");
}

TEST_CASE("TTL flags take a duration or whole seconds, at least one second") {
    CHECK(parse_ttl_seconds("ttl", "10") == 10);
    CHECK(parse_ttl_seconds("ttl", "10s") == 10);
    CHECK(parse_ttl_seconds("ttl", "1m30s") == 90);
    CHECK(parse_ttl_seconds("ttl", "1.2s") == 2); // leases are whole seconds: rounded up
    CHECK(bad_args_message([] { parse_ttl_seconds("ttl", "0"); }) ==
          "invalid argument \"0\" for \"--ttl\" flag: a lease lasts at least 1s");
    CHECK(bad_args_message([] { parse_ttl_seconds("ttl", "abc"); }).find("invalid argument \"abc\" for \"--ttl\"") ==
          0);
}

TEST_CASE("messages name a key range the way it was asked for") {
    CHECK(describe_range("a", "") == "key \"a\"");
    CHECK(describe_range("app/", prefix_range_end("app/")) == "prefix \"app/\"");
    CHECK(describe_range("a", std::string(1, '\0')) == "keys from \"a\"");
    CHECK(describe_range(std::string(1, '\0'), std::string(1, '\0')) == "all keys");
    CHECK(describe_range("a", "e") == "range [\"a\", \"e\")");
}
