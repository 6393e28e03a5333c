#pragma once
// The CLI11 command tree: global flags with their ETCDCTL_* variables, command registration, and
// the single place that turns errors into "Error: ..." and an exit code.

#include <functional>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "context.hpp"

namespace ectl {

// Adds one command family (e.g. "get", or "lease" with its subcommands) to the root.
using AddCommandFn = void (*)(CLI::App& root, Context& ctx);

// One top-level command as listed by commands/register.cpp.
struct CommandSpec {
    std::string name;
    std::vector<std::string> aliases;
    AddCommandFn add;
};

// The explicit list of every command family.
using CommandList = std::vector<CommandSpec>;

// Parses argv, runs the chosen command, prints errors; returns the process exit code.
int run_cli(int argc, char** argv, Io& io, CommandList (*register_commands)());

// Builds the root app with the global flags and every command (docs, completions, tests).
void build_tree(CLI::App& app, Context& ctx, const CommandList& commands);

// Makes cmd run fn once parsing has finished and the global flags have been validated.
void on_run(CLI::App* cmd, Context& ctx, std::function<void()> fn);

// Adds the positional argument list of a command (validated by the command itself, so that
// argument-count errors carry etcdctl's wording). Words after "--" are appended to it too.
void add_args(CLI::App* cmd, Context& ctx, std::vector<std::string>& args, const std::string& names);

// pflag's wording of a CLI11 parse error, on one line (in_subcommand: below the root command).
std::string parse_error_text(const CLI::ParseError& e, bool in_subcommand);

// Parses a command's words (after its name) into app as pflag would ("--name=" sets an empty value,
// "--" ends the flags); throws Error(bad_args) with pflag's wording. For commands inside input lines.
void parse_words(CLI::App& app, std::vector<std::string> words);

// Adds a boolean flag that also accepts --name=true|false like pflag.
CLI::Option* add_bool_flag(CLI::App* cmd, const std::string& name, bool& target, const std::string& help);

} // namespace ectl
