// completion: shell completion scripts (and, hidden, the man pages) from the live command tree.
#include <fstream>

#include <fmt/format.h>

#include "commands/commands.hpp"
#include "commands/register.hpp"
#include "docs.hpp"
#include "error.hpp"

namespace ectl {
namespace {

struct CompletionOptions {
    std::vector<std::string> args;
    std::string man_dir;
};

void run_completion(const CompletionOptions& o, Context& ctx) {
    // Only the command that argv names was built; the scripts need the whole tree.
    Process scratch_process(ctx.io());
    Context scratch(scratch_process);
    CLI::App full;
    build_tree(full, scratch, register_commands());
    if (!o.man_dir.empty()) {
        for (const auto& [name, text] : man_pages(full)) {
            std::ofstream file(o.man_dir + "/" + name, std::ios::binary | std::ios::trunc);
            if (!(file << text)) {
                throw Error(ExitCode::io, fmt::format("cannot write {}/{}", o.man_dir, name));
            }
        }
        return;
    }
    if (o.args.size() != 1) {
        throw_bad_args("completion needs exactly one argument: bash, zsh or fish");
    }
    const std::string& shell = o.args[0];
    if (shell == "bash") {
        ctx.io().out.write(bash_completion(full));
    } else if (shell == "zsh") {
        ctx.io().out.write(zsh_completion(full));
    } else if (shell == "fish") {
        ctx.io().out.write(fish_completion(full));
    } else {
        throw_bad_args(fmt::format("unsupported shell \"{}\" (use bash, zsh or fish)", shell));
    }
}

} // namespace

void add_completion_command(CLI::App& root, Context& ctx) {
    auto completion = add_command<CompletionOptions>(&root, ctx, "completion",
                                                     "Generates a shell completion script (bash, zsh or fish)",
                                                     "<bash|zsh|fish>", run_completion);
    completion.cmd->footer(
        "Examples:\n  $ source <(ectl completion bash)\n  $ ectl completion zsh > \"${fpath[1]}/_ectl\"\n"
        "  $ ectl completion fish > ~/.config/fish/completions/ectl.fish");
    completion.cmd->add_option("--man-dir", completion.options->man_dir, "write the man pages into this directory")
        ->group("");
}

} // namespace ectl
