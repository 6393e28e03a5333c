#pragma once
// The command tree as --help, the completion scripts and the man pages describe it: the visible
// commands with their paths, what each flag's value and each command's arguments complete to, and
// each command's long description and examples.

#include <string>
#include <vector>

#include <CLI/CLI.hpp>

namespace ectl {

// A visible command and its path below the root ("" for the root, "lease grant").
struct DocNode {
    const CLI::App* app;
    std::string path;
};

// The root and every visible command below it, depth first, in registration order.
std::vector<DocNode> doc_nodes(const CLI::App& root);

// The visible subcommands of cmd (hidden ones have an empty group), in registration order.
std::vector<const CLI::App*> visible_children(const CLI::App& cmd);

// True when cmd has visible subcommands (lease, endpoint, the root).
bool is_family(const CLI::App& cmd);

// True for a flag that takes a value (--limit=5), false for a boolean one (--prefix).
bool takes_value(const CLI::Option& flag);

// What a flag's value or a command's arguments complete to.
struct Completion {
    enum class Kind { none, words, files, commands };
    Kind kind = Kind::none;
    std::vector<std::string> words; // for Kind::words
};

// The completion of flag's value: -w's formats, the known values of --sort-by, --order and
// --consistency, file names for the TLS files.
Completion value_completion(const CLI::Option& flag);

// The completion of cmd's positional arguments: command names for `help`, file names where the
// usage names a <filename>.
Completion args_completion(const CLI::App& cmd);

// A command's long description and example command lines (see describe_command in cli.hpp).
struct CommandText {
    std::string description;
    std::vector<std::string> examples;
};
CommandText command_text(const CLI::App& cmd);

} // namespace ectl
