// version: ectl's own version and the etcd API it speaks; never touches the network.
#include <fmt/format.h>

#include "commands/commands.hpp"
#include "error.hpp"

namespace ectl {

void add_version_command(CLI::App& root, Context& ctx) {
    auto args = std::make_shared<std::vector<std::string>>();
    auto* cmd = root.add_subcommand("version", "Prints the version of ectl");
    add_args(cmd, ctx, *args, "");
    on_run(cmd, ctx, [args, &ctx] {
        if (!args->empty()) {
            throw_bad_args(fmt::format("version takes no arguments (got \"{}\")", args->front()));
        }
        ctx.io().out.write(fmt::format("ectl version: {}\nAPI version: 3.4\n", ECTL_VERSION));
    });
}

} // namespace ectl
