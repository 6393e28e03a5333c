// Command words: abbreviations resolved against etcdctl's tree, cobra's suggestions, `help`.
#include <algorithm>

#include <catch2/catch.hpp>

#include "cli.hpp"
#include "command_tree.hpp"
#include "command_words.hpp"
#include "commands/register.hpp"
#include "docs/help.hpp"
#include "run_in_process.hpp"

using namespace ectl;

using test::run;

namespace {

const std::vector<std::string> k_top = {"get", "put", "del", "defrag", "elect", "endpoint", "lease", "lock"};

// ectl's commands but one of etcdctl's: what a user of a build that lacks it sees.
CommandList without_snapshot() {
    auto list = register_commands();
    list.erase(std::remove_if(list.begin(), list.end(), [](const CommandSpec& c) { return c.name == "snapshot"; }),
               list.end());
    return list;
}

} // namespace

TEST_CASE("a prefix must be unique among etcdctl's names") {
    auto m = resolve_word("de", k_top, {"get", "put", "del"});
    CHECK(m.kind == WordMatch::Kind::ambiguous); // del or defrag, even though ectl has only del
    m = resolve_word("pu", k_top, {"get", "put", "del"});
    CHECK(m.kind == WordMatch::Kind::prefix);
    CHECK(m.name == "put");
    m = resolve_word("del", k_top, {"del"});
    CHECK(m.kind == WordMatch::Kind::exact);
    m = resolve_word("e", k_top, {"elect", "endpoint"});
    CHECK(m.kind == WordMatch::Kind::ambiguous);
    m = resolve_word("zzz", k_top, {"get"});
    CHECK(m.kind == WordMatch::Kind::unknown);
    // ectl's own commands answer to their full names only, so a prefix never changes meaning.
    m = resolve_word("jso", k_top, {"jsonl"});
    CHECK(m.kind == WordMatch::Kind::unknown);
    m = resolve_word("jsonl", k_top, {"jsonl"});
    CHECK(m.kind == WordMatch::Kind::exact);
}

TEST_CASE("suggestions are cobra's: Levenshtein distance 2 or a prefix, in the order given") {
    CHECK(suggestions_for("gett", k_top) == std::vector<std::string>{"get"});
    CHECK(suggestions_for("de", k_top) == std::vector<std::string>{"get", "del", "defrag"});
    CHECK(suggestions_for("LEASE", k_top) == std::vector<std::string>{"lease"});
    CHECK(suggestions_for("frobnicate", k_top).empty());
    CHECK(did_you_mean("gett", k_top) == "\n\nDid you mean this?\n\tget\n");
    CHECK(did_you_mean("frobnicate", k_top).empty());
}

TEST_CASE("abbreviations are the prefixes unique in etcdctl's tree") {
    auto lease = abbreviations({}, "lease", {"lease", "lock"});
    CHECK(lease == std::vector<std::string>{"le", "lea", "leas"});
    auto grant = abbreviations({"lease"}, "grant", {"grant", "revoke"});
    CHECK(grant == std::vector<std::string>{"g", "gr", "gra", "gran"});
    CHECK(abbreviations({}, "del", {"del"}).empty()); // "de" is also defrag
}

TEST_CASE("command words at every level resolve as etcdctl resolves them") {
    auto r = run({"de", "k"});
    CHECK(r.code == 128);
    CHECK(r.err.rfind("Error: unknown command \"de\" for \"ectl\"\n\nDid you mean this?\n\tget\n\tdel\n\tdefrag\n",
                      0) == 0);
    r = run({"gett", "k"});
    CHECK(r.err == "Error: unknown command \"gett\" for \"ectl\"\n\nDid you mean this?\n\tget\n\n"
                   "Run 'ectl --help' for usage.\n");
    r = run({"comp", "1"}); // an alias is accepted, never suggested
    CHECK(r.err.find("\tcompaction\n\tcompletion\n\n") != std::string::npos);
    CHECK(r.err.find("\tcompact\n") == std::string::npos);
    r = run({"lease", "bogus"});
    CHECK(r.code == 128);
    CHECK(r.err.rfind("Error: unknown command \"bogus\" for \"ectl lease\"\n", 0) == 0);
    r = run({"snapshot", "save", "x"}, "", without_snapshot);
    CHECK(r.code == 4);
    CHECK(r.err == "Error: \"snapshot\" is an etcdctl command that ectl does not implement yet\n");
    CHECK(run({"ver"}).code == 0);
    CHECK(run({"--debug", "versi"}).code == 0);
}

TEST_CASE("help [command] prints etcdctl's layout for the command named, abbreviated or not") {
    auto full = run({"help", "lease", "grant"});
    CHECK(full.code == 0);
    CHECK(full.out.rfind("NAME:\n\tlease grant - Creates leases\n\nUSAGE:\n\tectl lease grant <ttl> [flags]\n", 0) ==
          0);
    CHECK(full.out.find("  -h, --help[=false]\thelp for grant\n") != std::string::npos);
    CHECK(full.out.find("GLOBAL OPTIONS:\n") != std::string::npos);
    CHECK(run({"help", "le", "g"}).out == full.out);
    CHECK(run({"lease", "grant", "--help"}).out == full.out);
    auto root = run({"help"});
    CHECK(root.out.rfind("NAME:\n\tectl - A simple command line client for etcd3.\n\nUSAGE:\n\tectl [flags]\n", 0) ==
          0);
    auto bad = run({"help", "bogus"});
    CHECK(bad.code == 128);
    CHECK(bad.err.rfind("Error: unknown help topic \"bogus\" for \"ectl\"\n", 0) == 0);
}

TEST_CASE("--help shows each flag's type and default as pflag does") {
    auto get = run({"get", "--help"}).out;
    CHECK(get.find("--limit=0\t") != std::string::npos);
    CHECK(get.find("--rev=0\t") != std::string::npos);
    CHECK(get.find("--consistency=\"l\"\t") != std::string::npos);
    CHECK(get.find("--prefix[=false]\t") != std::string::npos);
    CHECK(get.find("help for get") != std::string::npos);
    CHECK(get.find("-w, --write-out=\"simple\"") != std::string::npos);
    auto lock = run({"lock", "--help"}).out;
    CHECK(lock.find("--ttl=10\t") != std::string::npos);
    auto put = run({"put", "--help"}).out;
    CHECK(put.find("unless it is a negative\n\tnumber such as -5, which is stored as given.") != std::string::npos);
}

TEST_CASE("tabwrite aligns cells as Go's text/tabwriter does with etcdctl's settings") {
    CHECK(tabwrite("a\tb\nlonger\tc\n") == "a\tb\nlonger\tc\n");
    CHECK(tabwrite("  -h, --help[=false]\thelp\n      --keys-only[=false]\tkeys\n") ==
          "  -h, --help[=false]\t\thelp\n      --keys-only[=false]\tkeys\n");
    CHECK(tabwrite("x\n\ty\tz\n") == "x\n\ty\tz\n");
}
