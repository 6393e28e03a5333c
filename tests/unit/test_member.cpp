#include <catch2/catch.hpp>

#include "error.hpp"
#include "error_text.hpp"
#include "member_requests.hpp"
#include "member_urls.hpp"
#include "output/printer.hpp"
#include "session/errors.hpp"

using namespace ectl;
using ectl::test::bad_args_message;
using ectl::test::failure;

TEST_CASE("peer URLs are checked as clientv3 checks them, with Go's url.Parse wording") {
    // Each text as etcdctl 3.4.23 printed it for `member add n --peer-urls=<url>`.
    const std::vector<std::pair<std::string, std::string>> cases = {
        {"http://127.0.0.1:2380", ""},
        {"https://[::1]:2380", ""},
        {"unix://x:1", ""},
        {"HTTP://a:1", ""},       // the scheme is case-insensitive
        {" http://a:1", ""},      // trimmed for the check (sent as written)
        {"http://a:1?x=1#f", ""}, // a query and a fragment are no path
        {"http://u@a:1", ""},
        {"http://a%C3%A9:1", ""}, // non-ASCII bytes may be escaped in a host
        {"foo", "URL scheme must be http, https, unix, or unixs: foo"},
        {"ftp://a:1", "URL scheme must be http, https, unix, or unixs: ftp://a:1"},
        {"", "URL scheme must be http, https, unix, or unixs: "},
        {"localhost:2380", "URL scheme must be http, https, unix, or unixs: localhost:2380"},
        {"http://a", "URL address does not have the form \"host:port\": http://a"},
        {"http:a:1", "URL address does not have the form \"host:port\": http:a:1"},
        {"http:///a:1", "URL address does not have the form \"host:port\": http:///a:1"},
        {"http://a:1:2", "URL address does not have the form \"host:port\": http://a:1:2"},
        {"http://[a]b:1", "parse \"http://[a]b:1\": invalid port \"b:1\" after host"},
        {"http://a]:1", "URL address does not have the form \"host:port\": http://a]:1"},
        {"http://a:1/p", "URL must not contain a path: http://a:1/p"},
        {"http://a:1/", "URL must not contain a path: http://a:1/"},
        {"http://[::1", "parse \"http://[::1\": missing ']' in host"},
        {"http://[::1]x", "parse \"http://[::1]x\": invalid port \"x\" after host"},
        {"http://a:b", "parse \"http://a:b\": invalid port \":b\" after host"},
        {"%zz", "parse \"%zz\": invalid URL escape \"%zz\""},
        {"http://a%41:1", "parse \"http://a%41:1\": invalid URL escape \"%41\""},
        {"http://a b:1", "parse \"http://a b:1\": invalid character \" \" in host name"},
        {"127.0.0.1:2380", "parse \"127.0.0.1:2380\": first path segment in URL cannot contain colon"},
        {"://a", "parse \"://a\": missing protocol scheme"},
        {"http://u{@a:1", "parse \"http://u{@a:1\": net/url: invalid userinfo"},
        {"http://u%z@a:1", "parse \"http://u%z@a:1\": invalid URL escape \"%z\""},
        {"http://a:1#%z", "parse \"http://a:1#%z\": invalid URL escape \"%z\""},
        {"http://\x01"
         "a:1",
         "parse \"http://\\x01a:1\": net/url: invalid control character in URL"},
    };
    for (const auto& [url, error] : cases) {
        INFO(url);
        CHECK(peer_url_error({url}) == error);
    }
    CHECK(peer_url_error({"http://a:1", "", "http://b:2"}) == "URL scheme must be http, https, unix, or unixs: ");
}

TEST_CASE("Go's net.SplitHostPort") {
    CHECK(go_splits_host_port("a:1"));
    CHECK(go_splits_host_port("[::1]:1"));
    CHECK(go_splits_host_port(":1"));
    CHECK_FALSE(go_splits_host_port(""));
    CHECK_FALSE(go_splits_host_port("a"));
    CHECK_FALSE(go_splits_host_port("a:1:2"));
    CHECK_FALSE(go_splits_host_port("[::1]"));
    CHECK_FALSE(go_splits_host_port("[::1]x:1"));
    CHECK_FALSE(go_splits_host_port("a]:1"));
    CHECK_FALSE(go_splits_host_port("[a[b]:1"));
}

TEST_CASE("member add: a name, peer URLs, and etcdctl's hint for a URL given as an argument") {
    auto req = make_member_add_request({"infra4"}, "http://10.0.0.4:2380, http://10.0.0.5:2380", true);
    REQUIRE(req.peerurls_size() == 2);
    CHECK(req.peerurls(1) == " http://10.0.0.5:2380"); // as etcdctl sends it
    CHECK(req.islearner());
    CHECK(bad_args_message([] { make_member_add_request({}, "http://a:1", false); }) == "member name not provided");
    CHECK(bad_args_message([] { make_member_add_request({"a", "b"}, "http://a:1", false); }) == "too many arguments");
    CHECK(bad_args_message([] {
              make_member_add_request({"a", "http://x:1", "HTTPS://y:2"}, "", false);
          }) == "too many arguments, did you mean --peer-urls=http://x:1, did you mean --peer-urls=HTTPS://y:2");
    CHECK(bad_args_message([] { make_member_add_request({"a"}, "", false); }) == "member peer urls not provided");
    CHECK(failure([] { make_member_add_request({"a"}, "http://a", false); }) ==
          "1: URL address does not have the form \"host:port\": http://a");
}

