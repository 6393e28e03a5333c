#include <catch2/catch.hpp>

#include "error.hpp"
#include "output/field_lines.hpp"
#include "output/go_json.hpp"
#include "output/printer.hpp"
#include "output/text_table.hpp"

using namespace ectl;

namespace {

// What etcdctl 3.4.23 printed for `member list -w table` and `endpoint status -w table`.
const char* const k_member_table =
    "+------------------+---------+---------+------------------------+------------------------+------------+\n"
    "|        ID        | STATUS  |  NAME   |       PEER ADDRS       |      CLIENT ADDRS      | IS LEARNER |\n"
    "+------------------+---------+---------+------------------------+------------------------+------------+\n"
    "| bdae9bbc11dd390d | started | default | http://127.0.0.1:23801 | http://127.0.0.1:23791 |      false |\n"
    "+------------------+---------+---------+------------------------+------------------------+------------+\n";

const char* const k_status_table =
    "+-----------------+------------------+---------+---------+-----------+------------+-----------+------------+"
    "--------------------+--------+\n"
    "|    ENDPOINT     |        ID        | VERSION | DB SIZE | IS LEADER | IS LEARNER | RAFT TERM | RAFT INDEX | "
    "RAFT APPLIED INDEX | ERRORS |\n"
    "+-----------------+------------------+---------+---------+-----------+------------+-----------+------------+"
    "--------------------+--------+\n"
    "| 127.0.0.1:23791 | bdae9bbc11dd390d |  3.4.23 |   20 kB |      true |      false |         2 |          6 | "
    "                 6 |        |\n"
    "+-----------------+------------------+---------+---------+-----------+------------+-----------+------------+"
    "--------------------+--------+\n";

// A response type of a command that is not a protobuf message.
struct Pair {
    std::string name;
    int64_t value;
};

void pair_simple(const Pair& p, Sink& out) {
    out.write(p.name + ", " + std::to_string(p.value) + "\n");
}
void pair_fields(const Pair& p, FieldLines& lines) {
    lines.quoted("Name", p.name);
    lines.line("Value", p.value);
}
TextTable pair_table(const Pair& p) {
    TextTable t({"name", "value"});
    t.add_row({p.name, std::to_string(p.value)});
    return t;
}
void pair_json(const Pair& p, std::string& text) {
    text += "{\"Name\":";
    append_go_json_string(text, p.name);
    text += ",\"Value\":" + std::to_string(p.value) + "}";
}

std::string print_in(const std::string& format, const std::function<void(Printer&)>& fn) {
    StringSink sink;
    auto printer = make_printer(format, PrintOptions{}, sink);
    fn(*printer);
    return sink.text();
}

ExitStatus failure_of(const std::function<void()>& fn) {
    try {
        fn();
    } catch (const Error& e) {
        return e.status();
    }
    return ExitCode::success;
}

} // namespace

TEST_CASE("text tables look exactly like etcdctl's") {
    TextTable members({"ID", "Status", "Name", "Peer Addrs", "Client Addrs", "Is Learner"});
    members.add_row(
        {"bdae9bbc11dd390d", "started", "default", "http://127.0.0.1:23801", "http://127.0.0.1:23791", "false"});
    CHECK(members.render() == k_member_table);
    TextTable status({"endpoint", "ID", "version", "db size", "is leader", "is learner", "raft term", "raft index",
                      "raft applied index", "errors"});
    status.add_row({"127.0.0.1:23791", "bdae9bbc11dd390d", "3.4.23", "20 kB", "true", "false", "2", "6", "6", ""});
    CHECK(status.render() == k_status_table);
}

TEST_CASE("cells wider than 30 columns wrap at spaces like tablewriter") {
    CHECK(wrap_words("short text", 30) == std::vector<std::string>{"short text"});
    CHECK(wrap_words("aaaa bbbb cccc", 9) == std::vector<std::string>{"aaaa bbbb", "cccc"});
    CHECK(wrap_words("aaaa bbbb cccc", 8) == std::vector<std::string>{"aaaa", "bbbb", "cccc"});
    CHECK(wrap_words("aa bb cc dd", 5) == std::vector<std::string>{"aa bb", "cc dd"});
    // A word longer than the limit raises the limit instead of being cut.
    CHECK(wrap_words("abcdefghij k", 4) == std::vector<std::string>{"abcdefghij", "k"});
    TextTable t({"errors"});
    t.add_row({"alarm:NOSPACE, memberID:1234567890 alarm:CORRUPT"});
    const std::string rule = "+" + std::string(32, '-') + "+\n";
    CHECK(t.render() == rule + "|" + std::string(13, ' ') + "ERRORS" + std::string(13, ' ') + "|\n" + rule + "| " +
                            std::string(16, ' ') + "alarm:NOSPACE, |\n" + "| " + std::string(11, ' ') +
                            "memberID:1234567890 |\n" + "| " + std::string(17, ' ') + "alarm:CORRUPT |\n" + rule);
}

TEST_CASE("a command's own views print in every format, and check() refuses missing ones before any RPC") {
    const Views<Pair> all{pair_simple, pair_fields, pair_table, pair_json, false};
    const Pair p{"a<b", 7};
    CHECK(print_in("simple", [&](Printer& pr) { pr.print(p, all); }) == "a<b, 7\n");
    CHECK(print_in("fields", [&](Printer& pr) { pr.print(p, all); }) == "\"Name\" : \"a<b\"\n\"Value\" : 7\n");
    CHECK(print_in("json", [&](Printer& pr) { pr.print(p, all); }) == "{\"Name\":\"a\\u003cb\",\"Value\":7}\n");
    CHECK(print_in("table", [&](Printer& pr) { pr.print(p, all); }) ==
          "+------+-------+\n| NAME | VALUE |\n+------+-------+\n|  a<b |     7 |\n+------+-------+\n");
    CHECK(failure_of([&] { print_in("protobuf", [&](Printer& pr) { pr.check(all); }); }) == ExitCode::bad_feature);
    const Views<Pair> simple_only{pair_simple};
    for (const char* format : {"fields", "json", "table", "protobuf"}) {
        CHECK(failure_of([&] { print_in(format, [&](Printer& pr) { pr.check(simple_only); }); }) ==
              ExitCode::bad_feature);
    }
}

TEST_CASE("a protobuf response needs no json or protobuf view") {
    etcdserverpb::HashKVResponse resp;
    resp.set_hash(42);
    resp.mutable_header()->set_revision(3);
    const Views<etcdserverpb::HashKVResponse> none{};
    CHECK(print_in("json", [&](Printer& pr) { pr.print(resp, none); }) ==
          "{\"header\":{\"revision\":3},\"hash\":42}\n");
    CHECK(print_in("protobuf", [&](Printer& pr) { pr.print(resp, none); }) == resp.SerializeAsString());
    CHECK(failure_of([&] { print_in("simple", [&](Printer& pr) { pr.check(none); }); }) == ExitCode::bad_feature);
}

TEST_CASE("table prints none of etcdctl's own responses; the other formats print them all") {
    CHECK(failure_of([] { print_in("table", [](Printer& pr) { pr.check_builtin(); }); }) == ExitCode::bad_feature);
    for (const char* format : {"simple", "json", "fields", "protobuf"}) {
        CHECK(failure_of([&] { print_in(format, [](Printer& pr) { pr.check_builtin(); }); }) == ExitCode::success);
    }
}
