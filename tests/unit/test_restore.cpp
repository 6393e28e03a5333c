#include <catch2/catch.hpp>

#include <fmt/format.h>

#include "crc32c.hpp"
#include "restore/bootstrap_check.hpp"
#include "restore/peer_urls.hpp"
#include "restore/raft_records.hpp"
#include "restore/restore.hpp"
#include "restore/v2_store.hpp"
#include "restore/wal_encoder.hpp"

using namespace ectl;
using namespace ectl::restore;

namespace {

// etcdctl snapshot restore's defaults.
ClusterPlan default_plan() {
    return plan_cluster("default", "default=http://localhost:2380", "etcd-cluster", "http://localhost:2380");
}

std::string hex(const std::string& bytes) {
    std::string out;
    for (char c : bytes) {
        out += fmt::format("{:02x}", static_cast<unsigned char>(c));
    }
    return out;
}

// The error text plan_cluster throws, or "no error".
std::string plan_error(const std::string& name, const std::string& cluster, const std::string& peer_urls) {
    try {
        plan_cluster(name, cluster, "etcd-cluster", peer_urls, std::chrono::seconds(0));
    } catch (const RestoreError& e) {
        return e.what();
    }
    return "no error";
}

} // namespace

TEST_CASE("restore: the default flags give etcd's well-known member and cluster IDs") {
    ClusterPlan plan = default_plan();
    REQUIRE(plan.members.size() == 1);
    CHECK(fmt::format("{:x}", plan.members[0].id) == "8e9e05c52164694d");
    CHECK(fmt::format("{:x}", plan.cluster_id) == "cdf818194e3a8c32");
    CHECK(plan.local_id == plan.members[0].id);
    CHECK(member_json(plan.members[0]) ==
          R"({"id":10276657743932975437,"peerURLs":["http://localhost:2380"],"name":"default"})");
    auto records = member_records(plan);
    REQUIRE(records.size() == 1);
    CHECK(records[0].first == "8e9e05c52164694d");
    CHECK(records[0].second == member_json(plan.members[0]));
}

TEST_CASE("restore: three members are sorted by ID, the local one is --name (IDs from etcdctl 3.4.23)") {
    ClusterPlan plan =
        plan_cluster("m1", "m1=http://127.0.0.1:12380,m2=http://127.0.0.1:22380,m3=http://127.0.0.1:32380", "tok",
                     "http://127.0.0.1:12380");
    CHECK(fmt::format("{:x}", plan.cluster_id) == "f7d1d29ba4cd2368");
    CHECK(fmt::format("{:x}", plan.local_id) == "d622127685879b3c");
    REQUIRE(plan.members.size() == 3);
    CHECK(fmt::format("{:x} {}", plan.members[0].id, plan.members[0].name) == "117b9266988c4966 m2");
    CHECK(fmt::format("{:x} {}", plan.members[1].id, plan.members[1].name) == "ca7a34e16cff9c1b m3");
    CHECK(fmt::format("{:x} {}", plan.members[2].id, plan.members[2].name) == "d622127685879b3c m1");
}

TEST_CASE("restore: peer URLs are hashed as Go's url.URL.String() writes them (IDs from etcdctl)") {
    // {given, as etcd writes it, the member ID etcdctl 3.4.23 gave with token etcd-cluster}
    const std::vector<std::array<std::string, 3>> cases = {
        {"HTTP://Host:1", "http://Host:1", "c18b1d3cb8990952"},
        {"http://a%c3%a9:1", "http://a%C3%A9:1", "4a09ab97d3b9ea82"},
        {"http://[fe80::1%25en0]:1", "http://[fe80::1%25en0]:1", "691992ea5a995798"},
        {"http://u!@h:1", "http://u%21@h:1", "3a5a0a81e4f0ba6a"},
        {"http://u:p%41ss@h:1", "http://u:pAss@h:1", "de662af73fbb02d1"},
        {"http://h:1?", "http://h:1?", "9928ab9232416450"},
        {"http://h:1#", "http://h:1", "9cbc6cef9f593757"},
        {"http://h:1#a b", "http://h:1#a%20b", "68920194f0d1b377"},
        {"http://h:1#a%62", "http://h:1#a%62", "f0fcfdaba9e1e829"},
        {"http://h:1?x=1&y#f!(", "http://h:1?x=1&y#f!(", "5410316a15de770b"},
        {"http://\xc3\xa9:1", "http://%C3%A9:1", "9cc3a00304067b74"},
        {"unix://sock:0", "unix://sock:0", "a0801aeba9881b6e"},
        {"http://h:1#%7e", "http://h:1#%7e", "9288e61f5f2a57e1"},
        {"http://:1", "http://:1", "ae97348dd84feb2e"},
        {"http://u%40x@h:1", "http://u%40x@h:1", "4d76b8e2142a4b11"},
        {" http://localhost:2380 ", "http://localhost:2380", "8e9e05c52164694d"},
    };
    for (const auto& [given, written, id] : cases) {
        INFO(given);
        CHECK(new_urls({given}) == std::vector<std::string>{written});
        ClusterPlan plan = plan_cluster("default", "default=" + given, "etcd-cluster", given);
        CHECK(fmt::format("{:x}", plan.local_id) == id);
    }
    CHECK(url_host("http://u%40x@[fe80::1%25en0]:1?a@b") == "[fe80::1%en0]:1");
    CHECK(with_url_host("http://u@h:1#x", "10.0.0.1:1") == "http://u@10.0.0.1:1#x");
}

TEST_CASE("restore: bad flags fail with etcdctl 3.4.23's texts") {
    const std::string dflt = "default=http://localhost:2380";
    const std::string local = "http://localhost:2380";
    CHECK(plan_error("default", dflt, "foo") == "URL scheme must be http, https, unix, or unixs: foo");
    CHECK(plan_error("default", dflt, "") == "URL scheme must be http, https, unix, or unixs: ");
    CHECK(plan_error("default", dflt, "http://localhost:2380/x") ==
          "URL must not contain a path: http://localhost:2380/x");
    CHECK(plan_error("default", "default=http://a", local) ==
          "URL address does not have the form \"host:port\": http://a");
    CHECK(plan_error("default", dflt + ",bad", local) == "URL scheme must be http, https, unix, or unixs: ");
    CHECK(plan_error("default", "", local) ==
          "couldn't find local name \"default\" in the initial cluster configuration");
    CHECK(plan_error("y", dflt, local) == "couldn't find local name \"y\" in the initial cluster configuration");
    CHECK(plan_error("default", "default=http://127.0.0.1:2380", local) ==
          "--initial-cluster has default=http://127.0.0.1:2380 but missing from "
          "--initial-advertise-peer-urls=http://localhost:2380 (resolved urls: \"http://localhost:2380\" != "
          "\"http://127.0.0.1:2380\")");
    CHECK(plan_error("default", dflt + ",default=http://127.0.0.1:2381", local) ==
          "--initial-cluster has default=http://127.0.0.1:2381 but missing from "
          "--initial-advertise-peer-urls=http://localhost:2380 (len([\"http://localhost:2380\"]) != "
          "len([\"http://127.0.0.1:2381\" \"http://localhost:2380\"]))");
    CHECK(plan_error("default", dflt, local + ",http://127.0.0.1:2381") ==
          "--initial-advertise-peer-urls has http://127.0.0.1:2381 but missing from "
          "--initial-cluster=default=http://127.0.0.1:2381,default=http://localhost:2380");
    CHECK(plan_error("default", dflt, local + "," + local) ==
          "failed to resolve http://localhost:2380,http://localhost:2380 to match "
          "--initial-cluster=default=http://localhost:2380,default=http://localhost:2380 "
          "(len([\"http://localhost:2380\" \"http://localhost:2380\"]) != len([\"http://localhost:2380\"]))");
    CHECK(plan_error("default", "default=http://127.0.0.1:2381,default=http://localhost:2380",
                     local + ",http://127.0.0.1:2380") ==
          "--initial-cluster has default=http://127.0.0.1:2381 but missing from "
          "--initial-advertise-peer-urls=http://127.0.0.1:2380,http://localhost:2380 (resolved urls: "
          "\"http://127.0.0.1:2380\" != \"http://127.0.0.1:2381\")");
    CHECK(plan_error("default", dflt + ",x=http://localhost:2380", local) ==
          "initial cluster default=http://localhost:2380,x=http://localhost:2380 has duplicate url");
    CHECK(plan_error("default", dflt + ",x=http://a:1,x=http://a:1", local) ==
          "initial cluster default=http://localhost:2380,x=http://a:1,x=http://a:1 has duplicate url");
    // A host name that is not resolved in time: etcd's wording around the resolver's.
    CHECK_THAT(plan_error("default", "default=http://nosuch.invalid:2380", "http://127.0.0.1:2380"),
               Catch::StartsWith("--initial-cluster has default=http://nosuch.invalid:2380 but missing from "
                                 "--initial-advertise-peer-urls=http://127.0.0.1:2380 (failed to resolve "
                                 "\"http://nosuch.invalid:2380\" ("));
}

TEST_CASE("restore: an empty name is a member without a name") {
    ClusterPlan plan = plan_cluster("", "=http://localhost:2380", "etcd-cluster", "http://localhost:2380");
    REQUIRE(plan.members.size() == 1);
    CHECK(member_json(plan.members[0]) == R"({"id":10276657743932975437,"peerURLs":["http://localhost:2380"]})");
}

TEST_CASE("restore: CRC-32C and WAL framing are etcd's") {
    CHECK(crc32c_update(0, "123456789") == 0xE3069283U);
    CHECK(crc32c_update(crc32c_update(0, "1234"), "56789") == 0xE3069283U);
    size_t pad = 0;
    CHECK(frame_length_word(32, pad) == 32);
    CHECK(pad == 0);
    CHECK(frame_length_word(14, pad) == (0x82ULL << 56U | 14U));
    CHECK(pad == 2);
    CHECK(frame_length_word(25, pad) == (0x87ULL << 56U | 25U));
    CHECK(pad == 7);

    // The head of the WAL etcdctl 3.4.23 writes for the defaults: the crc, metadata and
    // empty-snapshot records.
    ClusterPlan plan = default_plan();
    WalEncoder encoder;
    encoder.add(RecordType::crc, std::nullopt);
    encoder.add(RecordType::metadata, wal_metadata(plan));
    encoder.add(RecordType::snapshot, wal_snapshot(0, 0));
    CHECK(hex(encoder.take()) ==
          "040000000000008408041000000000002000000000000000080110bb81c7fc051a1608cdd2918bd2b881cf"
          "8e0110b298eaf1948386fccd010e0000000000008208051094bbc7ed0e1a04080010000000");
    // Then its entry, hard state and final snapshot marker, the CRC running on.
    for (const auto& entry : bootstrap_entries(plan)) {
        encoder.add(RecordType::entry, entry);
    }
    encoder.add(RecordType::state, bootstrap_hard_state(plan));
    encoder.add(RecordType::snapshot, wal_snapshot(1, 1));
    CHECK(hex(encoder.take()) ==
          "7400000000000084080210c2ee92950b1a6a08011001180122620800100018cdd2918bd2b881cf8e0122517b226964223a3130323736"
          "3635373734333933323937353433372c227065657255524c73223a5b22687474703a2f2f6c6f63616c686f73743a32333830225d2c22"
          "6e616d65223a2264656661756c74227d00000000"
          "19000000000000870803109b98d6c3081a0f080110cdd2918bd2b881cf8e011801000000000000000e00000000000082080510b8e0e0"
          "e1061a04080110010000");
}

TEST_CASE("restore: the v2 store and .snap file are etcd's") {
    ClusterPlan plan = default_plan();
    std::string store = v2_store_json(plan);
    CHECK_THAT(store, Catch::StartsWith(R"({"Root":{"Path":"/","CreatedIndex":0,"ModifiedIndex":0,)"
                                        R"("ExpireTime":"0001-01-01T00:00:00Z","Value":"","Children":{"0":{)"));
    CHECK_THAT(store, Catch::Contains(R"("Value":"{\"peerURLs\":[\"http://localhost:2380\"]}","Children":null})"));
    CHECK_THAT(store, Catch::Contains(R"("1":{"Path":"/1","CreatedIndex":0,"ModifiedIndex":0,)"
                                      R"("ExpireTime":"0001-01-01T00:00:00Z","Value":"","Children":{}})"));
    CHECK_THAT(store, Catch::EndsWith(R"(null],"Size":1,"Front":0,"Back":1,"Capacity":1000},"StartIndex":1,)"
                                      R"("LastIndex":1}},"CurrentIndex":1,"Stats":{"getsSuccess":0,"getsFail":0,)"
                                      R"("setsSuccess":0,"setsFail":0,"deleteSuccess":0,"deleteFail":0,)"
                                      R"("updateSuccess":0,"updateFail":0,"createSuccess":1,"createFail":0,)"
                                      R"("compareAndSwapSuccess":0,"compareAndSwapFail":0,)"
                                      R"("compareAndDeleteSuccess":0,"compareAndDeleteFail":0,"expireCount":0,)"
                                      R"("watchers":0},"CurrentVersion":2})"));
    CHECK(store.size() == 6457); // as in etcdctl's .snap for the defaults
    CHECK(snap_file_name(plan) == "0000000000000001-0000000000000001.snap");
    std::string snap = snap_file_bytes(plan);
    CHECK(snap.size() == 6490);
    CHECK(hex(snap.substr(0, 12)) == "08b6f8818f0112d1320ab932");
    CHECK(hex(snap.substr(snap.size() - 21)) == "12130a0d08cdd2918bd2b881cf8e01280010011801");
}
