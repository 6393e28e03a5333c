#include <catch2/catch.hpp>

#include "error.hpp"
#include "error_text.hpp"
#include "key_range.hpp"
#include "parse.hpp"

using namespace ectl;
using ectl::test::bad_args_message;
using namespace std::chrono_literals;

TEST_CASE("Go durations parse like time.ParseDuration") {
    CHECK(parse_duration_flag("dial-timeout", "2s") == 2s);
    CHECK(parse_duration_flag("dial-timeout", "1.5s") == 1500ms);
    CHECK(parse_duration_flag("dial-timeout", "300ms") == 300ms);
    CHECK(parse_duration_flag("dial-timeout", "1m30s") == 90s);
    CHECK(parse_duration_flag("dial-timeout", "1h") == 3600s);
    CHECK(parse_duration_flag("dial-timeout", "0") == 0s);
    CHECK(parse_duration_flag("dial-timeout", "10us") == 10us);
    CHECK(parse_duration_flag("dial-timeout", ".5s") == 500ms);
}

TEST_CASE("bad durations name the flag and Go's reason") {
    CHECK(bad_args_message([] { parse_duration_flag("dial-timeout", "abc"); }) ==
          "invalid argument \"abc\" for \"--dial-timeout\" flag: time: invalid duration \"abc\"");
    CHECK(bad_args_message([] { parse_duration_flag("dial-timeout", "5"); }) ==
          "invalid argument \"5\" for \"--dial-timeout\" flag: time: missing unit in duration \"5\"");
    CHECK(bad_args_message([] { parse_duration_flag("command-timeout", "5x"); }) ==
          "invalid argument \"5x\" for \"--command-timeout\" flag: time: unknown unit \"x\" in duration \"5x\"");
    CHECK(bad_args_message([] { parse_duration_flag("command-timeout", "-1s"); }).find("must not be negative") !=
          std::string::npos);
    CHECK_THROWS_AS(parse_duration_flag("dial-timeout", ""), Error);
}

TEST_CASE("durations follow Go's integer overflow rules and grammar exactly") {
    using std::chrono::nanoseconds;
    CHECK(parse_duration_flag("t", "9223372036854775807ns") == nanoseconds(INT64_MAX));
    CHECK(bad_args_message([] { parse_duration_flag("dial-timeout", "9223372036854775808ns"); }) ==
          "invalid argument \"9223372036854775808ns\" for \"--dial-timeout\" flag: time: invalid duration "
          "\"9223372036854775808ns\"");
    CHECK_THROWS_AS(parse_duration_flag("t", "2562048h"), Error); // > 292 years
    CHECK(parse_duration_flag("t", "2562047h") == nanoseconds(2562047LL * 3600 * 1000000000LL));
    CHECK(parse_duration_flag("t", "1.000000001s") == nanoseconds(1000000001));
    CHECK(parse_duration_flag("t", "0.1h") == 360s);
    CHECK(parse_duration_flag("t", "5.s") == 5s);
    CHECK(parse_duration_flag("t", "+3s") == 3s);
    CHECK(parse_duration_flag("t", "1\xc2\xb5s") == 1us);
    CHECK(parse_duration_flag("t", "1h1m1s1ms") == 3661001ms);
    for (const char* bad : {"inf", "-inf", ".s", "s", "1.5", "--1s", "1s 2s", " 1s"}) {
        CHECK_THROWS_AS(parse_duration_flag("t", bad), Error);
    }
    // Go's time.quote: bytes outside printable ASCII as \xNN.
    CHECK(bad_args_message([] { parse_duration_flag("t", "5\xc3\xa9"); }) ==
          "invalid argument \"5\xc3\xa9\" for \"--t\" flag: time: unknown unit \"\\xc3\\xa9\" in duration "
          "\"5\\xc3\\xa9\"");
}

