#include <catch2/catch.hpp>

#include "endpoint_checks.hpp"
#include "parse.hpp"

using namespace ectl;
using namespace std::chrono_literals;

TEST_CASE("durations print as Go's time.Duration String()") {
    CHECK(go_duration_text(0ns) == "0s");
    CHECK(go_duration_text(999ns) == "999ns");
    CHECK(go_duration_text(1500ns) == "1.5\xc2\xb5s");
    CHECK(go_duration_text(2025613ns) == "2.025613ms");
    CHECK(go_duration_text(2ms) == "2ms");
    CHECK(go_duration_text(5000345413ns) == "5.000345413s");
    CHECK(go_duration_text(1s) == "1s");
    CHECK(go_duration_text(65s + 200ms) == "1m5.2s");
    CHECK(go_duration_text(3600s) == "1h0m0s");
    CHECK(go_duration_text(-1500ms) == "-1.5s");
}

TEST_CASE("sizes print as go-humanize's Bytes()") {
    CHECK(humanize_bytes(0) == "0 B");
    CHECK(humanize_bytes(9) == "9 B");
    CHECK(humanize_bytes(10) == "10 B");
    CHECK(humanize_bytes(999) == "999 B");
    CHECK(humanize_bytes(1000) == "1.0 kB");
    CHECK(humanize_bytes(20480) == "20 kB"); // 20.5 rounds half to even, as Go's %.0f
    CHECK(humanize_bytes(24576) == "25 kB");
    CHECK(humanize_bytes(2125824) == "2.1 MB");
    CHECK(humanize_bytes(4294967296) == "4.3 GB");
}

TEST_CASE("unsigned hex parses with strconv.ParseUint's wording") {
    uint64_t v = 0;
    CHECK(go_parse_uint("8afba5576d8bbac7", 16, v).empty());
    CHECK(v == 0x8afba5576d8bbac7);
    CHECK(go_parse_uint("zz", 16, v) == "strconv.ParseUint: parsing \"zz\": invalid syntax");
    CHECK(go_parse_uint("0x12", 16, v) == "strconv.ParseUint: parsing \"0x12\": invalid syntax");
    CHECK(go_parse_uint("-1", 16, v) == "strconv.ParseUint: parsing \"-1\": invalid syntax");
    CHECK(go_parse_uint("+1", 16, v) == "strconv.ParseUint: parsing \"+1\": invalid syntax");
    CHECK(go_parse_uint("", 16, v) == "strconv.ParseUint: parsing \"\": invalid syntax");
    CHECK(go_parse_uint("ffffffffffffffffff", 16, v) ==
          "strconv.ParseUint: parsing \"ffffffffffffffffff\": value out of range");
}
