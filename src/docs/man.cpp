// Man pages from the command tree: ectl(1), one page per top-level command and one per alias
// (ectl-compact(1) beside ectl-compaction(1)), in the sections a Debian man page has.
#include <absl/strings/ascii.h>
#include <absl/strings/match.h>
#include <absl/strings/str_join.h>
#include <absl/strings/str_split.h>
#include <absl/strings/strip.h>
#include <fmt/format.h>

#include "docs/docs.hpp"
#include "docs/exit_status.hpp"
#include "docs/help.hpp"
#include "docs/jsonl_schema.hpp"
#include "docs/tree.hpp"
#include "global_flags.hpp"

namespace ectl {
namespace {

// Text as roff prints it literally: backslashes and dashes escaped, a line never starting with a
// control character.
std::string roff(std::string_view text) {
    std::string out;
    bool line_start = true;
    for (char c : text) {
        if (line_start && (c == '.' || c == '\'')) {
            out += "\\&";
        }
        if (c == '\\') {
            out += "\\e";
        } else if (c == '-') {
            out += "\\-";
        } else {
            out += c;
        }
        line_start = c == '\n';
    }
    return out;
}

// Paragraphs of a description: blank lines start new ones; "$ " lines are shown as examples.
std::string roff_paragraphs(const std::string& text) {
    std::string out;
    bool in_example = false;
    for (absl::string_view raw : absl::StrSplit(text, '\n')) {
        absl::string_view line = absl::StripAsciiWhitespace(raw);
        bool example = absl::StartsWith(line, "$ ");
        if (line.empty()) {
            out += in_example ? ".EE\n" : "";
            out += ".PP\n";
            in_example = false;
            continue;
        }
        if (example != in_example) {
            out += example ? ".EX\n" : ".EE\n";
            in_example = example;
        }
        out += roff(std::string(line)) + "\n";
    }
    return out + (in_example ? ".EE\n" : "");
}

std::string option_items(const std::vector<const CLI::Option*>& flags) {
    std::string out;
    for (const auto* opt : flags) {
        std::string names = opt->get_snames().empty() ? "" : fmt::format("\\fB\\-{}\\fR, ", opt->get_snames()[0]);
        names += "\\fB" + roff("--" + opt->get_lnames()[0]) + "\\fR";
        if (takes_value(*opt)) {
            names += "=\\fI" + roff(opt->get_type_name()) + "\\fR";
        }
        std::string text = opt->get_description();
        const std::string value = opt->get_default_str();
        if (!value.empty() && value != "false" && value != "0" && value != "[]") {
            text += fmt::format(" (default {})", value);
        }
        out += ".TP\n" + names + "\n" + roff(text) + "\n";
    }
    return out;
}

std::string synopsis(const CLI::App& cmd, const std::string& name) {
    std::string tail = usage_tail(cmd);
    return fmt::format(".B ectl {}\n{}[\\fIflags\\fR]\n", roff(name), tail.empty() ? "" : roff(tail) + " ");
}

// The subcommands of a family, each with its synopsis, description and own options.
std::string commands_section(const CLI::App& family, const std::string& family_name) {
    std::string out = ".SH COMMANDS\n";
    for (const auto* sub : visible_children(family)) {
        const std::string name = family_name + " " + sub->get_name();
        out += ".SS " + roff(name) + "\n" + roff(sub->get_description()) + ".\n.PP\n" + synopsis(*sub, name);
        auto text = command_text(*sub);
        if (!text.description.empty()) {
            out += ".PP\n" + roff_paragraphs(text.description);
        }
        auto flags = visible_flags(*sub);
        if (!flags.empty()) {
            out += ".PP\nOptions:\n.RS\n" + option_items(flags) + ".RE\n";
        }
    }
    return out;
}

std::string exit_status_section() {
    std::string out = ".SH EXIT STATUS\n";
    for (const auto& row : exit_status_table()) {
        out += ".TP\n.B " + roff(row.status) + "\n" + roff(row.meaning) + "\n";
    }
    return out;
}

// The records of -w jsonl (the root page only: one schema for every command).
std::string jsonl_section() {
    std::string out = ".SH JSON LINES\nWith \\fB-w jsonl\\fR each line is one JSON object. Keys and values are "
                      "strings when they are valid UTF-8, else key_base64 and value_base64; lease IDs are hex "
                      "strings; revisions and versions are numbers.\n";
    for (const auto& row : jsonl_schema_table()) {
        out += fmt::format(".TP\n.B {}\none line per {}: {}\n", roff(row.commands), roff(row.per), roff(row.members));
    }
    return out + ".PP\nFor example: ectl get \\-\\-prefix app/ \\-w jsonl | jq \\-r .value\n";
}

std::string environment_section() {
    std::string out = ".SH ENVIRONMENT\nEvery global flag can be set by a variable; a flag given on the command line "
                      "wins.\n";
    for (const auto& flag : global_flags()) {
        out += fmt::format(".TP\n.B {}\n\\fB{}\\fR\n", roff(env_name(flag.name)), roff("--" + std::string(flag.name)));
    }
    return out + ".TP\n.B ETCDCTL_API\nmust be 3 (or unset): ectl speaks etcd's v3 API only\n";
}

std::string examples_section(const std::vector<std::string>& examples) {
    if (examples.empty()) {
        return "";
    }
    std::string out = ".SH EXAMPLES\n.EX\n";
    for (const auto& line : examples) {
        out += roff("$ " + line) + "\n";
    }
    return out + ".EE\n";
}

std::string page_header(const std::string& page, const std::string& summary) {
    return fmt::format(".TH {} 1 \"\" \"ectl {}\" \"User Commands\"\n.SH NAME\n{} \\- {}\n",
                       roff(absl::AsciiStrToUpper(page)), ECTL_VERSION, roff(page), roff(summary));
}

std::string global_options_section(const CLI::App& root) {
    return ".SH GLOBAL OPTIONS\n" + option_items(visible_flags(root));
}

// The page of a top-level command, under `name` (its own name or an alias).
std::string command_page(const CLI::App& cmd, const std::string& name, const CLI::App& root) {
    const std::string summary = cmd.get_description();
    std::string page = page_header("ectl-" + name, summary) + ".SH SYNOPSIS\n" + synopsis(cmd, name);
    auto text = command_text(cmd);
    page += ".SH DESCRIPTION\n" + roff_paragraphs(text.description.empty() ? summary + "." : text.description);
    if (name != cmd.get_name()) {
        page +=
            fmt::format(".PP\n\\fBectl {}\\fR is another name of \\fBectl {}\\fR.\n", roff(name), roff(cmd.get_name()));
    }
    if (is_family(cmd)) {
        page += commands_section(cmd, name);
    }
    auto flags = visible_flags(cmd);
    if (!flags.empty()) {
        page += ".SH OPTIONS\n" + option_items(flags);
    }
    page +=
        global_options_section(root) + exit_status_section() + environment_section() + examples_section(text.examples);
    return page + ".SH SEE ALSO\n.BR ectl (1),\n.BR etcdctl (1)\n";
}

constexpr const char* k_root_description =
    "ectl is a command-line client for etcd v3 that takes etcdctl 3.4's commands, flags and ETCDCTL_* "
    "variables, prints the same output and exits with the same codes; where etcdctl is unsafe or unclear, "
    "ectl says so and does better (see its README's \"Differences from etcdctl\").\n\n"
    "A command may be abbreviated to any prefix that names one etcdctl command (lease g for lease grant); an "
    "ambiguous prefix (de: del or defrag) is an error. \"ectl help COMMAND\" and \"ectl COMMAND --help\" "
    "describe a command, and \"ectl completion bash|zsh|fish\" prints a completion script.";

const std::vector<std::string> k_root_examples = {
    "ectl --endpoints=127.0.0.1:2379 put greeting hello",
    "ectl get --prefix app/ -w json | jq .",
    "ectl lock deploy -- ./deploy.sh",
    "ectl watch --prefix app/",
    "ectl help lease grant",
};

std::string root_page(const CLI::App& root, const std::vector<std::string>& pages) {
    std::string page = page_header("ectl", "a command-line client for etcd v3") +
                       ".SH SYNOPSIS\n.B ectl\n[\\fIglobal flags\\fR] \\fIcommand\\fR [\\fIflags\\fR] "
                       "[\\fIarguments\\fR]\n.SH DESCRIPTION\n" +
                       roff_paragraphs(k_root_description) + ".SH COMMANDS\n";
    for (const auto* sub : visible_children(root)) {
        page += fmt::format(".TP\n.BR ectl\\-{} (1)\n{}\n", roff(sub->get_name()), roff(sub->get_description()));
    }
    page += global_options_section(root) + exit_status_section() + jsonl_section() + environment_section() +
            examples_section(k_root_examples) + ".SH SEE ALSO\n";
    std::vector<std::string> refs;
    refs.reserve(pages.size() + 2);
    for (const auto& name : pages) {
        refs.push_back(".BR " + roff(name) + " (1)");
    }
    refs.emplace_back(".BR etcdctl (1)");
    refs.emplace_back(".BR etcd (1)");
    return page + absl::StrJoin(refs, ",\n") + "\n";
}

} // namespace

std::map<std::string, std::string> man_pages(const CLI::App& app) {
    std::map<std::string, std::string> pages;
    std::vector<std::string> names;
    for (const auto* sub : visible_children(app)) {
        std::vector<std::string> aliases{sub->get_name()};
        aliases.insert(aliases.end(), sub->get_aliases().begin(), sub->get_aliases().end());
        for (const auto& name : aliases) {
            pages["ectl-" + name + ".1"] = command_page(*sub, name, app);
            names.push_back("ectl-" + name);
        }
    }
    pages["ectl.1"] = root_page(app, names);
    return pages;
}

} // namespace ectl
