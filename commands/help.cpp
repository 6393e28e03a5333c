// help: cobra's `help [command]`, in etcdctl's layout.
#include <string>
#include <vector>

#include "command_words.hpp"
#include "commands/commands.hpp"
#include "commands/register.hpp"
#include "docs/help.hpp"

namespace ectl {
namespace {

struct HelpOptions {
    std::vector<std::string> args;
};

void run_help(const HelpOptions& o, Context& ctx) {
    FullTree tree(ctx.io());
    ctx.io().out.write(help_text(find_command(tree.app, o.args)));
}

} // namespace

void add_help_command(CLI::App& root, Context& ctx) {
    auto help = add_command<HelpOptions>(&root, ctx, "help", "Help about any command", "[command]", run_help);
    describe_command(help.cmd,
                     "Help provides help for any command in the application.\n"
                     "Simply type ectl help [path to command] for full details.",
                     {"ectl help", "ectl help lease grant", "ectl help le g  # abbreviations work here too"});
}

} // namespace ectl
