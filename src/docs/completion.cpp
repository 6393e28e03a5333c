// Completion scripts: a table of the command tree (commands, aliases, abbreviations, flags and what
// their values complete to) and, per shell, fixed code that reads it. The table is the only part
// generated from the tree, so the three shells complete the same words.
#include <absl/strings/str_join.h>
#include <absl/strings/str_replace.h>
#include <absl/strings/str_split.h>
#include <fmt/format.h>

#include "command_words.hpp"
#include "docs/docs.hpp"
#include "docs/help.hpp"
#include "docs/tree.hpp"

namespace ectl {
namespace {

// One line of text: the table's fields are separated by '|' and its records by newlines.
std::string one_line(const std::string& text) {
    return absl::StrReplaceAll(text, {{"\n", " "}, {"|", "/"}});
}

std::string child_path(const std::string& parent, const std::string& name) {
    return parent.empty() ? name : parent + " " + name;
}

// What a value completes to: b (no value), v (anything), f (file names), c (command names), w:a b c.
std::string spec_of(const Completion& c, bool has_value) {
    switch (c.kind) {
    case Completion::Kind::words:
        return "w:" + absl::StrJoin(c.words, " ");
    case Completion::Kind::files:
        return "f";
    case Completion::Kind::commands:
        return "c";
    case Completion::Kind::none:
        break;
    }
    return has_value ? "v" : "b";
}

// c|PARENT|NAME|PATH|DESCRIPTION: offered; p|PARENT|WORD|PATH: an alias or abbreviation, accepted.
void add_commands(const DocNode& node, std::string& out) {
    const auto children = visible_children(*node.app);
    std::vector<std::string> ours;
    for (const auto* sub : children) {
        ours.push_back(sub->get_name());
        ours.insert(ours.end(), sub->get_aliases().begin(), sub->get_aliases().end());
    }
    const std::vector<std::string> path = absl::StrSplit(node.path, ' ', absl::SkipEmpty());
    for (const auto* sub : children) {
        const std::string to = child_path(node.path, sub->get_name());
        out += fmt::format("c|{}|{}|{}|{}\n", node.path, sub->get_name(), to, one_line(sub->get_description()));
        auto accepted = sub->get_aliases();
        for (const auto& abbreviation : abbreviations(path, sub->get_name(), ours)) {
            accepted.push_back(abbreviation);
        }
        for (const auto& word : accepted) {
            out += fmt::format("p|{}|{}|{}|\n", node.path, word, to);
        }
    }
}

// f|PATH|--long|SPEC|DESCRIPTION: offered; s|PATH|-x|SPEC: accepted. PATH * is every command (the
// global flags); a family's own flags are listed again under each of its subcommands.
void add_flags(const DocNode& node, std::string& out) {
    const bool root = node.app->get_parent() == nullptr;
    std::vector<const CLI::Option*> flags;
    for (const CLI::App* app = node.app; app != nullptr && (root || app->get_parent() != nullptr);
         app = app->get_parent()) {
        auto own = visible_flags(*app);
        flags.insert(flags.end(), own.begin(), own.end());
    }
    const std::string at = root ? "*" : node.path;
    for (const auto* flag : flags) {
        const std::string spec = spec_of(value_completion(*flag), takes_value(*flag));
        out +=
            fmt::format("f|{}|--{}|{}|{}\n", at, flag->get_lnames().front(), spec, one_line(flag->get_description()));
        for (const auto& s : flag->get_snames()) {
            out += fmt::format("s|{}|-{}|{}|\n", at, s, spec);
        }
    }
    if (root) {
        out += "f|*|--help|b|help for the command\ns|*|-h|b|\n";
    }
}

// a|PATH|SPEC: what the command's positional arguments complete to.
void add_args(const DocNode& node, std::string& out) {
    const Completion c = args_completion(*node.app);
    if (c.kind != Completion::Kind::none) {
        out += fmt::format("a|{}|{}\n", node.path, spec_of(c, true));
    }
}

std::string completion_table(const CLI::App& root) {
    std::string out;
    for (const auto& node : doc_nodes(root)) {
        add_commands(node, out);
        add_flags(node, out);
        add_args(node, out);
    }
    if (!out.empty()) {
        out.pop_back();
    }
    return out;
}

std::string single_quoted_sh(const std::string& text) {
    return "'" + absl::StrReplaceAll(text, {{"'", "'\\''"}}) + "'";
}

std::string single_quoted_fish(const std::string& text) {
    return "'" + absl::StrReplaceAll(text, {{"\\", "\\\\"}, {"'", "\\'"}}) + "'";
}

// Shared by bash and zsh (both run it as is): walking the words and listing the candidates.
constexpr const char* k_sh_functions = R"SH(
# Prints what flag $2 of command $1 takes (b: nothing, v: a value, f: a file, w:words), or fails.
_ectl_flag_spec() {
    local kind at word spec rest
    while IFS='|' read -r kind at word spec rest; do
        if [[ ($kind == f || $kind == s) && ($at == "$1" || $at == '*') && $word == "$2" ]]; then
            printf '%s\n' "$spec"
            return 0
        fi
    done <<<"$_ectl_table"
    return 1
}

# Prints the command that word $2 (a name, an alias or an abbreviation) names below command $1.
_ectl_child() {
    local kind at word child rest
    while IFS='|' read -r kind at word child rest; do
        if [[ ($kind == c || $kind == p) && $at == "$1" && $word == "$2" ]]; then
            printf '%s\n' "$child"
            return 0
        fi
    done <<<"$_ectl_table"
    return 1
}

# Reads the words before the cursor: sets _ectl_cmd (the command they name; "--" once past the
# separator of an exec command) and _ectl_wants (a flag whose value is the next word).
_ectl_walk() {
    local w spec child
    _ectl_cmd='' _ectl_wants=''
    for w in "$@"; do
        if [[ -n $_ectl_wants ]]; then
            _ectl_wants=''
        elif [[ $_ectl_cmd == -- ]]; then
            :
        elif [[ $w == -- ]]; then
            _ectl_cmd=--
        elif [[ $w == -*=* ]]; then
            :
        elif [[ $w == -* ]]; then
            if spec=$(_ectl_flag_spec "$_ectl_cmd" "$w") && [[ $spec != b ]]; then
                _ectl_wants=$w
            fi
        elif child=$(_ectl_child "$_ectl_cmd" "$w"); then
            _ectl_cmd=$child
        fi
    done
}

# Prints the values of spec $1 that start with $3, each after $2; "@files" for file names.
_ectl_values() {
    local v kind at word child desc
    case $1 in
    f) printf '@files\n' ;;
    w:*)
        for v in $(printf '%s\n' "${1#w:}"); do
            if [[ $v == "$3"* ]]; then
                printf '%s%s\n' "$2" "$v"
            fi
        done
        ;;
    c)
        while IFS='|' read -r kind at word child desc; do
            if [[ $kind == c && -z $at && $word == "$3"* ]]; then
                printf '%s\t%s\n' "$word" "$desc"
            fi
        done <<<"$_ectl_table"
        ;;
    esac
    return 0
}

