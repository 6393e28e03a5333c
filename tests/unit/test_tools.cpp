// make-mirror's key renaming and destination settings; check's keys, statistics and metrics page.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "check_load.hpp"
#include "check_metrics.hpp"
#include "mirror.hpp"

using namespace ectl;

TEST_CASE("mirror_key: Go's strings.Replace(key, prefix, dest, 1)", "[mirror]") {
    CHECK(mirror_key("app/a", "app/", "copy/") == "copy/a");
    CHECK(mirror_key("app/a", "app/", "") == "a");
    CHECK(mirror_key("app/app/a", "app/", "x/") == "x/app/a");
    CHECK(mirror_key("a", "", "dst/") == "dst/a");
    CHECK(mirror_key("a", "", "") == "a");
}

TEST_CASE("destination_config: own endpoint and TLS files, no auth", "[mirror]") {
    SessionConfig main;
    main.endpoints = {"127.0.0.1:1", "127.0.0.1:2"};
    main.cert_file = "main.pem";
    main.insecure_skip_verify = true;
    main.use_auth = true;
    main.user = "root";
    main.password = "secret";
    main.command_timeout = std::chrono::seconds(9);
    DestinationTls tls{"d.pem", "d.key", "ca.pem", false};
    SessionConfig d = destination_config(main, "https://10.0.0.1:2379", tls);
    CHECK(d.endpoints == std::vector<std::string>{"https://10.0.0.1:2379"});
    CHECK(d.cert_file == "d.pem");
    CHECK(d.key_file == "d.key");
    CHECK(d.ca_file == "ca.pem");
    CHECK_FALSE(d.insecure_transport);
    CHECK_FALSE(d.insecure_skip_verify);
    CHECK_FALSE(d.use_auth);
    CHECK(d.user.empty());
    CHECK(d.password.empty());
    CHECK(d.command_timeout == std::chrono::seconds(9));
}

TEST_CASE("load_key: prefix, Go's zig-zag varint, zero padding", "[check]") {
    CHECK(load_key("/p/", 0, 4) == std::string("/p/\0\0\0\0", 7));
    CHECK(load_key("/p/", 1, 4) == std::string("/p/\x02\0\0\0", 7));
    CHECK(load_key("", 64, 3) == std::string("\x80\x01\0", 3));
    CHECK(load_key("", -1, 2) == std::string("\x01\0", 2));
    CHECK(load_key("k", INT64_MAX, 256).size() == 257);
}

TEST_CASE("load_stats: pkg/report's numbers", "[check]") {
    LoadStats s = load_stats({0.1, 0.2, 0.3, 0.4}, {{"boom", 2}}, 2.0);
    CHECK(s.succeeded == 4);
    CHECK(s.rps == Approx(2.0));
    CHECK(s.average == Approx(0.25));
    CHECK(s.slowest == Approx(0.4));
    CHECK(s.stddev == Approx(0.111803).epsilon(1e-4));
    CHECK(s.errors.at("boom") == 2);
    LoadStats none = load_stats({}, {}, 1.0);
    CHECK(none.rps == 0);
    CHECK(none.slowest == 0);
}

TEST_CASE("resident_memory_in: etcdctl's parsing and messages", "[check]") {
    StringSink out;
    std::string page = "# HELP process_resident_memory_bytes Resident memory size in bytes.\n"
                       "# TYPE process_resident_memory_bytes gauge\nprocess_resident_memory_bytes 1.36515584e+08\n";
    CHECK(resident_memory_in(page, out) == Approx(1.36515584e+08));
    CHECK(out.text().empty());
    CHECK(resident_memory_in("other 1\n", out) == 0);
    CHECK(out.text() == "could not find: process_resident_memory_bytes\n");
    StringSink bad;
    CHECK(resident_memory_in("process_resident_memory_bytes x1\n", bad) == 0);
    CHECK(bad.text() == "parse error: strconv.ParseFloat: parsing \"x1\": invalid syntax\n");
}

TEST_CASE("endpoint_resident_memory: TLS is refused, not attempted", "[check]") {
    StringSink out;
    CHECK(endpoint_resident_memory("https://127.0.0.1:1", false, out) == 0);
    CHECK(
        out.text() ==
        "fetch error: ectl reads https://127.0.0.1:1/metrics over plain HTTP only; TLS endpoints are not supported\n");
}
