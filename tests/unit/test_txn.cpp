#include <catch2/catch.hpp>

#include "error.hpp"
#include "error_text.hpp"
#include "go_quote.hpp"
#include "kv_requests.hpp"
#include "txn_parse.hpp"
#include "words.hpp"

using namespace ectl;
using ectl::test::failure;
using etcdserverpb::Compare;
using etcdserverpb::RangeRequest;

namespace {

std::string compare_error(const std::string& line) {
    return failure([&] { parse_txn_compare(line); });
}

std::string op_error(const std::string& line) {
    return failure([&] { parse_txn_op(line); });
}

std::vector<std::string> words(const std::string& line) {
    return split_words(line, WordSyntax::etcdctl);
}

} // namespace

TEST_CASE("go_unquote follows strconv.Unquote for double-quoted strings") {
    std::string out;
    CHECK(go_unquote(R"("")", out));
    CHECK(out.empty());
    CHECK(go_unquote(R"("plain text")", out));
    CHECK(out == "plain text");
    CHECK(go_unquote(R"("a\nb\tc\\d\"e")", out));
    CHECK(out == "a\nb\tc\\d\"e");
    CHECK(go_unquote(R"("\a\b\f\r\v")", out));
    CHECK(out == "\a\b\f\r\v");
    CHECK(go_unquote(R"("\x41\x00\xff")", out));
    CHECK(out == std::string("A\0\xff", 3));
    CHECK(go_unquote(R"("\101\000\377")", out));
    CHECK(out == std::string("A\0\xff", 3));
    CHECK(go_unquote(R"("\u00e9\U0001F600")", out));
    CHECK(out == "\xc3\xa9\xf0\x9f\x98\x80");
    CHECK(go_unquote("\"caf\xc3\xa9\"", out));
    CHECK(out == "caf\xc3\xa9");
    for (const char* bad : {R"("\q")", R"("\'")", R"("\x4")", R"("\xzz")", R"("\400")", R"("\18")", R"("\ud800")",
                            R"("\U00110000")", R"("a"b")", "\"a\nb\"", R"("abc)", R"(abc")", R"(")", R"("\")"}) {
        INFO(bad);
        CHECK_FALSE(go_unquote(bad, out));
    }
}