# Prints the candidates for the word $1 under the cursor ("word<TAB>description" or "@files"),
# after _ectl_walk.
_ectl_candidates() {
    local cur=$1 kind at word spec desc
    if [[ -n $_ectl_wants ]]; then
        spec=$(_ectl_flag_spec "$_ectl_cmd" "$_ectl_wants")
        _ectl_values "$spec" '' "$cur"
    elif [[ $_ectl_cmd == -- ]]; then
        printf '@files\n'
    elif [[ $cur == -*=* ]]; then
        if spec=$(_ectl_flag_spec "$_ectl_cmd" "${cur%%=*}"); then
            _ectl_values "$spec" "${cur%%=*}=" "${cur#*=}"
        fi
    else
        while IFS='|' read -r kind at word spec desc; do
            if [[ $cur == -* ]]; then
                if [[ $kind == f && ($at == "$_ectl_cmd" || $at == '*') && $word == "$cur"* ]]; then
                    printf '%s\t%s\n' "$word" "$desc"
                fi
            elif [[ $kind == c && $at == "$_ectl_cmd" && $word == "$cur"* ]]; then
                printf '%s\t%s\n' "$word" "$desc"
            elif [[ $kind == a && $at == "$_ectl_cmd" ]]; then
                _ectl_values "$word" '' "$cur"
            fi
        done <<<"$_ectl_table"
    fi
    return 0
}
)SH";

