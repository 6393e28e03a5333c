// completion: shell completion scripts (and, hidden, the man pages) from the live command tree.
#include <fstream>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "commands/commands.hpp"
#include "commands/register.hpp"
#include "docs/docs.hpp"
#include "docs/help.hpp"
#include "error.hpp"

namespace ectl {
namespace {

struct ScriptOptions {
    std::vector<std::string> args;
};

struct ManOptions {
    std::vector<std::string> args;
    std::string dir;
};

template <std::string (*Generate)(const CLI::App&)>
void print_script(const ScriptOptions& o, Context& ctx) {
    if (!o.args.empty()) {
        throw_bad_args(fmt::format("completion scripts take no arguments (got \"{}\")", o.args.front()));
    }
    FullTree tree(ctx.io()); // only the command argv names was built; the script needs them all
    ctx.io().out.write(Generate(tree.app));
}

void write_man_pages(const ManOptions& o, Context& ctx) {
    if (o.dir.empty() || !o.args.empty()) {
        throw_bad_args("completion man needs --dir DIR and no arguments");
    }
    FullTree tree(ctx.io());
    for (const auto& [name, text] : man_pages(tree.app)) {
        std::ofstream file(o.dir + "/" + name, std::ios::binary | std::ios::trunc);
        if (!(file << text)) {
            throw Error(ExitCode::io, fmt::format("cannot write {}/{}", o.dir, name));
        }
    }
}

} // namespace

void add_completion_command(CLI::App& root, Context& ctx) {
    auto* completion = root.add_subcommand("completion", "Generates shell completion scripts");
    describe_command(completion,
                     "Prints a completion script for bash, zsh or fish, generated from ectl's own command tree: "
                     "commands, abbreviations, flags and the values of flags whose values are known.",
                     {"source <(ectl completion bash)", "ectl completion zsh > \"${fpath[1]}/_ectl\"",
                      "ectl completion fish > ~/.config/fish/completions/ectl.fish"});
    add_command<ScriptOptions>(completion, ctx, "bash", "Generate the autocompletion script for bash", "",
                               print_script<bash_completion>);
    add_command<ScriptOptions>(completion, ctx, "fish", "Generate the autocompletion script for fish", "",
                               print_script<fish_completion>);
    add_command<ScriptOptions>(completion, ctx, "zsh", "Generate the autocompletion script for zsh", "",
                               print_script<zsh_completion>);
    auto man =
        add_command<ManOptions>(completion, ctx, "man", "Write the man pages into a directory", "", write_man_pages);
    man.cmd->group(""); // for `cmake --build build --target docs`
    add_value_flag(man.cmd, "dir", man.options->dir, flag_type::k_string, "the directory to write them to");
}

} // namespace ectl
