#pragma once

#include <string>
#include <string_view>

namespace ectl {

// Reproduces Go's strconv.Quote(s) (what fmt's %q prints for a string),
// byte for byte, for arbitrary input including invalid UTF-8. etcdctl prints
// keys and values this way in `-w fields` output.
std::string go_quote(std::string_view bytes);

// Go's strconv.IsPrint as of Go 1.19 (Unicode 13.0.0): letters, marks,
// numbers, punctuation, symbols and U+0020.
bool go_is_print(char32_t r);

// Go's strconv.Unquote for a double-quoted literal (quotes included) into out; false on Go's
// "invalid syntax". Raw bytes between the quotes are kept as they are (Go would turn invalid
// UTF-8 into U+FFFD).
bool go_unquote(std::string_view quoted, std::string& out);

} // namespace ectl
