#include <fstream>
#include <sstream>

#include <catch2/catch.hpp>

#include "cli.hpp"
#include "commands/register.hpp"
#include "docs.hpp"

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
    StringSink out;
    StringSink err;
    StringInput in("");
    Io io{out, err, in};
    Process process(io);
    Context ctx(process);
    CLI::App app;
    build_tree(app, ctx, register_commands());
    const std::string bash = bash_completion(app);
    const std::string zsh = zsh_completion(app);
    const std::string fish = fish_completion(app);
    auto pages = man_pages(app);
    std::string all_man;
    for (const auto& [name, text] : pages) {
        all_man += text;
    }
    each_command(app, "", [&](const CLI::App& cmd, const std::string& path) {
        if (!path.empty()) {
            INFO("command " << path);
            CHECK(bash.find(cmd.get_name()) != std::string::npos);
            CHECK(zsh.find(cmd.get_name()) != std::string::npos);
            CHECK(fish.find("-a " + cmd.get_name()) != std::string::npos);
            CHECK(all_man.find(roff(cmd.get_name())) != std::string::npos);
        }
        for (const auto* opt : cmd.get_options()) {
            if (opt->get_lnames().empty() || opt->get_group().empty()) {
                continue;
            }
            const std::string& name = opt->get_lnames()[0];
            INFO("flag --" << name << " of '" << path << "'");
            CHECK(bash.find("--" + name) != std::string::npos);
            CHECK(zsh.find("--" + name) != std::string::npos);
            CHECK(fish.find("-l " + name) != std::string::npos);
            CHECK(all_man.find("\\-\\-" + roff(name)) != std::string::npos);
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
