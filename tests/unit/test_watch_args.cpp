#include <cstdlib>

#include <catch2/catch.hpp>

#include "error_text.hpp"
#include "watch_args.hpp"

using namespace ectl;
using ectl::test::bad_args_message;

TEST_CASE("watch plans follow etcdctl's argument rules") {
    ::unsetenv("ETCDCTL_WATCH_KEY");
    ::unsetenv("ETCDCTL_WATCH_RANGE_END");
    WatchOptions o;
    o.prefix = true;
    o.rev = "7";
    o.prev_kv = true;
    WatchPlan p = make_watch_plan(o, {"foo"}, -1);
    CHECK(p.spec.key == "foo");
    CHECK(p.spec.range_end == "fop");
    CHECK(p.spec.start_revision == 7);
    CHECK(p.spec.prev_kv);
    CHECK(p.exec.empty());

    WatchOptions range;
    p = make_watch_plan(range, {"a", "c", "echo", "hi"}, 2);
    CHECK(p.spec.key == "a");
    CHECK(p.spec.range_end == "c");
    CHECK(p.exec == std::vector<std::string>{"echo", "hi"});
}

TEST_CASE("watch rejects what etcdctl rejects, and what it silently drops") {
    ::unsetenv("ETCDCTL_WATCH_KEY");
    WatchOptions o;
    CHECK(bad_args_message([&] { make_watch_plan(o, {}, -1); }) == "bad number of arguments");
    CHECK(bad_args_message([&] { make_watch_plan(o, {"k"}, 1); }) ==
          "bad number of arguments (found separator --, but no commands)");
    CHECK_THROWS_AS(make_watch_plan(o, {"a", "b", "extra"}, -1), RangeError);
    WatchOptions prefix;
    prefix.prefix = true;
    CHECK(bad_args_message([&] {
              make_watch_plan(prefix, {"a", "b"}, -1);
          }) == "`range_end` and `--prefix` are mutually exclusive");
    WatchOptions negative;
    negative.rev = "-5";
    CHECK_THROWS_AS(make_watch_plan(negative, {"k"}, -1), Error);
}

TEST_CASE("ETCDCTL_WATCH_KEY and ETCDCTL_WATCH_RANGE_END stand in for the arguments") {
    ::setenv("ETCDCTL_WATCH_KEY", "ek", 1);
    ::setenv("ETCDCTL_WATCH_RANGE_END", "ez", 1);
    WatchOptions o;
    WatchPlan p = make_watch_plan(o, {"cmd"}, 0);
    CHECK(p.spec.key == "ek");
    CHECK(p.spec.range_end == "ez");
    CHECK(p.exec == std::vector<std::string>{"cmd"});
    CHECK(bad_args_message([&] { make_watch_plan(o, {"k"}, -1); }) ==
          "bad number of arguments (found conflicting environment key)");
    ::unsetenv("ETCDCTL_WATCH_KEY");
    ::unsetenv("ETCDCTL_WATCH_RANGE_END");
}
