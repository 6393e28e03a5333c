#include <catch2/catch.hpp>

#include "error.hpp"
#include "error_text.hpp"
#include "lease_requests.hpp"
#include "reconnect.hpp"

using namespace ectl;
using ectl::test::bad_args_message;
using std::chrono::milliseconds;
using std::chrono::seconds;

TEST_CASE("lease grant takes exactly one TTL > 0") {
    CHECK(make_lease_grant_request({"10"}).ttl() == 10);
    CHECK(make_lease_grant_request({"+5"}).ttl() == 5);                    // Go's ParseInt takes a sign
    CHECK(make_lease_grant_request({"99999999999"}).ttl() == 99999999999); // the server says "too large"
    CHECK(bad_args_message([] { make_lease_grant_request({}); }) == "lease grant command needs TTL argument");
    CHECK(bad_args_message([] {
              make_lease_grant_request({"10", "20"});
          }) == "lease grant command needs exactly one TTL argument (got 2)");
    CHECK(bad_args_message([] { make_lease_grant_request({"abc"}); }) ==
          "bad TTL (strconv.ParseInt: parsing \"abc\": invalid syntax)");
    CHECK(bad_args_message([] { make_lease_grant_request({"1.5"}); }) ==
          "bad TTL (strconv.ParseInt: parsing \"1.5\": invalid syntax)");
    CHECK(bad_args_message([] { make_lease_grant_request({"99999999999999999999"}); }) ==
          "bad TTL (strconv.ParseInt: parsing \"99999999999999999999\": value out of range)");
    CHECK(bad_args_message([] { make_lease_grant_request({"0"}); }) == "bad TTL (0): TTL must be > 0");
    CHECK(bad_args_message([] { make_lease_grant_request({"-5"}); }) == "bad TTL (-5): TTL must be > 0");
}

TEST_CASE("lease IDs are one non-negative hex argument") {
    const std::string usage = "lease revoke command needs 1 argument";
    CHECK(lease_id_from_args({"694d7a6a1a0c2b0a"}, usage) == 0x694d7a6a1a0c2b0a);
    CHECK(lease_id_from_args({"0"}, usage) == 0);
    CHECK(bad_args_message([&] { lease_id_from_args({}, usage); }) == usage);
    CHECK(bad_args_message([&] {
              lease_id_from_args({"1", "2"}, usage);
          }) == usage + " (got 2 arguments; exactly one lease ID is expected)");
    CHECK(bad_args_message([&] { lease_id_from_args({"xyz"}, usage); }) ==
          "bad lease ID arg (strconv.ParseInt: parsing \"xyz\": invalid syntax), expecting ID in Hex");
    CHECK(bad_args_message([&] { lease_id_from_args({"ffffffffffffffffff"}, usage); }) ==
          "bad lease ID arg (strconv.ParseInt: parsing \"ffffffffffffffffff\": value out of range), expecting ID "
          "in Hex");
    CHECK(bad_args_message([&] { lease_id_from_args({"0x12"}, usage); }) ==
          "bad lease ID arg (strconv.ParseInt: parsing \"0x12\": invalid syntax), expecting ID in Hex");
    CHECK(bad_args_message([&] { lease_id_from_args({"-5"}, usage); }) ==
          "bad lease ID arg (\"-5\" is negative), expecting ID in Hex");
}

TEST_CASE("lease timetolive request") {
    auto req = make_lease_time_to_live_request({"1f"}, true);
    CHECK(req.id() == 0x1f);
    CHECK(req.keys());
    CHECK_FALSE(make_lease_time_to_live_request({"1f"}, false).keys());
    CHECK(bad_args_message([] { make_lease_time_to_live_request({}, false); }) ==
          "lease timetolive command needs lease ID as argument");
}

TEST_CASE("one renewal and reconnect policy for every lease and stream") {
    // Renew at TTL/3 like clientv3.
    CHECK(renew_interval(3) == milliseconds(1000));
    CHECK(renew_interval(4) == milliseconds(1333));
    CHECK(renew_interval(10) == milliseconds(3333));
    CHECK(renew_interval(60) == milliseconds(20000));
    CHECK(renew_interval(0) == milliseconds(100));
    // An unanswered renewal counts as lost contact after TTL/3, within [1 s, 5 s].
    CHECK(answer_timeout(0) == milliseconds(5000));
    CHECK(answer_timeout(2) == milliseconds(1000));
    CHECK(answer_timeout(9) == milliseconds(3000));
    CHECK(answer_timeout(10) == milliseconds(3333));
    CHECK(answer_timeout(600) == milliseconds(5000));
    // Reconnect pauses double from 200 ms to 1 s, and start over after a success.
    Backoff backoff;
    CHECK(backoff.next() == milliseconds(200));
    CHECK(backoff.next() == milliseconds(400));
    CHECK(backoff.next() == milliseconds(800));
    CHECK(backoff.next() == milliseconds(1000));
    CHECK(backoff.next() == milliseconds(1000));
    backoff.reset();
    CHECK(backoff.next() == milliseconds(200));
}
