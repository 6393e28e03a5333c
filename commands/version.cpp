// version: ectl's own version and the etcd API it speaks; never touches the network.
#include <fmt/format.h>

#include "commands/commands.hpp"
#include "error.hpp"

namespace ectl {
namespace {

struct VersionOptions {
    std::vector<std::string> args;
};

void run_version(const VersionOptions& o, Context& ctx) {
    if (!o.args.empty()) {
        throw_bad_args(fmt::format("version takes no arguments (got \"{}\")", o.args.front()));
    }
    ctx.io().out.write(fmt::format("ectl version: {}\nAPI version: 3.4\n", ECTL_VERSION));
}

} // namespace

void add_version_command(CLI::App& root, Context& ctx) {
    auto version = add_command<VersionOptions>(&root, ctx, "version", "Prints the version of ectl", "", run_version);
    describe_command(version.cmd, "", {"ectl version"});
}

} // namespace ectl
