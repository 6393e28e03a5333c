#include "docs/help.hpp"

#include <algorithm>
#include <functional>

#include <absl/strings/ascii.h>
#include <absl/strings/str_join.h>
#include <absl/strings/str_split.h>
#include <fmt/format.h>

#include "cli.hpp"
#include "command_tree.hpp"
#include "docs/tree.hpp"
#include "go_quote.hpp"
#include "utf8.hpp"

namespace ectl {
namespace {

constexpr size_t k_tab_width = 8;

size_t rune_count(std::string_view text) {
    size_t n = 0;
    while (!text.empty()) {
        text.remove_prefix(decode_utf8(text).width);
        ++n;
    }
    return n;
}

using Cells = std::vector<std::string>;

// Go's tabwriter.writeLines: tab-terminated cells padded to their column's width with tabs.
void write_lines(const std::vector<Cells>& lines, const std::vector<size_t>& widths, size_t line0, size_t line1,
                 std::string& out) {
    for (size_t i = line0; i < line1; ++i) {
        const Cells& cells = lines[i];
        for (size_t j = 0; j < cells.size(); ++j) {
            out += cells[j];
            if (j < widths.size()) {
                size_t cell = (widths[j] + k_tab_width - 1) / k_tab_width * k_tab_width;
                size_t pad = cell - rune_count(cells[j]);
                out.append((pad + k_tab_width - 1) / k_tab_width, '\t');
            }
        }
        if (i + 1 < lines.size()) {
            out += '\n';
        }
    }
}

// Go's tabwriter.format: a column block is a run of lines that have a cell in this column.
void format_block(const std::vector<Cells>& lines, std::vector<size_t>& widths, size_t line0, size_t line1,
                  std::string& out) {
    const size_t column = widths.size();
    for (size_t at = line0; at < line1; ++at) {
        if (column + 1 >= lines[at].size()) {
            continue;
        }
        write_lines(lines, widths, line0, at, out);
        line0 = at;
        size_t width = 0;
        for (; at < line1 && column + 1 < lines[at].size(); ++at) {
            width = std::max(width, rune_count(lines[at][column]) + 1);
        }
        widths.push_back(width);
        format_block(lines, widths, line0, at, out);
        widths.pop_back();
        line0 = at;
        if (at == line1) {
            break;
        }
    }
    write_lines(lines, widths, line0, line1, out);
}

std::vector<const CLI::App*> sorted_children(const CLI::App& cmd) {
    auto out = visible_children(cmd);
    std::sort(out.begin(), out.end(),
              [](const CLI::App* a, const CLI::App* b) { return a->get_name() < b->get_name(); });
    return out;
}

// The runnable commands below cmd, depth first, each child sorted by name (cobra's Commands()).
void runnable_below(const CLI::App& cmd, std::vector<const CLI::App*>& out) {
    for (const auto* sub : sorted_children(cmd)) {
        if (!is_family(*sub)) {
            out.push_back(sub);
        }
        runnable_below(*sub, out);
    }
}

std::string relative_name(const CLI::App& cmd, const CLI::App& from) {
    std::string name = cmd.get_name();
    for (const CLI::App* p = cmd.get_parent(); p != nullptr && p != &from; p = p->get_parent()) {
        name.insert(0, p->get_name() + " ");
    }
    return name;
}

// "<synopsis>\t<usage>" lines, sorted by flag name; with_help adds cobra's -h/--help.
std::string flag_lines(const std::vector<const CLI::Option*>& flags, const std::string& help_for) {
    std::vector<std::pair<std::string, std::string>> lines;
    lines.reserve(flags.size() + 1);
    for (const auto* opt : flags) {
        lines.emplace_back(opt->get_lnames().front(), flag_synopsis(*opt) + "\t" + opt->get_description() + "\n");
    }
    if (!help_for.empty()) {
        lines.emplace_back("help", "  -h, --help[=false]\thelp for " + help_for + "\n");
    }
    std::sort(lines.begin(), lines.end());
    std::string text;
    for (const auto& [name, line] : lines) {
        text += line;
    }
    return text;
}

std::string description_lines(const std::string& long_text) {
    std::string text;
    std::string trimmed(absl::StripTrailingAsciiWhitespace(absl::StripLeadingAsciiWhitespace(long_text)));
    for (absl::string_view line : absl::StrSplit(trimmed, '\n')) {
        text += "\t" + std::string(line) + "\n";
    }
    return text;
}

std::string commands_section(const CLI::App& cmd) {
    std::vector<const CLI::App*> commands;
    runnable_below(cmd, commands);
    std::string text = "\n\nCOMMANDS:\n";
    for (const auto* sub : commands) {
        text += "\t" + relative_name(*sub, cmd) + "\t" + sub->get_description() + "\n";
    }
    return text;
}

} // namespace

std::vector<std::string> command_path(const CLI::App& cmd) {
    std::vector<std::string> path;
    for (const CLI::App* c = &cmd; c != nullptr && c->get_parent() != nullptr; c = c->get_parent()) {
        path.insert(path.begin(), c->get_name());
    }
    return path;
}

std::string usage_tail(const CLI::App& cmd) {
    if (cmd.get_parent() == nullptr) {
        return ""; // cobra's root usage line is "etcdctl [flags]"
    }
    if (const auto* known = find_etcdctl_command(command_path(cmd)); known != nullptr) {
        return std::string(known->use);
    }
    if (is_family(cmd)) {
        return "<subcommand>";
    }
    const auto* args = cmd.get_option_no_throw("args");
    return args != nullptr ? args->get_description() : "";
}

std::string flag_synopsis(const CLI::Option& opt) {
    std::string text = opt.get_snames().empty() ? "      --" : fmt::format("  -{}, --", opt.get_snames().front());
    text += opt.get_lnames().front();
    const std::string type = opt.get_type_name();
    const std::string value = opt.get_default_str();
    if (type == flag_type::k_bool) {
        return text + "[=" + (value.empty() ? "false" : value) + "]";
    }
    return text + "=" + (type == flag_type::k_string ? go_quote(value) : value);
}

std::vector<const CLI::Option*> visible_flags(const CLI::App& cmd) {
    std::vector<const CLI::Option*> out;
    for (const auto* opt : cmd.get_options()) {
        bool is_help = opt == cmd.get_help_ptr();
        if (!is_help && !opt->get_lnames().empty() && !opt->get_group().empty()) {
            out.push_back(opt);
        }
    }
    std::sort(out.begin(), out.end(),
              [](const CLI::Option* a, const CLI::Option* b) { return a->get_lnames()[0] < b->get_lnames()[0]; });
    return out;
}

std::vector<const CLI::Option*> inherited_flags(const CLI::App& cmd) {
    std::vector<const CLI::Option*> out;
    for (const CLI::App* p = cmd.get_parent(); p != nullptr; p = p->get_parent()) {
        auto flags = visible_flags(*p);
        out.insert(out.end(), flags.begin(), flags.end());
    }
    std::sort(out.begin(), out.end(),
              [](const CLI::Option* a, const CLI::Option* b) { return a->get_lnames()[0] < b->get_lnames()[0]; });
    return out;
}

std::string tabwrite(const std::string& text) {
    std::vector<Cells> lines;
    for (absl::string_view line : absl::StrSplit(text, '\n')) {
        lines.push_back(absl::StrSplit(line, '\t'));
    }
    std::vector<size_t> widths;
    std::string out;
    format_block(lines, widths, 0, lines.size(), out);
    return out;
}

std::string help_text(const CLI::App& cmd) {
    const bool root = cmd.get_parent() == nullptr;
    const auto path = command_path(cmd);
    const std::string name = root ? cmd.get_name() : absl::StrJoin(path, " ");
    std::string text = fmt::format("NAME:\n\t{} - {}\n\nUSAGE:\n", name, cmd.get_description());
    std::string tail = usage_tail(cmd);
    text += "\tectl" + (root ? "" : " " + name) + (tail.empty() ? "" : " " + tail) + " [flags]\n";
    if (root) {
        text += fmt::format("\nVERSION:\n\t{}\n", ECTL_VERSION);
    }
    if (is_family(cmd)) {
        text += "\nAPI VERSION:\n\t3.4\n" + commands_section(cmd);
    }
    // etcdctl's DESCRIPTION is cobra's Long text; the examples are for the man page.
    if (auto long_text = command_text(cmd).description; !long_text.empty()) {
        text += "\nDESCRIPTION:\n" + description_lines(long_text);
    }
    text += "\nOPTIONS:\n" + flag_lines(visible_flags(cmd), cmd.get_name());
    auto inherited = inherited_flags(cmd);
    if (!inherited.empty()) {
        text += "\nGLOBAL OPTIONS:\n" + flag_lines(inherited, "");
    }
    return tabwrite(text + "\n");
}

} // namespace ectl