TEST_CASE("request lines split like etcdctl's argify, with correct quoting") {
    using V = std::vector<std::string>;
    CHECK(words("put k v") == V{"put", "k", "v"});
    CHECK(words("  put \t k\fv  ") == V{"put", "k", "v"});
    // etcdctl 3.4 trims single quotes with the wrong length and stores key "l" = "l" (row #55).
    CHECK(words("put 'longkey' 'long value'") == V{"put", "longkey", "long value"});
    CHECK(words("put 'sq' 'v v'") == V{"put", "sq", "v v"});
    CHECK(words(R"(put 'a\nb' '"')") == V{"put", R"(a\nb)", "\""});
    CHECK(words(R"(put "k\x41\u00e9\n" "a\"b c")") == V{"put", "kA\xc3\xa9\n", "a\"b c"});
    CHECK(words(R"(put '' "")") == V{"put", "", ""});
    // Quotes are special only at the start of a word, as in etcdctl.
    CHECK(words(R"(put a"b c' --lease="1")") == V{"put", "a\"b", "c'", "--lease=\"1\""});
    CHECK(words("").empty());

    CHECK(failure([] { words(R"(put "unterminated b)"); }) == R"(3: unterminated quote: "unterminated b)");
    CHECK(failure([] { words("put 'open"); }) == "3: unterminated quote: 'open");
    CHECK(failure([] { words(R"(put k "ends with \")"); }) == R"(3: unterminated quote: "ends with \")");
    CHECK(failure([] { words(R"(put k "\q")"); }) == R"(3: invalid escape in "\q")");
    CHECK(failure([] { words(R"(put "a"b c)"); }) == R"(3: unexpected text after the closing quote: "a"b)");
    CHECK(failure([] { words("put 'a''b' c"); }) == "3: unexpected text after the closing quote: 'a''b'");
}

TEST_CASE("compares: every target and operator") {
    struct Case {
        const char* line;
        Compare::CompareTarget target;
        Compare::CompareResult result;
    };
    const Case cases[] = {
        {R"(value("k") = "v")", Compare::VALUE, Compare::EQUAL},
        {R"(val("k") != "v")", Compare::VALUE, Compare::NOT_EQUAL},
        {R"(version("k") < "3")", Compare::VERSION, Compare::LESS},
        {R"(ver("k") > "3")", Compare::VERSION, Compare::GREATER},
        {R"(create("k") = "3")", Compare::CREATE, Compare::EQUAL},
        {R"(c("k") != "3")", Compare::CREATE, Compare::NOT_EQUAL},
        {R"(mod("k") < "3")", Compare::MOD, Compare::LESS},
        {R"(m("k") > "3")", Compare::MOD, Compare::GREATER},
        {R"(lease("k") = "3")", Compare::LEASE, Compare::EQUAL},
        {R"(lease("k") != "3")", Compare::LEASE, Compare::NOT_EQUAL},
    };
    for (const auto& c : cases) {
        INFO(c.line);
        Compare cmp = parse_txn_compare(c.line);
        CHECK(cmp.key() == "k");
        CHECK(cmp.range_end().empty());
        CHECK(cmp.target() == c.target);
        CHECK(cmp.result() == c.result);
        if (c.target == Compare::VALUE) {
            CHECK(cmp.value() == "v");
        } else if (c.target == Compare::VERSION) {
            CHECK(cmp.version() == 3);
        } else if (c.target == Compare::CREATE) {
            CHECK(cmp.create_revision() == 3);
        } else if (c.target == Compare::MOD) {
            CHECK(cmp.mod_revision() == 3);
        } else {
            CHECK(cmp.lease() == 3);
        }
    }
}

TEST_CASE("compares: values, quoting and spacing as etcdctl's Sscanf accepts them") {
    CHECK(parse_txn_compare(R"(value("k\tx") = "a\"b\u00e9")").key() == "k\tx");
    CHECK(parse_txn_compare(R"(value("k\tx") = "a\"b\u00e9")").value() == "a\"b\xc3\xa9");
    CHECK(parse_txn_compare("value(`raw\\n`) = `v v`").key() == "raw\\n");
    CHECK(parse_txn_compare("value(`raw\\n`) = `v v`").value() == "v v");
    CHECK(parse_txn_compare(R"(value( "k")   =   "v")").key() == "k");
    CHECK(parse_txn_compare("value(\"k\")\t=\t\"\"").value().empty());
    CHECK(parse_txn_compare(R"(create("k") = "0")").create_revision() == 0);
    CHECK(parse_txn_compare(R"(version("k") = "+7")").version() == 7);
    CHECK(parse_txn_compare(R"(mod("k") > "-1")").mod_revision() == -1);
    CHECK(parse_txn_compare(R"(value("") = "x")").key().empty());
}

TEST_CASE("compares: lease IDs are hex, like every other lease argument") {
    // etcdctl 3.4.23 panics on any lease compare (row #54); upstream parses the ID as hex.
    CHECK(parse_txn_compare(R"(lease("foo1") > "0")").lease() == 0);
    CHECK(parse_txn_compare(R"(lease("foo1") = "f")").lease() == 15);
    CHECK(parse_txn_compare(R"(lease("foo1") = "AF")").lease() == 175);
    CHECK(parse_txn_compare(R"(lease("foo1") = "2d8257079fa1bc0c")").lease() == 3279279168933706764);
    CHECK(parse_txn_compare(R"(lease("foo1") = "2d8257079fa1bc0c")").key() == "foo1");
    CHECK(compare_error(R"(lease("k") = "zz")") ==
          R"(3: invalid txn compare request: lease("k") = "zz" (bad lease ID, expecting ID in Hex: )"
          R"(strconv.ParseInt: parsing "zz": invalid syntax))");
    CHECK(compare_error(R"(lease("k") = "ffffffffffffffff")") ==
          R"(3: invalid txn compare request: lease("k") = "ffffffffffffffff" (bad lease ID, expecting ID in Hex: )"
          R"(strconv.ParseInt: parsing "ffffffffffffffff": value out of range))");
    CHECK(compare_error(R"(lease("k") = "-1")") ==
          R"(3: invalid txn compare request: lease("k") = "-1" (bad lease ID, expecting ID in Hex: "-1" is negative))");
    CHECK(compare_error(R"(lease("k") = "0x1f")").rfind("3: invalid txn compare request:", 0) == 0);
    CHECK(compare_error(R"(lease("k") > 10)").rfind("3: malformed comparison:", 0) == 0);
}

TEST_CASE("compares: etcdctl's error texts, and clear errors where it panics") {
    // Row #57 and #58: etcdctl's exact text.
    CHECK(compare_error(R"(mod("k") > "abc")") == R"(3: invalid txn compare request: mod("k") > "abc")");
    CHECK(compare_error(R"(m("k") > "0x1")") == R"(3: invalid txn compare request: m("k") > "0x1")");
    CHECK(compare_error(R"(ver("k") = "1_000")") == R"(3: invalid txn compare request: ver("k") = "1_000")");
    CHECK(compare_error(R"(c("k") = "99999999999999999999")") ==
          R"(3: invalid txn compare request: c("k") = "99999999999999999999")");
    CHECK(compare_error(R"(bogus("k") = "1")") ==
          R"(3: malformed comparison: bogus("k") = "1" (unknown target bogus))");
    CHECK(compare_error(R"(value ("k") = "v")") ==
          R"(3: malformed comparison: value ("k") = "v" (unknown target value ))");
    CHECK(compare_error(R"(value"k") = "v")") == R"(3: malformed comparison: value"k") = "v")");
    // Sscanf("%q) %s %q") stopped early: etcdctl reports what it got so far.
    CHECK(compare_error(R"(value("k")="v")") == R"(3: malformed comparison: value("k")="v"; got value("k")  "")");
    CHECK(compare_error(R"(value("k") ="v")") == R"(3: malformed comparison: value("k") ="v"; got value("k") ="v" "")");
    CHECK(compare_error(R"(value("k")= "v")") == R"(3: malformed comparison: value("k")= "v"; got value("k")  "")");
    CHECK(compare_error(R"(value( "k" ) = "v")") ==
          R"(3: malformed comparison: value( "k" ) = "v"; got value("k")  "")");
    CHECK(compare_error(R"(value('k') = "v")") == R"(3: malformed comparison: value('k') = "v"; got value("")  "")");
    CHECK(compare_error(R"(value("k") = v)") == R"(3: malformed comparison: value("k") = v; got value("k") = "")");
    CHECK(compare_error(R"(value("k) = v)") == R"(3: malformed comparison: value("k) = v; got value("")  "")");
    CHECK(compare_error(R"(value("\q") = "v")") == R"(3: malformed comparison: value("\q") = "v"; got value("")  "")");
    CHECK(compare_error(R"(value("k"))") == R"(3: malformed comparison: value("k"); got value("k")  "")");
    CHECK(compare_error(R"(value("k") =)") == R"(3: malformed comparison: value("k") =; got value("k") = "")");
    CHECK(compare_error("()") == R"(3: malformed comparison: (); got ("")  "")");
    CHECK(compare_error("\xe2\x80\x83") == "3: malformed comparison: \xe2\x80\x83");
    CHECK(compare_error(R"(value("k\n") = "a\x")") ==
          R"(3: malformed comparison: value("k\n") = "a\x"; got value("k\n") = "")");
    // Row #53: etcdctl panics ("Unknown result op"); any operator but = != < > is rejected.
    for (const char* op : {"==", "<=", ">=", "<>", "=~", "eq"}) {
        std::string line = std::string(R"(value("k") )") + op + R"( "v")";
        INFO(line);
        CHECK(compare_error(line) ==
              "3: malformed comparison: " + line + " (unknown operator " + op + "; use =, !=, < or >)");
    }
    CHECK(compare_error(R"(version("k") == "1")") ==
          R"(3: malformed comparison: version("k") == "1" (unknown operator ==; use =, !=, < or >))");
    // etcdctl silently ignores anything after the value, e.g. a second compare on the same line.
    CHECK(compare_error(R"(value("a") = "1" and value("b") = "2")") ==
          R"(3: malformed comparison: value("a") = "1" and value("b") = "2" (unexpected text after the value: )"
          R"(and value("b") = "2"))");
}

TEST_CASE("request lines: put with its flags") {
    auto op = parse_txn_op("put k v");
    REQUIRE(op.has_request_put());
    CHECK(op.request_put().key() == "k");
    CHECK(op.request_put().value() == "v");
    CHECK(op.request_put().lease() == 0);
    CHECK_FALSE(op.request_put().prev_kv());

    op = parse_txn_op("put k v --prev-kv --lease=1f");
    CHECK(op.request_put().prev_kv());
    CHECK(op.request_put().lease() == 0x1f);
    op = parse_txn_op("put --lease 1f --prev-kv=false k v");
    CHECK_FALSE(op.request_put().prev_kv());
    CHECK(op.request_put().lease() == 0x1f);
    op = parse_txn_op("put k --ignore-value --ignore-lease");
    CHECK(op.request_put().ignore_value());
    CHECK(op.request_put().ignore_lease());
    CHECK(op.request_put().value().empty());
    op = parse_txn_op("put -- -k -v");
    CHECK(op.request_put().key() == "-k");
    CHECK(op.request_put().value() == "-v");
    op = parse_txn_op("put 'long key' 'long value here'");
    CHECK(op.request_put().key() == "long key");
    CHECK(op.request_put().value() == "long value here");
    op = parse_txn_op(R"(put k "line1\nline2")");
    CHECK(op.request_put().value() == "line1\nline2");
    op = parse_txn_op("put k ''");
    CHECK(op.request_put().value().empty());
    // cobra's prefix matching, which etcdctl enables.
    CHECK(parse_txn_op("p k v").has_request_put());
    CHECK(parse_txn_op("pu k v").has_request_put());
}

TEST_CASE("request lines: get and del with their flags") {
    auto op = parse_txn_op("get k");
    REQUIRE(op.has_request_range());
    CHECK(op.request_range().key() == "k");
    CHECK(op.request_range().range_end().empty());

    op = parse_txn_op("get k --prefix --keys-only --limit=2 --rev 5 --consistency=s");
    CHECK(op.request_range().range_end() == "l");
    CHECK(op.request_range().keys_only());
    CHECK(op.request_range().limit() == 2);
    CHECK(op.request_range().revision() == 5);
    CHECK(op.request_range().serializable());
    op = parse_txn_op("get a c --sort-by=MODIFY --order=DESCEND");
    CHECK(op.request_range().range_end() == "c");
    CHECK(op.request_range().sort_target() == RangeRequest::MOD);
    CHECK(op.request_range().sort_order() == RangeRequest::DESCEND);
    op = parse_txn_op("get a --from-key");
    CHECK(op.request_range().range_end() == std::string(1, '\0'));
    op = parse_txn_op("get '' --prefix");
    CHECK(op.request_range().key() == std::string(1, '\0'));
    CHECK(op.request_range().range_end() == std::string(1, '\0'));
    // An explicitly empty flag value is empty (pflag), not the next word.
    op = parse_txn_op("get a --order= --prefix");
    CHECK(op.request_range().sort_order() == RangeRequest::NONE);
    CHECK(op.request_range().range_end() == "b");
    CHECK(parse_txn_op("get k --print-value-only").has_request_range());
    CHECK(parse_txn_op("g k").has_request_range());

    op = parse_txn_op("del k");
    REQUIRE(op.has_request_delete_range());
    CHECK(op.request_delete_range().key() == "k");
    CHECK_FALSE(op.request_delete_range().prev_kv());
    op = parse_txn_op("del k --prefix --prev-kv");
    CHECK(op.request_delete_range().range_end() == "l");
    CHECK(op.request_delete_range().prev_kv());
    op = parse_txn_op("del a z");
    CHECK(op.request_delete_range().range_end() == "z");
    op = parse_txn_op("d a --from-key");
    CHECK(op.request_delete_range().range_end() == std::string(1, '\0'));
}

TEST_CASE("request lines: errors are input errors (exit 3) naming the line") {
    CHECK(op_error("frob a b") == "3: invalid txn request: frob a b");
    CHECK(op_error("frob") == "3: invalid txn request: frob");
    CHECK(op_error("puts k v") == "3: invalid txn request: puts k v");
    CHECK(op_error(R"("" k v)") == R"(3: invalid txn request: "" k v)");
    CHECK(op_error("put a") ==
          "3: invalid txn request: put a (put needs a key and a value inside txn (standard input holds the txn "
          "itself))");
    CHECK(op_error("put") ==
          "3: invalid txn request: put (put command needs 1 argument and input from stdin or 2 arguments)");
    CHECK(op_error("put a b c") == "3: invalid txn request: put a b c (put command needs 1 argument and input from "
                                   "stdin or 2 arguments (got 3 arguments; quote a value that contains spaces))");
    CHECK(op_error("put a b --ignore-value") ==
          "3: invalid txn request: put a b --ignore-value (put command needs only 1 argument when 'ignore-value' is "
          "set)");
    CHECK(op_error("put a b --lease=zz") == "3: invalid txn request: put a b --lease=zz (bad lease ID "
                                            "(strconv.ParseInt: parsing \"zz\": invalid syntax), expecting ID in Hex)");
    CHECK(op_error("put a b --lease=") == "3: invalid txn request: put a b --lease= (bad lease ID "
                                          "(strconv.ParseInt: parsing \"\": invalid syntax), expecting ID in Hex)");
    CHECK(op_error("put '' v") == "3: invalid txn request: put '' v (key is not provided (etcd keys cannot be empty))");
    CHECK(op_error(R"(put "unterminated b)") ==
          R"(3: invalid txn request: put "unterminated b (unterminated quote: "unterminated b))");
    CHECK(op_error("get") == "3: invalid txn request: get (get command needs one argument as key and an optional "
                             "argument as range_end)");
    CHECK(op_error("get k --bogus") == "3: invalid txn request: get k --bogus (unknown flag: --bogus)");
    CHECK(op_error("get k --help") == "3: invalid txn request: get k --help (unknown flag: --help)");
    CHECK(op_error("get k -w json") == "3: invalid txn request: get k -w json (unknown shorthand flag: 'w' in -w)");
    CHECK(op_error("get k --sort-by=FOO") == "3: invalid txn request: get k --sort-by=FOO (bad sort target FOO)");
    CHECK(op_error("get k --limit abc").rfind("3: invalid txn request: get k --limit abc (invalid argument", 0) == 0);
    CHECK(op_error("get a b --prefix") == "3: invalid txn request: get a b --prefix (too many arguments, only "
                                          "accept one argument when `--prefix` or `--from-key` is set)");
    CHECK(op_error("del a b c") == "3: invalid txn request: del a b c (del command needs one argument as key and an "
                                   "optional argument as range_end)");
    CHECK(op_error("del k --prefix --from-key") ==
          "3: invalid txn request: del k --prefix --from-key (`--prefix` and `--from-key` cannot be set at the "
          "same time, choose one)");
}

TEST_CASE("txn input: three sections, each ended by an empty line") {
    auto req = parse_txn(lines_of("value(\"k\") = \"v\"\nmod(\"k\") > \"1\"\n\nput a 1\nget a\n\ndel a\n\n"));
    CHECK(req.compare_size() == 2);
    CHECK(req.success_size() == 2);
    CHECK(req.failure_size() == 1);
    CHECK(req.success(0).request_put().key() == "a");
    CHECK(req.success(1).has_request_range());
    CHECK(req.failure(0).has_request_delete_range());

    // Empty sections, CRLF line ends, blank lines made of spaces, and leading/trailing spaces.
    req = parse_txn(lines_of("\n\n\n"));
    CHECK(req.compare_size() + req.success_size() + req.failure_size() == 0);
    req = parse_txn(lines_of("  value(\"k\") = \"v\"  \r\n \t \r\n\tput a 1\r\n\r\n   \n"));
    CHECK(req.compare(0).value() == "v");
    CHECK(req.success(0).request_put().value() == "1");
    CHECK(req.failure_size() == 0);

    // What follows the last empty line is never read.
    req = parse_txn(lines_of("\nput a 1\n\nput b 2\n\nthis is not read\n"));
    CHECK(req.failure(0).request_put().key() == "b");
}

TEST_CASE("txn input that ends early is an input error (exit 3)") {
    auto error_of = [](const std::string& text) { return failure([&] { parse_txn(lines_of(text)); }); };
    CHECK(error_of("") == "3: unexpected end of txn input (expected an empty line after the compares)");
    CHECK(error_of("value(\"k\") = \"v\"\n") ==
          "3: unexpected end of txn input (expected an empty line after the compares)");
    CHECK(error_of("value(\"k\") = \"v\"\n\nput a 1\n") ==
          "3: unexpected end of txn input (expected an empty line after the success requests)");
    // As in etcdctl, the failure requests need their empty line too: a stream cut short at a line
    // boundary must not commit a shorter transaction.
    CHECK(error_of("value(\"k\") = \"v\"\n\nput a 1\n\nput b 2\n") ==
          "3: unexpected end of txn input (expected an empty line after the failure requests)");
    CHECK(error_of("\n\n") == "3: unexpected end of txn input (expected an empty line after the failure requests)");
    // A last line without its newline is not a line.
    CHECK(error_of("\n\nput b 2\nput c 3") ==
          "3: unexpected end of txn input (expected an empty line after the failure requests)");
    // The first bad line stops the reading.
    CHECK(error_of("value(\"k\") == \"v\"\n") ==
          "3: malformed comparison: value(\"k\") == \"v\" (unknown operator ==; use =, !=, < or >)");
}

TEST_CASE("sections are read one at a time (interactive mode prompts in between)") {
    CHECK(std::string(txn_prompt(TxnSection::compares)) == "compares:");
    CHECK(std::string(txn_prompt(TxnSection::success)) == "success requests (get, put, del):");
    CHECK(std::string(txn_prompt(TxnSection::failure)) == "failure requests (get, put, del):");
    int reads = 0;
    auto inner = lines_of("\nput a 1\n\n");
    NextLine next = [&](std::string& line) {
        ++reads;
        return inner(line);
    };
    etcdserverpb::TxnRequest req;
    read_txn_section(TxnSection::compares, next, req);
    CHECK(reads == 1);
    read_txn_section(TxnSection::success, next, req);
    CHECK(reads == 3);
    CHECK(req.success_size() == 1);
}

TEST_CASE("compaction request") {
    auto make = [](std::vector<std::string> args, bool physical = false) {
        CompactionOptions o;
        o.args = std::move(args);
        o.physical = physical;
        return make_compaction_request(o);
    };
    CHECK(make({"5"}).revision() == 5);
    CHECK_FALSE(make({"5"}).physical());
    CHECK(make({"5"}, true).physical());
    CHECK(make({"+6"}).revision() == 6);
    auto error_of = [&](std::vector<std::string> args) { return failure([&] { make(std::move(args)); }); };
    CHECK(error_of({}) == "128: compaction command needs 1 argument");
    CHECK(error_of({"5", "6"}) == "128: compaction command needs 1 argument");
    CHECK(error_of({"abc"}) == "128: invalid revision \"abc\": strconv.ParseInt: parsing \"abc\": invalid syntax");
    CHECK(error_of({"0x10"}) == "128: invalid revision \"0x10\": strconv.ParseInt: parsing \"0x10\": invalid syntax");
    CHECK(error_of({"0"}) == "128: invalid revision \"0\": revision must be > 0");
    CHECK(error_of({"-3"}) == "128: invalid revision \"-3\": revision must be > 0");
    CHECK(error_of({""}) == "128: invalid revision \"\": strconv.ParseInt: parsing \"\": invalid syntax");
}