constexpr const char* k_bash_driver = R"SH(
_ectl() {
    local -a line=()
    local i w cur replaced c
    # bash splits --flag=value at "=" (COMP_WORDBREAKS): join the pieces again.
    for ((i = 1; i <= COMP_CWORD; i++)); do
        w=${COMP_WORDS[i]}
        if ((${#line[@]})) && { [[ $w == = && ${line[-1]} == -* ]] ||
            [[ ${COMP_WORDS[i - 1]} == = && ${line[-1]} == -*= ]]; }; then
            line[-1]+=$w
        else
            line+=("$w")
        fi
    done
    cur=${line[-1]}
    unset 'line[-1]'
    # readline replaces only the text after the last "=" of the word.
    replaced=${COMP_WORDS[COMP_CWORD]}
    [[ $replaced == = ]] && replaced=''
    _ectl_walk "${line[@]}"
    COMPREPLY=()
    while IFS= read -r c; do
        if [[ $c == @files ]]; then
            compopt -o filenames 2>/dev/null
            mapfile -t -O "${#COMPREPLY[@]}" COMPREPLY < <(compgen -f -- "$replaced")
        else
            c=${c%%$'\t'*}
            COMPREPLY+=("${c#"${cur%"$replaced"}"}")
        fi
    done < <(_ectl_candidates "$cur")
}
complete -F _ectl ectl
)SH";

constexpr const char* k_zsh_driver = R"SH(
_ectl() {
    local cur=${words[CURRENT]} c files=0
    local -a cands shown
    _ectl_walk "${(@)words[2,CURRENT-1]}"
    while IFS= read -r c; do
        if [[ $c == @files ]]; then
            files=1
        elif [[ $c == *$'\t'* ]]; then
            cands+=("${c%%$'\t'*}")
            shown+=("${c%%$'\t'*}  -- ${c#*$'\t'}")
        else
            cands+=("$c")
            shown+=("$c")
        fi
    done < <(_ectl_candidates "$cur")
    if ((${#cands})); then
        compadd -l -d shown -- "${cands[@]}"
    fi
    if ((files)); then
        [[ $cur == -*=* ]] && compset -P '*='
        _files
    fi
}
_ectl "$@"
)SH";

constexpr const char* k_fish_functions = R"FISH(
# Prints field 4 of the first record of a kind in $kinds ("f s": a flag's spec; "c p": the command
# a name, alias or abbreviation names) whose PARENT/PATH is $at (or * for every command) and whose
# word is $word; fails when there is none.
function __ectl_lookup --argument-names kinds at word
    for line in (string split \n -- $__ectl_table)
        set -l f (string split '|' -- $line)
        if contains -- $f[1] (string split ' ' -- $kinds); and test "$f[3]" = "$word"; and contains -- "$f[2]" "$at" '*'
            echo $f[4]
            return 0
        end
    end
    return 1
end

function __ectl_starts --argument-names text prefix
    test (string sub --length (string length -- "$prefix") -- "$text") = "$prefix"
end

# Prints the values of $spec that start with $partial, each after $prefix.
function __ectl_values --argument-names spec prefix partial
    switch $spec
        case f
            for p in (__fish_complete_path $partial)
                echo $prefix$p
            end
        case 'w:*'
            for v in (string split ' ' -- (string sub --start 3 -- $spec))
                __ectl_starts $v $partial; and echo $prefix$v
            end
        case c
            for line in (string split \n -- $__ectl_table)
                set -l f (string split '|' -- $line)
                if test "$f[1]" = c; and test -z "$f[2]"; and __ectl_starts $f[3] $partial
                    printf '%s\t%s\n' $f[3] $f[5]
                end
            end
    end
end

function __ectl_complete
    set -l tokens (commandline -opc)
    set -e tokens[1]
    set -l cur (commandline -ct)
    set -l cmd ''
    set -l wants ''
    for w in $tokens
        if test -n "$wants"
            set wants ''
        else if test "$cmd" = --
        else if test "$w" = --
            set cmd --
        else if string match -q -- '-*=*' $w
        else if string match -q -- '-*' $w
            set -l spec (__ectl_lookup "f s" "$cmd" $w); and test "$spec" != b; and set wants $w
        else
            set -l child (__ectl_lookup "c p" "$cmd" $w); and set cmd $child
        end
    end
    if test -n "$wants"
        __ectl_values (__ectl_lookup "f s" "$cmd" $wants) '' $cur
    else if test "$cmd" = --
        __fish_complete_path $cur
    else if string match -q -- '-*=*' $cur
        set -l flag (string split -m 1 = -- $cur)
        set -l spec (__ectl_lookup "f s" "$cmd" $flag[1]); and __ectl_values $spec "$flag[1]=" "$flag[2]"
    else
        for line in (string split \n -- $__ectl_table)
            set -l f (string split '|' -- $line)
            if string match -q -- '-*' $cur
                if test "$f[1]" = f; and contains -- "$f[2]" "$cmd" '*'; and __ectl_starts $f[3] $cur
                    printf '%s\t%s\n' $f[3] $f[5]
                end
            else if test "$f[1]" = c; and test "$f[2]" = "$cmd"; and __ectl_starts $f[3] $cur
                printf '%s\t%s\n' $f[3] $f[5]
            else if test "$f[1]" = a; and test "$f[2]" = "$cmd"
                __ectl_values $f[3] '' $cur
            end
        end
    end
end

complete -c ectl -f -a '(__ectl_complete)'
)FISH";

constexpr const char* k_table_comment =
    "# The command tree, one record a line, fields split by '|':\n"
    "#   c|PARENT|NAME|PATH|DESCRIPTION   a command (offered)\n"
    "#   p|PARENT|WORD|PATH               an alias or abbreviation of one (accepted)\n"
    "#   f|PATH|--FLAG|SPEC|DESCRIPTION   a flag (offered; PATH * is every command)\n"
    "#   s|PATH|-X|SPEC                   a short flag (accepted)\n"
    "#   a|PATH|SPEC                      what the arguments complete to\n"
    "# SPEC: b (no value), v (a value), f (a file), c (a command), w:WORD WORD...\n";

} // namespace

std::string bash_completion(const CLI::App& app) {
    return fmt::format("# bash completion for ectl (generated from the command tree by `ectl completion bash`; do "
                       "not edit)\n{}_ectl_table={}\n{}{}",
                       k_table_comment, single_quoted_sh(completion_table(app)), k_sh_functions, k_bash_driver);
}

std::string zsh_completion(const CLI::App& app) {
    return fmt::format("#compdef ectl\n# zsh completion for ectl (generated from the command tree by `ectl completion "
                       "zsh`; do not edit)\n{}_ectl_table={}\n{}{}",
                       k_table_comment, single_quoted_sh(completion_table(app)), k_sh_functions, k_zsh_driver);
}

std::string fish_completion(const CLI::App& app) {
    return fmt::format("# fish completion for ectl (generated from the command tree by `ectl completion fish`; do "
                       "not edit)\n{}set -g __ectl_table {}\n{}",
                       k_table_comment, single_quoted_fish(completion_table(app)), k_fish_functions);
}

} // namespace ectl
