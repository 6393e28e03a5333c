#include <cstdlib>

#include <catch2/catch.hpp>

#include "cli.hpp"
#include "commands/register.hpp"
#include "run_in_process.hpp"

using namespace ectl;

using test::run;

TEST_CASE("version needs no server") {
    auto r = run({"version"});
    CHECK(r.code == 0);
    CHECK(r.out == std::string("ectl version: ") + ECTL_VERSION + "\nAPI version: 3.4\n");
    CHECK(run({"ver"}).code == 0); // cobra-style unique prefix
    CHECK(run({"version", "x"}).code == 128);
}

TEST_CASE("argument errors are one line and exit 128") {
    for (const auto& args : std::vector<std::vector<std::string>>{{"get"},
                                                                  {"get", "k", "--bogus-flag"},
                                                                  {"put"},
                                                                  {"del", "a", "b", "c"},
                                                                  {"--dial-timeout=abc", "get", "k"},
                                                                  {"--command-timeout=-1s", "get", "k"},
                                                                  {"--endpoints=", "get", "k"},
                                                                  {"--endpoints=notaurl::::", "get", "k"},
                                                                  {"--endpoints=ftp://h:1", "get", "k"}}) {
        auto r = run(args);
        INFO(args[0] << " " << (args.size() > 1 ? args[1] : ""));
        CHECK(r.code == 128);
        CHECK(r.out.empty());
        CHECK(r.err.rfind("Error: ", 0) == 0);
        CHECK(std::count(r.err.begin(), r.err.end(), '\n') == 1);
    }
    // cobra's layout: the error line, then where to look (no suggestion is near this one).
    auto unknown = run({"bogus-command"});
    CHECK(unknown.code == 128);
    CHECK(unknown.err == "Error: unknown command \"bogus-command\" for \"ectl\"\nRun 'ectl --help' for usage.\n");
    CHECK(run({"get", "k", "--bogus-flag"}).err == "Error: unknown flag: --bogus-flag\n");
    CHECK(run({"--endpoints=", "get", "k"}).err == "Error: etcdclient: no available endpoints\n");
    CHECK(run({"put", "k", "v", "--prev-kv=maybe"}).err ==
          "Error: invalid argument \"maybe\" for \"--prev-kv\" flag: strconv.ParseBool: parsing \"maybe\": invalid "
          "syntax\n");
    CHECK(run({"get", "k", "--limit"}).err == "Error: flag needs an argument: --limit\n");
}

TEST_CASE("output format errors exit 4 before any connection") {
    auto r = run({"-w", "yaml", "get", "k"});
    CHECK(r.code == 4);
    CHECK(r.err == "Error: unsupported output format \"yaml\"\n");
}

TEST_CASE("ETCDCTL_* variables are read, and a flag wins over its variable") {
    ::setenv("ETCDCTL_WRITE_OUT", "fromenv", 1);
    CHECK(run({"get", "k"}).err == "Error: unsupported output format \"fromenv\"\n");
    CHECK(run({"-w", "fromflag", "get", "k"}).err == "Error: unsupported output format \"fromflag\"\n");
    CHECK(run({"get", "k", "--write-out=late"}).err == "Error: unsupported output format \"late\"\n");
    ::unsetenv("ETCDCTL_WRITE_OUT");
    ::setenv("ETCDCTL_DIAL_TIMEOUT", "abc", 1);
    CHECK(run({"get", "k"}).err.find("\"--dial-timeout\" flag") != std::string::npos);
    CHECK(run({"--dial-timeout=1s", "-w", "nope", "get", "k"}).code == 4);
    ::unsetenv("ETCDCTL_DIAL_TIMEOUT");
}

TEST_CASE("help goes to stdout and exits 0") {
    auto r = run({"--help"});
    CHECK(r.code == 0);
    CHECK(r.out.find("get") != std::string::npos);
    auto g = run({"get", "--help"});
    CHECK(g.code == 0);
    CHECK(g.out.find("--prefix") != std::string::npos);
}
