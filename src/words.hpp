#pragma once
// Splitting a line of text into command words: etcdctl's txn/watch -i request lines (its argify,
// with correct quoting) and batch's lines (a POSIX shell's quoting), by one scanner.

#include <string>
#include <string_view>
#include <vector>

namespace ectl {

// The quoting rules a line follows.
enum class WordSyntax {
    // etcdctl's argify with correct quoting: quotes are special only at the start of a word; '...'
    // keeps its text, "..." follows Go's strconv.Unquote; text after a closing quote is an error.
    etcdctl,
    // A POSIX shell's: '...' keeps its text, "..." takes a backslash before $ ` " \ only, a backslash
    // outside quotes escapes the next byte, quoted and unquoted parts join into one word, '#' at the
    // start of a word begins a comment. Nothing is expanded ($, `, globs, ~ stay as typed); an
    // unquoted | & ; < > ( ) is an error, since no shell runs the line.
    shell,
};

// Splits line into words (separated by space, \t, \n, \f, \r); an unterminated quote or a bad escape
// is an Error(invalid_input) naming it.
std::vector<std::string> split_words(std::string_view line, WordSyntax syntax);

// The index of the '"' closing the one at s[open] (a backslash escapes the next byte), or npos.
size_t closing_double_quote(std::string_view s, size_t open);

} // namespace ectl