TEST_CASE("member IDs are one hex argument; a decimal one copied from -w json is named") {
    CHECK(member_id_from_args({"8e9e05c52164694d"}) == 0x8e9e05c52164694dULL);
    CHECK(member_id_from_args({"FFFFFFFFFFFFFFFF"}) == 0xffffffffffffffffULL);
    CHECK(bad_args_message([] { member_id_from_args({}); }) == "member ID is not provided");
    CHECK(bad_args_message([] {
              member_id_from_args({"1", "2"});
          }) == "member ID is not provided (got 2 arguments; exactly one member ID is expected)");
    for (const char* bad : {"zz", "", "+1", "-1", "0x12", "12g"}) {
        CHECK(bad_args_message([&] { member_id_from_args({bad}); }) ==
              std::string("bad member ID arg (strconv.ParseUint: parsing \"") + bad +
                  "\": invalid syntax), expecting ID in Hex");
    }
    CHECK(bad_args_message([] { member_id_from_args({"ffffffffffffffffff"}); }) ==
          "bad member ID arg (strconv.ParseUint: parsing \"ffffffffffffffffff\": value out of range), expecting ID "
          "in Hex");
    CHECK(bad_args_message([] { member_id_from_args({"3536458845930142187"}); }) ==
          "bad member ID arg \"3536458845930142187\": member IDs are hex (in hex that is 311406955a7439eb)");
    auto update = make_member_update_request({"12"}, "http://a:1");
    CHECK(update.id() == 0x12);
    CHECK(bad_args_message([] { make_member_update_request({"12"}, ""); }) == "member peer urls not provided");
}

namespace {

etcdserverpb::MemberAddResponse added_to_three() {
    etcdserverpb::MemberAddResponse resp;
    resp.mutable_member()->set_id(0x2869699deab44956);
    auto* unstarted = resp.add_members();
    unstarted->set_id(0x1000);
    unstarted->add_peerurls("http://10.0.0.3:2380");
    auto* added = resp.add_members();
    added->set_id(0x2869699deab44956);
    added->add_peerurls("http://10.0.0.4:2380");
    added->add_peerurls("http://10.0.0.5:2380");
    auto* started = resp.add_members();
    started->set_id(0x311406955a7439eb);
    started->set_name("infra1");
    started->add_peerurls("http://10.0.0.1:2380");
    return resp;
}

} // namespace

TEST_CASE("member add's settings: every peer URL in the answer's order, the new member under its name") {
    auto resp = added_to_three();
    CHECK(initial_cluster(resp, "infra4") ==
          "=http://10.0.0.3:2380,infra4=http://10.0.0.4:2380,infra4=http://10.0.0.5:2380,infra1=http://10.0.0.1:2380");
    CHECK(
        member_add_environment(resp, "in\"fra4", "http://10.0.0.4:2380,http://10.0.0.5:2380") ==
        "\nETCD_NAME=\"in\\\"fra4\"\n"
        "ETCD_INITIAL_CLUSTER=\"=http://10.0.0.3:2380,in\\\"fra4=http://10.0.0.4:2380,in\\\"fra4=http://10.0.0.5:2380,"
        "infra1=http://10.0.0.1:2380\"\n"
        "ETCD_INITIAL_ADVERTISE_PEER_URLS=\"http://10.0.0.4:2380,http://10.0.0.5:2380\"\n"
        "ETCD_INITIAL_CLUSTER_STATE=\"existing\"\n");
}

namespace {

// A response wrapped with what its simple view needs (as member remove wraps its ID).
struct Wrapped {
    int id;
    const etcdserverpb::MemberRemoveResponse& resp;
};

void wrapped_simple(const Wrapped& w, Sink& out) {
    out.write("member " + std::to_string(w.id) + "\n");
}

const google::protobuf::Message& wrapped_message(const Wrapped& w) {
    return w.resp;
}

std::string print_wrapped(const std::string& format, const Wrapped& w) {
    const Views<Wrapped> views{wrapped_simple, nullptr, nullptr, nullptr, true, nullptr, wrapped_message};
    StringSink sink;
    auto printer = make_printer(format, PrintOptions{}, sink);
    printer->check(views);
    printer->print(w, views);
    return sink.text();
}

} // namespace

TEST_CASE("a wrapped protobuf response prints generically in json and protobuf") {
    etcdserverpb::MemberRemoveResponse resp;
    resp.mutable_header()->set_cluster_id(7);
    resp.add_members()->set_name("m1");
    const Wrapped w{12, resp};
    CHECK(print_wrapped("simple", w) == "member 12\n");
    CHECK(print_wrapped("json", w) == "{\"header\":{\"cluster_id\":7},\"members\":[{\"name\":\"m1\"}]}\n");
    CHECK(print_wrapped("protobuf", w) == resp.SerializeAsString());
    CHECK(failure([&] { print_wrapped("fields", w); }) == "4: fields not supported as output format");
    CHECK(failure([&] { print_wrapped("table", w); }) == "4: table not supported as output format");
}

TEST_CASE("a member shutting down refuses before proposing: even a write may go to another member") {
    const grpc::Status stopped(grpc::StatusCode::UNKNOWN, "raft: stopped");
    CHECK(may_retry(stopped, Retry::write));
    CHECK(may_retry(stopped, Retry::read));
    // Stopped while the request waited for its outcome: a write may have been applied.
    const grpc::Status server_stopped(grpc::StatusCode::UNAVAILABLE, "etcdserver: server stopped");
    CHECK(may_retry(server_stopped, Retry::read));
    CHECK_FALSE(may_retry(server_stopped, Retry::write));
    CHECK_FALSE(may_retry(grpc::Status(grpc::StatusCode::UNKNOWN, "raft: other"), Retry::read));
}
