#include "words.hpp"

#include <fmt/format.h>

#include "error.hpp"
#include "go_quote.hpp"

namespace ectl {
namespace {

[[noreturn]] void invalid(const std::string& message) {
    throw Error(ExitCode::invalid_input, message);
}

// The regexp \s class etcdctl's argify splits request lines on.
bool is_word_space(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r';
}

size_t word_end(std::string_view line, size_t i) {
    while (i < line.size() && !is_word_space(line[i])) {
        ++i;
    }
    return i;
}

[[noreturn]] void unterminated(std::string_view line, size_t start) {
    invalid(fmt::format("unterminated quote: {}", line.substr(start)));
}

// One word of etcdctl's syntax at line[i] (not a space); i ends after it.
std::string etcdctl_word(std::string_view line, size_t& i) {
    const size_t start = i;
    std::string word;
    if (line[i] == '\'') {
        size_t end = line.find('\'', i + 1);
        if (end == std::string_view::npos) {
            unterminated(line, start);
        }
        word = std::string(line.substr(i + 1, end - i - 1));
        i = end + 1;
    } else if (line[i] == '"') {
        size_t end = closing_double_quote(line, i);
        if (end == std::string_view::npos) {
            unterminated(line, start);
        }
        if (!go_unquote(line.substr(i, end + 1 - i), word)) {
            invalid(fmt::format("invalid escape in {}", line.substr(i, end + 1 - i)));
        }
        i = end + 1;
    } else {
        // Like etcdctl, quotes are special only at the start of a word.
        i = word_end(line, i);
        return std::string(line.substr(start, i - start));
    }
    if (i < line.size() && !is_word_space(line[i])) {
        invalid(
            fmt::format("unexpected text after the closing quote: {}", line.substr(start, word_end(line, i) - start)));
    }
    return word;
}

// The "..." at line[open] appended to word as a POSIX shell reads it; returns the index after it.
size_t shell_double_quoted(std::string_view line, size_t open, std::string& word) {
    for (size_t i = open + 1; i < line.size(); ++i) {
        const char c = line[i];
        if (c == '"') {
            return i + 1;
        }
        if (c == '\\' && i + 1 < line.size()) {
            const char next = line[i + 1];
            if (next == '$' || next == '`' || next == '"' || next == '\\') {
                word += next;
                ++i;
                continue;
            }
        }
        word += c;
    }
    unterminated(line, open);
}

// One word of shell syntax at line[i] (not a space) into word; false when it begins a comment.
bool shell_word(std::string_view line, size_t& i, std::string& word) {
    if (line[i] == '#') {
        return false;
    }
    while (i < line.size() && !is_word_space(line[i])) {
        const char c = line[i];
        if (c == '\'') {
            size_t end = line.find('\'', i + 1);
            if (end == std::string_view::npos) {
                unterminated(line, i);
            }
            word.append(line.substr(i + 1, end - i - 1));
            i = end + 1;
        } else if (c == '"') {
            i = shell_double_quoted(line, i, word);
        } else if (c == '\\') {
            if (i + 1 == line.size()) {
                invalid("backslash at the end of the line (a line does not continue on the next)");
            }
            word += line[i + 1];
            i += 2;
        } else if (std::string_view("|&;<>()").find(c) != std::string_view::npos) {
            // A shell would run a pipeline, a list or a redirection here; taking it as text would
            // silently do something else than the same line typed at a prompt.
            invalid(fmt::format("unquoted '{}' (no shell reads this line: quote it)", c));
        } else {
            word += c;
            ++i;
        }
    }
    return true;
}

} // namespace

size_t closing_double_quote(std::string_view s, size_t open) {
    size_t end = open + 1;
    while (end < s.size() && s[end] != '"') {
        end += s[end] == '\\' ? size_t{2} : size_t{1};
    }
    return end < s.size() ? end : std::string_view::npos;
}

std::vector<std::string> split_words(std::string_view line, WordSyntax syntax) {
    std::vector<std::string> words;
    size_t i = 0;
    for (;;) {
        while (i < line.size() && is_word_space(line[i])) {
            ++i;
        }
        if (i >= line.size()) {
            return words;
        }
        if (syntax == WordSyntax::etcdctl) {
            words.push_back(etcdctl_word(line, i));
            continue;
        }
        std::string word;
        if (!shell_word(line, i, word)) {
            return words;
        }
        words.push_back(std::move(word));
    }
}

} // namespace ectl
