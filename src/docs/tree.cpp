#include "docs/tree.hpp"

#include <functional>
#include <map>

#include <absl/strings/str_split.h>
#include <absl/strings/strip.h>

#include "cli.hpp"
#include "output/printer.hpp"

namespace ectl {

std::vector<const CLI::App*> visible_children(const CLI::App& cmd) {
    auto subs = cmd.get_subcommands([](const CLI::App* s) { return !s->get_group().empty(); });
    return {subs.begin(), subs.end()};
}

bool is_family(const CLI::App& cmd) {
    return !visible_children(cmd).empty();
}

std::vector<DocNode> doc_nodes(const CLI::App& root) {
    std::vector<DocNode> nodes;
    std::function<void(const CLI::App&, const std::string&)> visit = [&](const CLI::App& app, const std::string& path) {
        nodes.push_back({&app, path});
        for (const auto* sub : visible_children(app)) {
            visit(*sub, path.empty() ? sub->get_name() : path + " " + sub->get_name());
        }
    };
    visit(root, "");
    return nodes;
}

bool takes_value(const CLI::Option& flag) {
    return flag.get_type_name() != flag_type::k_bool;
}

Completion value_completion(const CLI::Option& flag) {
    // Flags keep their meaning across commands (pflag style), so the long name says what they take.
    static const std::map<std::string, std::vector<std::string>> k_words = {
        {"sort-by", {"CREATE", "KEY", "MODIFY", "VALUE", "VERSION"}},
        {"order", {"ASCEND", "DESCEND"}},
        {"consistency", {"l", "s"}},
    };
    static const std::vector<std::string> k_files = {"cacert",   "cert",     "key",     "dest-cacert",  "dest-cert",
                                                     "dest-key", "data-dir", "wal-dir", "password-file"};
    if (!takes_value(flag) || flag.get_lnames().empty()) {
        return {};
    }
    const std::string& name = flag.get_lnames().front();
    if (name == "write-out") {
        return {Completion::Kind::words, output_formats()};
    }
    if (auto it = k_words.find(name); it != k_words.end()) {
        return {Completion::Kind::words, it->second};
    }
    if (std::find(k_files.begin(), k_files.end(), name) != k_files.end()) {
        return {Completion::Kind::files, {}};
    }
    return {};
}

Completion args_completion(const CLI::App& cmd) {
    if (cmd.get_name() == "help" && cmd.get_parent() != nullptr && cmd.get_parent()->get_parent() == nullptr) {
        return {Completion::Kind::commands, {}};
    }
    const auto* args = cmd.get_option_no_throw("args");
    if (args != nullptr && args->get_description().find("<filename>") != std::string::npos) {
        return {Completion::Kind::files, {}};
    }
    return {};
}

CommandText command_text(const CLI::App& cmd) {
    const std::string& footer = cmd.get_footer();
    auto at = footer.find(k_examples_heading);
    if (at == std::string::npos) {
        return {footer, {}};
    }
    CommandText text{footer.substr(0, at), {}};
    for (absl::string_view line :
         absl::StrSplit(footer.substr(at + std::string(k_examples_heading).size()), '\n', absl::SkipEmpty())) {
        absl::ConsumePrefix(&line, "$ ");
        text.examples.emplace_back(line);
    }
    return text;
}

} // namespace ectl
