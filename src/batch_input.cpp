#include "batch_input.hpp"

#include <algorithm>
#include <optional>

#include <absl/strings/escaping.h>
#include <absl/strings/match.h>
#include <absl/strings/str_split.h>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "error.hpp"
#include "words.hpp"

namespace ectl {
namespace {

// Members in the order given, so that flags reach the command in the order they were written.
using Json = nlohmann::ordered_json;

[[noreturn]] void invalid(const std::string& message) {
    throw Error(ExitCode::invalid_input, message);
}

// The positionals a line may give, in the order the command takes them.
struct Positionals {
    std::optional<std::string> key;
    std::optional<std::string> second; // value or range_end
    std::vector<std::string> args;
};

Json parse_object(std::string_view line) {
    Json doc;
    try {
        doc = Json::parse(line.begin(), line.end());
    } catch (const Json::parse_error& e) {
        // "[json.exception.parse_error.101] parse error at ..." without the library's tag.
        std::string what = e.what();
        invalid("invalid JSON: " + what.substr(what.find("] ") == std::string::npos ? 0 : what.find("] ") + 2));
    }
    if (!doc.is_object()) {
        invalid("a JSON line must be an object, such as {\"op\":\"get\",\"key\":\"k\"}");
    }
    return doc;
}

std::string text_of(const std::string& name, const Json& value) {
    if (!value.is_string()) {
        invalid(fmt::format("\"{}\" must be a string", name));
    }
    return value.get<std::string>();
}

// Sets slot (what: its name in errors) from member name, decoding base64; a slot given twice is an error.
void set_positional(std::optional<std::string>& slot, const char* what, const std::string& name, const Json& value,
                    bool base64) {
    if (slot) {
        invalid(fmt::format("\"{}\": the {} was given already", name, what));
    }
    std::string text = text_of(name, value);
    if (!base64) {
        slot = std::move(text);
        return;
    }
    std::string bytes;
    if (!absl::Base64Unescape(text, &bytes)) {
        invalid(fmt::format("\"{}\" is not valid base64", name));
    }
    slot = std::move(bytes);
}

// The flag word a member stands for ("--prev-kv", "--lease=abc", "--prefix=false").
std::string flag_word(const std::string& flag, const std::string& name, const Json& value) {
    if (flag.empty() || flag[0] == '-' || flag.find('=') != std::string::npos) {
        invalid(fmt::format("\"{}\" is not a flag name (write \"prev_kv\" for --prev-kv)", name));
    }
    if (value.is_boolean()) {
        return value.get<bool>() ? "--" + flag : "--" + flag + "=false";
    }
    if (value.is_string()) {
        return "--" + flag + "=" + value.get<std::string>();
    }
    if (value.is_number()) {
        return "--" + flag + "=" + value.dump();
    }
    invalid(fmt::format("\"{}\": a flag takes a string, a number or true/false", name));
}

// Takes one member that is not "op": a positional into p, or a flag appended to flags.
void take_member(const std::string& name, const Json& value, Positionals& p, std::vector<std::string>& flags) {
    std::string flag = name;
    std::replace(flag.begin(), flag.end(), '_', '-');
    const bool base64 = absl::EndsWith(flag, "-base64");
    const std::string base = base64 ? flag.substr(0, flag.size() - std::string_view("-base64").size()) : flag;
    if (base == "key") {
        set_positional(p.key, "key", name, value, base64);
    } else if (base == "value" || base == "range-end") {
        set_positional(p.second, "value or range_end", name, value, base64);
    } else if (flag == "args") {
        if (!value.is_array()) {
            invalid("\"args\" must be an array of strings");
        }
        for (const auto& arg : value) {
            p.args.push_back(text_of("args", arg));
        }
    } else {
        flags.push_back(flag_word(flag, name, value));
    }
}

} // namespace

std::vector<std::string> jsonl_words(std::string_view line) {
    const Json doc = parse_object(line);
    const auto op = doc.find("op");
    if (op == doc.end()) {
        invalid("no \"op\" (the command, such as \"put\", \"get\", \"del\" or \"lease grant\")");
    }
    std::vector<std::string> words = absl::StrSplit(text_of("op", *op), ' ', absl::SkipEmpty());
    if (words.empty()) {
        invalid("\"op\" is empty");
    }
    Positionals p;
    for (auto it = doc.begin(); it != doc.end(); ++it) {
        if (it.key() != "op") {
            take_member(it.key(), it.value(), p, words);
        }
    }
    if (p.second && !p.key) {
        invalid("a value or range_end needs a key");
    }
    // After "--", so that a key or value that starts with '-' stays data, never a flag.
    if (p.key || !p.args.empty()) {
        words.emplace_back("--");
    }
    for (auto* slot : {&p.key, &p.second}) {
        if (*slot) {
            words.push_back(std::move(**slot));
        }
    }
    words.insert(words.end(), p.args.begin(), p.args.end());
    return words;
}

std::vector<std::string> batch_line_words(std::string_view line, BatchSyntax syntax) {
    const size_t first = line.find_first_not_of(" \t\r\f\n");
    if (first == std::string_view::npos || line[first] == '#') {
        return {};
    }
    return syntax == BatchSyntax::jsonl ? jsonl_words(line) : split_words(line, WordSyntax::shell);
}

BatchSyntax parse_batch_syntax(const std::string& input) {
    if (input == "shell") {
        return BatchSyntax::shell;
    }
    if (input == "jsonl") {
        return BatchSyntax::jsonl;
    }
    throw_bad_args(fmt::format("invalid --input \"{}\" (shell or jsonl)", input));
}

} // namespace ectl
