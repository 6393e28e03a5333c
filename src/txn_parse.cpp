#include "txn_parse.hpp"

#include <algorithm>
#include <memory>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "cli.hpp"
#include "error.hpp"
#include "go_quote.hpp"
#include "kv_flags.hpp"
#include "parse.hpp"
#include "utf8.hpp"
#include "words.hpp"

namespace ectl {
namespace {

using etcdserverpb::Compare;

[[noreturn]] void invalid(const std::string& message) {
    throw Error(ExitCode::invalid_input, message);
}

// The width of the space rune at s[pos] as Go's fmt scanner and strings.TrimSpace see spaces
// (ASCII \t \n \v \f \r and space, plus the Unicode White_Space runes); 0 when it is not one.
size_t go_space_at(std::string_view s, size_t pos) {
    if (pos >= s.size()) {
        return 0;
    }
    const auto c = static_cast<unsigned char>(s[pos]);
    if (c == ' ' || (c >= '\t' && c <= '\r')) {
        return 1;
    }
    if (c < 0x80) {
        return 0;
    }
    const Utf8Rune r = decode_utf8(s.substr(pos));
    const char32_t v = r.rune;
    bool space = v == 0x85 || v == 0xA0 || v == 0x1680 || (v >= 0x2000 && v <= 0x200A) || v == 0x2028 || v == 0x2029 ||
                 v == 0x202F || v == 0x205F || v == 0x3000;
    return space && r.width > 1 ? r.width : 0;
}

// strings.TrimSpace.
std::string trim_space(std::string_view s) {
    size_t begin = 0;
    while (size_t w = go_space_at(s, begin)) {
        begin += w;
    }
    size_t end = begin;
    for (size_t i = begin; i < s.size();) {
        size_t w = go_space_at(s, i);
        i += w > 0 ? w : 1;
        if (w == 0) {
            end = i;
        }
    }
    return std::string(s.substr(begin, end - begin));
}

// Just enough of Go's fmt.Sscanf to read `"key") op "value"` exactly as etcdctl's
// Sscanf(rest, "%q) %s %q") does, so that what it accepts and its "got ..." diagnostics match.
class GoScanner {
public:
    explicit GoScanner(std::string_view s) : m_s(s) {}

