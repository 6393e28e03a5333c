#include "docs.hpp"

#include <functional>
#include <vector>

#include <fmt/format.h>

#include "parse.hpp"

namespace ectl {
namespace {

// A command and its space-separated path below the root ("", "get", "lease grant").
struct Node {
    const CLI::App* app;
    std::string path;
};

std::vector<Node> walk(const CLI::App& root) {
    std::vector<Node> nodes;
    std::function<void(const CLI::App&, const std::string&)> visit = [&](const CLI::App& a, const std::string& path) {
        nodes.push_back({&a, path});
        for (const auto* sub : a.get_subcommands([](const CLI::App* s) { return !s->get_group().empty(); })) {
            visit(*sub, path.empty() ? sub->get_name() : path + " " + sub->get_name());
        }
    };
    visit(root, "");
    return nodes;
}

std::vector<const CLI::Option*> long_flags(const CLI::App& a) {
    std::vector<const CLI::Option*> out;
    for (const auto* opt : a.get_options()) {
        if (!opt->get_lnames().empty() && !opt->get_group().empty()) {
            out.push_back(opt);
        }
    }
    return out;
}

std::string words(const CLI::App& a) {
    std::string w;
    for (const auto* sub : a.get_subcommands([](const CLI::App* s) { return !s->get_group().empty(); })) {
        w += sub->get_name() + " ";
    }
    for (const auto* opt : long_flags(a)) {
        w += "--" + opt->get_lnames()[0] + " ";
    }
    if (!w.empty()) {
        w.pop_back();
    }
    return w;
}

std::string roff_escape(std::string text) {
    std::string out;
    for (char c : text) {
        out += c == '\\' ? std::string("\\e") : c == '-' ? std::string("\\-") : std::string(1, c);
    }
    return out;
}

std::string man_options(const std::vector<const CLI::Option*>& opts) {
    std::string text;
    for (const auto* opt : opts) {
        std::string names;
        for (const auto& s : opt->get_snames()) {
            names += "\\fB\\-" + s + "\\fP, ";
        }
        names += "\\fB\\-\\-" + roff_escape(opt->get_lnames()[0]) + "\\fP";
        if (opt->get_type_size() != 0) {
            names += "=\\fI" + roff_escape(opt->get_default_str().empty() ? "VALUE" : opt->get_default_str()) + "\\fP";
        }
        text += ".TP\n" + names + "\n" + roff_escape(opt->get_description()) + "\n";
    }
    return text;
}

} // namespace

std::string bash_completion(const CLI::App& app) {
    std::string cases;
    for (const auto& n : walk(app)) {
        cases += fmt::format("        \"{}\") opts=\"{}\" ;;\n", n.path, words(*n.app));
    }
    return fmt::format(R"(# bash completion for ectl (generated from the command tree; do not edit)
_ectl() {{
    local cur path="" w i opts
    cur="${{COMP_WORDS[COMP_CWORD]}}"
    for ((i = 1; i < COMP_CWORD; i++)); do
        w="${{COMP_WORDS[i]}}"
        case "$w" in -*) continue ;; esac
        if _ectl_known "${{path:+$path }}$w"; then path="${{path:+$path }}$w"; fi
    done
    case "$path" in
{}        *) opts="" ;;
    esac
    mapfile -t COMPREPLY < <(compgen -W "$opts" -- "$cur")
}}
_ectl_known() {{
    case "$1" in
{}        *) return 1 ;;
    esac
}}
complete -F _ectl ectl
)",
                       cases, [&] {
                           std::string known;
                           for (const auto& n : walk(app)) {
                               if (!n.path.empty()) {
                                   known += fmt::format("        \"{}\") return 0 ;;\n", n.path);
                               }
                           }
                           return known;
                       }());
}

std::string zsh_completion(const CLI::App& app) {
    std::string cases;
    for (const auto& n : walk(app)) {
        cases += fmt::format("        \"{}\") opts=({}) ;;\n", n.path, words(*n.app));
    }
    return fmt::format(R"(#compdef ectl
# zsh completion for ectl (generated from the command tree; do not edit)
_ectl() {{
    local path="" w i
    local -a opts known
    known=({})
    for ((i = 2; i < CURRENT; i++)); do
        w="${{words[i]}}"
        [[ "$w" == -* ]] && continue
        if (( ${{known[(Ie)${{path:+$path }}$w]}} )); then path="${{path:+$path }}$w"; fi
    done
    case "$path" in
{}        *) opts=() ;;
    esac
    compadd -- "${{opts[@]}}"
}}
_ectl "$@"
)",
                       [&] {
                           std::string known;
                           for (const auto& n : walk(app)) {
                               if (!n.path.empty()) {
                                   known += "'" + n.path + "' ";
                               }
                           }
                           return known;
                       }(),
                       cases);
}

