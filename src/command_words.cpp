#include "command_words.hpp"

#include <algorithm>

#include <absl/strings/str_join.h>
#include <fmt/format.h>

#include "command_tree.hpp"
#include "docs/help.hpp"
#include "error.hpp"
#include "global_flags.hpp"

namespace ectl {
namespace {

bool is_value_flag(const std::string& word) {
    for (const auto& flag : global_flags()) {
        if (flag.kind != GlobalFlag::Kind::boolean &&
            (word == "--" + std::string(flag.name) ||
             (flag.shorthand != 0 && word == std::string{'-', flag.shorthand}))) {
            return true;
        }
    }
    return false;
}

// The index of the next command word at or after from; args.size() when none.
size_t next_word(const std::vector<std::string>& args, size_t from) {
    for (size_t i = from; i < args.size(); ++i) {
        if (args[i] == "--") {
            return args.size();
        }
        if (args[i].empty() || args[i][0] != '-') {
            return i;
        }
        if (is_value_flag(args[i])) {
            ++i;
        }
    }
    return args.size();
}

std::vector<std::string> etcdctl_names(const std::vector<EtcdctlCommand>& level) {
    std::vector<std::string> names;
    names.reserve(level.size());
    for (const auto& c : level) {
        names.emplace_back(c.name);
    }
    return names;
}

const std::vector<EtcdctlCommand>& etcdctl_children(const std::vector<std::string>& path) {
    static const std::vector<EtcdctlCommand> k_none;
    if (path.empty()) {
        return etcdctl_commands();
    }
    const auto* cmd = find_etcdctl_command(path);
    return cmd != nullptr ? cmd->children : k_none;
}

// What a mistyped word at this level may have meant: etcdctl's commands in its order, then ectl's
// own; never `help` (cobra does not suggest it).
std::vector<std::string> candidates(const std::vector<std::string>& etcdctl, const std::vector<std::string>& ours) {
    std::vector<std::string> all;
    for (const auto* names : {&etcdctl, &ours}) {
        for (const auto& n : *names) {
            if (n != "help" && std::find(all.begin(), all.end(), n) == all.end()) {
                all.push_back(n);
            }
        }
    }
    return all;
}

std::string parent_name(const std::vector<std::string>& path) {
    return path.empty() ? "ectl" : "ectl " + absl::StrJoin(path, " ");
}

// ectl's commands at one level: the visible names, their aliases (accepted, never suggested, as
// cobra suggests names only) and hidden commands (which answer to their exact names only).
struct LevelNames {
    std::vector<std::string> visible;
    std::vector<std::string> aliases;
    std::vector<std::string> hidden;
};

// The full name word stands for at this level, among ours (throws for unknown and missing ones).
std::string resolve(const std::string& word, const std::vector<std::string>& path, const LevelNames& level,
                    const char* what) {
    if (std::find(level.hidden.begin(), level.hidden.end(), word) != level.hidden.end()) {
        return word;
    }
    std::vector<std::string> ours = level.visible;
    ours.insert(ours.end(), level.aliases.begin(), level.aliases.end());
    const auto etcdctl = etcdctl_names(etcdctl_children(path));
    WordMatch m = resolve_word(word, etcdctl, ours);
    if (m.kind == WordMatch::Kind::unknown || m.kind == WordMatch::Kind::ambiguous) {
        std::string text = fmt::format("{} \"{}\" for \"{}\"", what, word, parent_name(path));
        throw Error(ExitCode::bad_args, text + did_you_mean(word, candidates(etcdctl, level.visible)) +
                                            fmt::format("\nRun '{} --help' for usage.", parent_name(path)));
    }
    if (std::find(ours.begin(), ours.end(), m.name) == ours.end()) {
        auto full = path;
        full.push_back(m.name);
        throw Error(ExitCode::bad_feature, fmt::format("\"{}\" is an etcdctl command that ectl does not implement yet",
                                                       absl::StrJoin(full, " ")));
    }
    return m.name;
}

LevelNames names_of(const CLI::App& family) {
    LevelNames names;
    for (const auto* sub : family.get_subcommands([](const CLI::App*) { return true; })) {
        bool hidden = sub->get_group().empty();
        (hidden ? names.hidden : names.visible).push_back(sub->get_name());
        auto& aliases = hidden ? names.hidden : names.aliases;
        aliases.insert(aliases.end(), sub->get_aliases().begin(), sub->get_aliases().end());
    }
    return names;
}

const CLI::App* child(const CLI::App& family, const std::string& name) {
    for (const auto* sub : family.get_subcommands([](const CLI::App*) { return true; })) {
        const auto& aliases = sub->get_aliases();
        if (sub->get_name() == name || std::find(aliases.begin(), aliases.end(), name) != aliases.end()) {
            return sub;
        }
    }
    return nullptr;
}

} // namespace

const CommandSpec* resolve_top_command(std::vector<std::string>& args, const CommandList& all, size_t& at) {
    at = next_word(args, 0);
    if (at == args.size()) {
        return nullptr;
    }
    LevelNames ours;
    for (const auto& spec : all) {
        ours.visible.push_back(spec.name);
        ours.aliases.insert(ours.aliases.end(), spec.aliases.begin(), spec.aliases.end());
    }
    std::string name = resolve(args[at], {}, ours, "unknown command");
    for (const auto& spec : all) {
        if (spec.name == name || std::find(spec.aliases.begin(), spec.aliases.end(), name) != spec.aliases.end()) {
            args[at] = name;
            return &spec;
        }
    }
    return nullptr; // not reached: resolve() only returns our names
}

void resolve_subcommands(std::vector<std::string>& args, size_t at, const CLI::App& family) {
    const CLI::App* node = child(family, args[at]);
    std::vector<std::string> path = {node != nullptr ? node->get_name() : args[at]};
    while (node != nullptr && !node->get_subcommands([](const CLI::App*) { return true; }).empty()) {
        at = next_word(args, at + 1);
        if (at == args.size()) {
            return;
        }
        args[at] = resolve(args[at], path, names_of(*node), "unknown command");
        node = child(*node, args[at]);
        path.push_back(node->get_name());
    }
}

std::vector<std::string> abbreviations(const std::vector<std::string>& path, const std::string& name,
                                       const std::vector<std::string>& ours) {
    std::vector<std::string> out;
    const auto etcdctl = etcdctl_names(etcdctl_children(path));
    for (size_t n = 1; n < name.size(); ++n) {
        WordMatch m = resolve_word(name.substr(0, n), etcdctl, ours);
        if (m.kind == WordMatch::Kind::prefix && m.name == name) {
            out.push_back(name.substr(0, n));
        }
    }
    return out;
}

const CLI::App& find_command(const CLI::App& root, const std::vector<std::string>& words) {
    const CLI::App* node = &root;
    for (const auto& word : words) {
        std::string name = resolve(word, command_path(*node), names_of(*node), "unknown help topic");
        node = child(*node, name);
    }
    return *node;
}

} // namespace ectl
