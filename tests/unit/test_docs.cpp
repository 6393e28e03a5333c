#include <fstream>
#include <sstream>

#include <catch2/catch.hpp>

#include "cli.hpp"
#include "commands/register.hpp"
#include "docs/docs.hpp"
#include "docs/exit_status.hpp"
#include "docs/jsonl_schema.hpp"

using namespace ectl;

namespace {

// How roff spells a name in the man pages (dashes escaped).
std::string roff(const std::string& name) {
    std::string out;
    for (char c : name) {
        out += c == '-' ? std::string("\\-") : std::string(1, c);
    }
    return out;
}

// The whole command tree, on in-memory I/O.
struct TestTree {
    StringSink out;
    StringSink err;
    StringInput in{""};
    Io io{out, err, in};
    FullTree full{io};
};

std::string slurp(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

void each_command(const CLI::App& app, const std::string& path,
                  const std::function<void(const CLI::App&, const std::string&)>& fn) {
    fn(app, path);
    for (const auto* sub : app.get_subcommands([](const CLI::App* s) { return !s->get_group().empty(); })) {
        each_command(*sub, path.empty() ? sub->get_name() : path + " " + sub->get_name(), fn);
    }
}

} // namespace

TEST_CASE("completions and man pages cover every command and long flag") {
    TestTree tree;
    const CLI::App& app = tree.full.app;
    const std::string bash = bash_completion(app);
    const std::string zsh = zsh_completion(app);
    const std::string fish = fish_completion(app);
    auto pages = man_pages(app);
    std::string all_man;
    for (const auto& [name, text] : pages) {
        all_man += text;
    }
    // The three scripts carry the same table of records (see docs/completion.cpp); the shells
    // themselves are driven by tests/e2e/test_shell.py.
    each_command(app, "", [&](const CLI::App& cmd, const std::string& path) {
        if (!path.empty()) {
            INFO("command " << path);
            auto parent = path.find(' ') == std::string::npos ? std::string() : path.substr(0, path.rfind(' '));
            const std::string record = "c|" + parent + "|" + cmd.get_name() + "|" + path + "|";
            for (const auto* script : {&bash, &zsh, &fish}) {
                CHECK(script->find(record) != std::string::npos);
            }
            CHECK(all_man.find(roff(cmd.get_name())) != std::string::npos);
        }
        for (const auto* opt : cmd.get_options()) {
            if (opt->get_lnames().empty() || opt->get_group().empty()) {
                continue;
            }
            const std::string& name = opt->get_lnames()[0];
            INFO("flag --" << name << " of '" << path << "'");
            if (name != "help") {
                for (const auto* script : {&bash, &zsh, &fish}) {
                    CHECK(script->find("|--" + name + "|") != std::string::npos);
                }
                CHECK(all_man.find("\\-\\-" + roff(name)) != std::string::npos);
            }
        }
    });

    SECTION("the committed files are what the tree generates (run `cmake --build build --target docs`)") {
        const std::string root = ECTL_SOURCE_DIR;
        CHECK(slurp(root + "/completions/ectl.bash") == bash);
        CHECK(slurp(root + "/completions/_ectl") == zsh);
        CHECK(slurp(root + "/completions/ectl.fish") == fish);
        for (const auto& [name, text] : pages) {
            INFO("man/" << name);
            CHECK(slurp(root + "/man/" + name) == text);
        }
    }
}

TEST_CASE("every man page has the sections of a Debian man page") {
    TestTree tree;
    const CLI::App& app = tree.full.app;
    auto pages = man_pages(app);
    CHECK(pages.count("ectl-compact.1") == 1); // one page per alias
    for (const auto& [name, text] : pages) {
        INFO(name);
        for (const char* section : {".SH NAME\n", ".SH SYNOPSIS\n", ".SH DESCRIPTION\n", ".SH GLOBAL OPTIONS\n",
                                    ".SH EXIT STATUS\n", ".SH ENVIRONMENT\n", ".SH SEE ALSO\n"}) {
            CHECK(text.find(section) != std::string::npos);
        }
        CHECK(text.find(".B ETCDCTL_ENDPOINTS\n") != std::string::npos);
        CHECK(text.find(".B ETCDCTL_API\n") != std::string::npos);
        for (const auto& row : exit_status_table()) {
            CHECK(text.find(".B " + roff(row.status) + "\n") != std::string::npos);
        }
    }
    CHECK(pages["ectl-get.1"].find(".SH EXAMPLES\n") != std::string::npos);
    CHECK(pages["ectl-lease.1"].find(".SS lease grant\n") != std::string::npos);
}

TEST_CASE("the README's JSON Lines table is the one in the code, and ectl(1) has it") {
    const std::string readme = slurp(std::string(ECTL_SOURCE_DIR) + "/README.md");
    std::string table = "| command | one line per | members |\n|---|---|---|\n";
    for (const auto& row : jsonl_schema_table()) {
        table += "| " + row.commands + " | " + row.per + " | " + row.members + " |\n";
    }
    CHECK(readme.find(table) != std::string::npos);
    const std::string man = slurp(std::string(ECTL_SOURCE_DIR) + "/man/ectl.1");
    CHECK(man.find(".SH JSON LINES\n") != std::string::npos);
}

TEST_CASE("the README's exit-code table is the one in the code") {
    const std::string readme = slurp(std::string(ECTL_SOURCE_DIR) + "/README.md");
    std::string table = "| code | meaning |\n|---|---|\n";
    for (const auto& row : exit_status_table()) {
        table += "| " + row.status + " | " + row.meaning + " |\n";
    }
    CHECK(readme.find(table) != std::string::npos);
}