    void skip_space() {
        while (size_t w = go_space_at(m_s, m_pos)) {
            m_pos += w;
        }
    }
    // A space in the format: one or more spaces in the input, or its end.
    bool format_space() {
        if (m_pos >= m_s.size()) {
            return true;
        }
        if (go_space_at(m_s, m_pos) == 0) {
            return false;
        }
        skip_space();
        return true;
    }
    bool literal(char c) {
        if (m_pos >= m_s.size() || m_s[m_pos] != c) {
            return false;
        }
        ++m_pos;
        return true;
    }
    // %s: the next run of non-space characters.
    bool word(std::string& out) {
        skip_space();
        size_t begin = m_pos;
        while (m_pos < m_s.size() && go_space_at(m_s, m_pos) == 0) {
            ++m_pos;
        }
        if (m_pos == begin) {
            return false;
        }
        out = std::string(m_s.substr(begin, m_pos - begin));
        return true;
    }
    // %q: a "double-quoted" (Go escapes) or `back-quoted` string.
    bool quoted(std::string& out) {
        skip_space();
        if (m_pos >= m_s.size()) {
            return false;
        }
        const char q = m_s[m_pos];
        size_t end = m_pos + 1;
        if (q == '`') {
            end = m_s.find('`', end);
            if (end == std::string_view::npos) {
                return false;
            }
            out = std::string(m_s.substr(m_pos + 1, end - m_pos - 1));
        } else if (q == '"') {
            end = closing_double_quote(m_s, m_pos);
            if (end == std::string_view::npos || !go_unquote(m_s.substr(m_pos, end + 1 - m_pos), out)) {
                return false;
            }
        } else {
            return false;
        }
        m_pos = end + 1;
        return true;
    }
    std::string_view rest() const { return m_s.substr(std::min(m_pos, m_s.size())); }

private:
    std::string_view m_s;
    size_t m_pos = 0;
};

// What Sscanf("%q) %s %q") filled in: count is its n (a field is set only when fully scanned).
struct CompareParts {
    int count = 0;
    std::string key;
    std::string op;
    std::string value;
    std::string trailing; // what etcdctl would silently ignore after the value
};

CompareParts scan_compare(std::string_view text) {
    CompareParts p;
    GoScanner s(text);
    if (!s.quoted(p.key)) {
        return p;
    }
    p.count = 1;
    if (!s.literal(')') || !s.format_space() || !s.word(p.op)) {
        return p;
    }
    p.count = 2;
    if (!s.format_space() || !s.quoted(p.value)) {
        return p;
    }
    p.count = 3;
    s.skip_space();
    p.trailing = std::string(s.rest());
    return p;
}

int64_t compare_number(const std::string& value, const std::string& line) {
    int64_t n = 0;
    if (!go_parse_int(value, 10, n).empty()) {
        invalid(fmt::format("invalid txn compare request: {}", line));
    }
    return n;
}

// Sets the compare's target and the value to compare with (etcdctl's target names).
void set_target(Compare& cmp, const std::string& target, const std::string& value, const std::string& line) {
    if (target == "ver" || target == "version") {
        cmp.set_target(Compare::VERSION);
        cmp.set_version(compare_number(value, line));
    } else if (target == "c" || target == "create") {
        cmp.set_target(Compare::CREATE);
        cmp.set_create_revision(compare_number(value, line));
    } else if (target == "m" || target == "mod") {
        cmp.set_target(Compare::MOD);
        cmp.set_mod_revision(compare_number(value, line));
    } else if (target == "val" || target == "value") {
        cmp.set_target(Compare::VALUE);
        cmp.set_value(value);
    } else if (target == "lease") {
        // etcdctl 3.4 panics here; upstream's fix reads the ID in hex like every other lease argument.
        int64_t id = 0;
        std::string err = go_parse_int(value, 16, id);
        if (err.empty() && id < 0) {
            err = fmt::format("\"{}\" is negative", value);
        }
        if (!err.empty()) {
            invalid(fmt::format("invalid txn compare request: {} (bad lease ID, expecting ID in Hex: {})", line, err));
        }
        cmp.set_target(Compare::LEASE);
        cmp.set_lease(id);
    } else {
        invalid(fmt::format("malformed comparison: {} (unknown target {})", line, target));
    }
}

Compare::CompareResult compare_result(const std::string& op, const std::string& line) {
    if (op == "=") {
        return Compare::EQUAL;
    }
    if (op == "!=") {
        return Compare::NOT_EQUAL;
    }
    if (op == "<") {
        return Compare::LESS;
    }
    if (op == ">") {
        return Compare::GREATER;
    }
    invalid(fmt::format("malformed comparison: {} (unknown operator {}; use =, !=, < or >)", line, op));
}

// Parses a request's words (after its name) with the command's own flags into o.
template <typename Options>
void parse_request_words(void (*bind)(CLI::App*, Options&), Options& o, std::vector<std::string> words) {
    CLI::App parser;
    parser.set_help_flag(); // "--help" inside txn input is an unknown flag, not a help request
    bind(&parser, o);
    parser.add_option("args", o.args)->expected(0, -1);
    parse_words(parser, std::move(words));
}

etcdserverpb::RequestOp make_op(const std::string& name, const std::vector<std::string>& words) {
    etcdserverpb::RequestOp op;
    if (name == "put") {
        PutOptions o;
        parse_request_words(bind_put_flags, o, words);
        if (put_needs_stdin(o)) {
            invalid("put needs a key and a value inside txn (standard input holds the txn itself)");
        }
        *op.mutable_request_put() = make_put_request(o, nullptr);
    } else if (name == "get") {
        GetOptions o; // --print-value-only is accepted and, as in etcdctl, has no effect inside txn
        parse_request_words(bind_get_flags, o, words);
        *op.mutable_request_range() = make_get_request(o);
    } else {
        DelOptions o;
        parse_request_words(bind_del_flags, o, words);
        *op.mutable_request_delete_range() = make_del_request(o);
    }
    return op;
}

} // namespace

const char* txn_prompt(TxnSection section) {
    switch (section) {
    case TxnSection::compares:
        return "compares:";
    case TxnSection::success:
        return "success requests (get, put, del):";
    case TxnSection::failure:
        break;
    }
    return "failure requests (get, put, del):";
}

Compare parse_txn_compare(const std::string& line) {
    size_t paren = line.find('(');
    if (paren == std::string::npos) {
        invalid(fmt::format("malformed comparison: {}", line));
    }
    const std::string target = line.substr(0, paren);
    CompareParts p = scan_compare(std::string_view(line).substr(paren + 1));
    if (p.count != 3) {
        invalid(fmt::format("malformed comparison: {}; got {}({}) {} {}", line, target, go_quote(p.key), p.op,
                            go_quote(p.value)));
    }
    Compare cmp;
    cmp.set_key(p.key);
    set_target(cmp, target, p.value, line);
    cmp.set_result(compare_result(p.op, line));
    if (!p.trailing.empty()) {
        // etcdctl ignores it, so `value("a") = "1" and value("b") = "2"` would silently compare only a.
        invalid(fmt::format("malformed comparison: {} (unexpected text after the value: {})", line, p.trailing));
    }
    return cmp;
}

etcdserverpb::RequestOp parse_txn_op(const std::string& line) {
    try {
        std::vector<std::string> words = split_words(line, WordSyntax::etcdctl);
        const std::string name = words.empty() ? std::string() : words[0];
        for (const char* known : {"put", "get", "del"}) {
            // cobra, with etcdctl's prefix matching, also takes "p", "ge", "de" ...
            if (!name.empty() && std::string_view(known).substr(0, name.size()) == name) {
                return make_op(known, std::vector<std::string>(words.begin() + 1, words.end()));
            }
        }
    } catch (const Error& e) {
        invalid(fmt::format("invalid txn request: {} ({})", line, e.what()));
    }
    invalid(fmt::format("invalid txn request: {}", line));
}

void read_txn_section(TxnSection section, const NextLine& next, etcdserverpb::TxnRequest& req) {
    static const char* const k_names[] = {"compares", "success requests", "failure requests"};
    std::string line;
    for (;;) {
        if (!next(line)) {
            invalid(fmt::format("unexpected end of txn input (expected an empty line after the {})",
                                k_names[static_cast<int>(section)]));
        }
        const std::string text = trim_space(line);
        if (text.empty()) {
            return;
        }
        switch (section) {
        case TxnSection::compares:
            *req.add_compare() = parse_txn_compare(text);
            break;
        case TxnSection::success:
            *req.add_success() = parse_txn_op(text);
            break;
        case TxnSection::failure:
            *req.add_failure() = parse_txn_op(text);
            break;
        }
    }
}

etcdserverpb::TxnRequest parse_txn(const NextLine& next) {
    etcdserverpb::TxnRequest req;
    for (TxnSection section : {TxnSection::compares, TxnSection::success, TxnSection::failure}) {
        read_txn_section(section, next, req);
    }
    return req;
}

NextLine lines_of(const std::string& text) {
    auto pos = std::make_shared<size_t>(0);
    return [text, pos](std::string& line) {
        size_t nl = text.find('\n', *pos);
        if (nl == std::string::npos) {
            return false; // like etcdctl, a last line without "\n" is the end of input
        }
        line = text.substr(*pos, nl - *pos);
        *pos = nl + 1;
        return true;
    };
}

} // namespace ectl