std::string fish_completion(const CLI::App& app) {
    std::string text = "# fish completion for ectl (generated from the command tree; do not edit)\n";
    for (const auto& n : walk(app)) {
        std::string cond =
            n.path.empty() ? "__fish_use_subcommand" : fmt::format("__fish_seen_subcommand_from {}", n.app->get_name());
        for (const auto* sub : n.app->get_subcommands([](const CLI::App* s) { return !s->get_group().empty(); })) {
            text += fmt::format("complete -c ectl -f -n '{}' -a {} -d '{}'\n", cond, sub->get_name(),
                                sub->get_description());
        }
        for (const auto* opt : long_flags(*n.app)) {
            std::string d = opt->get_description();
            for (auto& c : d) {
                c = c == '\'' ? '"' : c;
            }
            text += fmt::format("complete -c ectl -n '{}' -l {} -d '{}'\n", n.path.empty() ? "true" : cond,
                                opt->get_lnames()[0], d);
        }
    }
    return text;
}

std::map<std::string, std::string> man_pages(const CLI::App& app) {
    std::map<std::string, std::string> pages;
    const std::string header = ".TH {} 1 \"\" \"ectl\" \"User Commands\"\n";
    std::string root = fmt::format(header, "ECTL");
    root += ".SH NAME\nectl \\- " + roff_escape(app.get_description()) + "\n";
    root +=
        ".SH SYNOPSIS\n\\fBectl\\fP [\\fIglobal options\\fP] \\fIcommand\\fP [\\fIoptions\\fP] [\\fIarguments\\fP]\n";
    root += ".SH COMMANDS\n";
    for (const auto& n : walk(app)) {
        if (!n.path.empty()) {
            root += ".TP\n\\fB" + roff_escape(n.path) + "\\fP\n" + roff_escape(n.app->get_description()) + "\n";
        }
    }
    root += ".SH GLOBAL OPTIONS\nEach global option can also be set with the environment variable "
            "\\fBETCDCTL_\\fP\\fINAME\\fP (upper case, dashes as underscores); a flag given on the command line "
            "wins over the variable.\n" +
            man_options(long_flags(app));
    root += ".SH SEE ALSO\n";
    for (const auto* sub : app.get_subcommands([](const CLI::App* s) { return !s->get_group().empty(); })) {
        root += "\\fBectl\\-" + roff_escape(sub->get_name()) + "\\fP(1)\n";
    }
    pages["ectl.1"] = root;
    for (const auto* family : app.get_subcommands([](const CLI::App* s) { return !s->get_group().empty(); })) {
        std::string page = fmt::format(header, "ECTL-" + family->get_name());
        page += ".SH NAME\nectl\\-" + roff_escape(family->get_name()) + " \\- " +
                roff_escape(family->get_description()) + "\n";
        for (const auto& n : walk(*family)) {
            std::string path = n.path.empty() ? family->get_name() : family->get_name() + " " + n.path;
            page += ".SH " + roff_escape(ascii_upper(path)) + "\n";
            page += "\\fBectl " + roff_escape(path) + "\\fP [\\fIoptions\\fP] " +
                    roff_escape(n.app->get_option_no_throw("args") != nullptr
                                    ? n.app->get_option_no_throw("args")->get_description()
                                    : "") +
                    "\n.PP\n" + roff_escape(n.app->get_description()) + "\n";
            if (!n.app->get_footer().empty()) {
                page += ".PP\n.nf\n" + roff_escape(n.app->get_footer()) + "\n.fi\n";
            }
            auto opts = long_flags(*n.app);
            if (!opts.empty()) {
                page += ".SS OPTIONS\n" + man_options(opts);
            }
        }
        page += ".SH SEE ALSO\n\\fBectl\\fP(1) for the global options.\n";
        pages["ectl-" + family->get_name() + ".1"] = page;
    }
    return pages;
}

} // namespace ectl