TEST_CASE("integers parse like strconv.ParseInt") {
    int64_t v = 0;
    CHECK(go_parse_int("+5", 10, v).empty());
    CHECK(v == 5);
    CHECK(go_parse_int("+-5", 10, v) == "strconv.ParseInt: parsing \"+-5\": invalid syntax");
    CHECK(go_parse_int("-", 10, v) == "strconv.ParseInt: parsing \"-\": invalid syntax");
    CHECK(go_parse_int("0x1f", 16, v) == "strconv.ParseInt: parsing \"0x1f\": invalid syntax");
    CHECK(go_parse_int("1F", 16, v).empty());
    CHECK(v == 31);
    CHECK(go_parse_int("42", 10, v).empty());
    CHECK(v == 42);
    CHECK(go_parse_int("-9223372036854775808", 10, v).empty());
    CHECK(v == INT64_MIN);
    CHECK(go_parse_int("9223372036854775808", 10, v) ==
          "strconv.ParseInt: parsing \"9223372036854775808\": value out of range");
    CHECK(go_parse_int("abc", 10, v) == "strconv.ParseInt: parsing \"abc\": invalid syntax");
    CHECK(go_parse_int("", 10, v) == "strconv.ParseInt: parsing \"\": invalid syntax");
    CHECK(go_parse_int("7fffffffffffffff", 16, v).empty());
    CHECK(v == INT64_MAX);
    CHECK(go_parse_int("ffffffffffffffffff", 16, v) ==
          "strconv.ParseInt: parsing \"ffffffffffffffffff\": value out of range");
    CHECK(go_parse_int("0x1", 16, v) == "strconv.ParseInt: parsing \"0x1\": invalid syntax");
    CHECK(bad_args_message([] { parse_int_flag("rev", "abc"); }) ==
          "invalid argument \"abc\" for \"--rev\" flag: strconv.ParseInt: parsing \"abc\": invalid syntax");
    CHECK(bad_args_message([] { parse_lease_id("zz", "bad lease ID"); }) ==
          "bad lease ID (strconv.ParseInt: parsing \"zz\": invalid syntax), expecting ID in Hex");
    CHECK(parse_lease_id("694d7a6a1a0c2b0a", "bad lease ID") == 0x694d7a6a1a0c2b0a);
    // A decimal ID (as etcdctl -w json prints it) is named as such, with its hex spelling.
    CHECK(bad_args_message([] { parse_lease_id("389739751838018577", "bad lease ID"); }) ==
          "bad lease ID \"389739751838018577\": lease IDs are hex (in hex that is 568a23d47276c11)");
}

TEST_CASE("string slices and booleans follow pflag") {
    CHECK(split_csv("a,b, c") == std::vector<std::string>{"a", "b", "c"});
    CHECK(split_csv("") == std::vector<std::string>{""});
    CHECK(parse_go_bool("x", "T"));
    CHECK_FALSE(parse_go_bool("x", "False"));
    CHECK_THROWS_AS(parse_go_bool("x", "maybe"), Error);
    CHECK(ascii_upper("descend") == "DESCEND");
}

TEST_CASE("prefix range ends") {
    CHECK(prefix_range_end("abc") == "abd");
    CHECK(prefix_range_end("a\xff") == "b");
    CHECK(prefix_range_end(std::string("\xff\xff", 2)) == std::string(1, '\0'));
    CHECK(prefix_range_end("") == std::string(1, '\0'));
    CHECK(prefix_range_end(std::string("a\x00", 2)) == std::string("a\x01", 2));
}

TEST_CASE("key ranges resolve like etcdctl") {
    const std::string nul(1, '\0');
    std::string end = "z";
    auto r = resolve_key_range("a", &end, false, false);
    CHECK((r.key == "a" && r.range_end == "z"));
    r = resolve_key_range("foo", nullptr, true, false);
    CHECK((r.key == "foo" && r.range_end == "fop"));
    r = resolve_key_range("", nullptr, true, false);
    CHECK((r.key == nul && r.range_end == nul));
    r = resolve_key_range("", nullptr, false, true);
    CHECK((r.key == nul && r.range_end == nul));
    r = resolve_key_range("m", nullptr, false, true);
    CHECK((r.key == "m" && r.range_end == nul));
    CHECK(hex_escape_bytes(std::string("a\xff\x00", 3)) == "\\x61\\xff\\x00");
}
