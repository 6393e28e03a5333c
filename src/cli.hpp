#pragma once
// The CLI11 command tree: global flags with their ETCDCTL_* variables, command registration, and
// the single place that turns errors into "Error: ..." and an exit code.

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "context.hpp"

namespace ectl {

// pflag's value types, which --help, completions and man pages show (stored as CLI11's type name).
namespace flag_type {
constexpr const char* k_string = "string";
constexpr const char* k_bool = "bool";
constexpr const char* k_int = "int";
constexpr const char* k_int64 = "int64";
constexpr const char* k_uint64 = "uint64";
constexpr const char* k_duration = "duration";
constexpr const char* k_string_slice = "stringSlice";
} // namespace flag_type

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

// Sees the command a line of words selected, just before it runs (runs) or its help is printed
// (!runs), and may refuse it by throwing Error.
using CommandCheck = std::function<void(const CLI::App& cmd, bool runs)>;

// Runs one command given as words (what follows `ectl` on a command line, without global flags:
// the process's apply) in ctx, as run_cli runs argv, building only the command the words name;
// errors are thrown, not printed. For batch, which runs many such lines over one session.
void run_words(std::vector<std::string> words, Context& ctx, const CommandList& commands, const CommandCheck& check);

// Builds the root app with the global flags and every command (docs, completions, tests).
void build_tree(CLI::App& app, Context& ctx, const CommandList& commands);

// Makes cmd run fn once parsing has finished and the global flags have been validated.
void on_run(CLI::App* cmd, Context& ctx, std::function<void()> fn);

// Adds the positional argument list of a command (validated by the command itself, so that
// argument-count errors carry etcdctl's wording). Words after "--" are appended to it too.
void add_args(CLI::App* cmd, Context& ctx, std::vector<std::string>& args, const std::string& names);

// A command made by add_command(), with the options its flags are bound to.
template <typename Options>
struct Command {
    CLI::App* cmd;
    std::shared_ptr<Options> options;
};

// Adds a command (to the root) or a subcommand (to a family such as lease) whose options live in
// an Options struct with an `args` member for its positional arguments; run(options, ctx) runs it.
template <typename Options>
Command<Options> add_command(CLI::App* parent, Context& ctx, const std::string& name, const std::string& help,
                             const std::string& args, void (*run)(const Options&, Context&)) {
    auto options = std::make_shared<Options>();
    auto* cmd = parent->add_subcommand(name, help);
    add_args(cmd, ctx, options->args, args);
    on_run(cmd, ctx, [options, run, &ctx] { run(*options, ctx); });
    return {cmd, options};
}

// pflag's wording of a CLI11 parse error, on one line (in_subcommand: below the root command).
std::string parse_error_text(const CLI::ParseError& e, bool in_subcommand);

// Parses a command's words (after its name) into app as pflag would ("--name=" sets an empty value,
// "--" ends the flags); throws Error(bad_args) with pflag's wording. For commands inside input lines.
void parse_words(CLI::App& app, std::vector<std::string> words);

// Sets a command's long description (--help's DESCRIPTION, the man page's) and example command
// lines, each a command as typed ("ectl get foo"): --help lists them after the description, the man
// page under EXAMPLES. Both are kept in CLI11's footer, after k_examples_heading.
void describe_command(CLI::App* cmd, const std::string& description, const std::vector<std::string>& examples = {});
constexpr const char* k_examples_heading = "\n\nExamples:\n";

// Adds a boolean flag that also accepts --name=true|false like pflag (shorthand: 0 for none).
CLI::Option* add_bool_flag(CLI::App* cmd, const std::string& name, bool& target, const std::string& help,
                           char shorthand = 0);

// Adds a flag that takes a value, kept as text for the command to parse with pflag's wording;
// type is the pflag type --help shows (help.hpp's flag_type), target's value the default.
CLI::Option* add_value_flag(CLI::App* cmd, const std::string& name, std::string& target, const char* type,
                            const std::string& help, char shorthand = 0);

// Adds a flag whose presence matters even when its value is empty (--if-value ""): target is
// set only when the flag is given.
CLI::Option* add_optional_flag(CLI::App* cmd, const std::string& name, std::optional<std::string>& target,
                               const char* type, const std::string& help);

} // namespace ectl
