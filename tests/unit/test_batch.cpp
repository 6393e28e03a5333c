// batch's pure parts: shell words, JSON lines -> words, the --txn write group.
#include <functional>

#include <catch2/catch.hpp>

#include "batch_input.hpp"
#include "error.hpp"
#include "error_text.hpp"
#include "words.hpp"
#include "write_group.hpp"

using namespace ectl;
using ectl::test::failure;
using V = std::vector<std::string>;

namespace {

V shell(const std::string& line) {
    return split_words(line, WordSyntax::shell);
}

std::string shell_error(const std::string& line) {
    return failure([&] { shell(line); });
}

V jsonl(const std::string& line) {
    return jsonl_words(line);
}

std::string jsonl_error(const std::string& line) {
    return failure([&] { jsonl(line); });
}

etcdserverpb::RequestOp put_op(const std::string& key) {
    etcdserverpb::RequestOp op;
    op.mutable_request_put()->set_key(key);
    return op;
}

etcdserverpb::RequestOp del_op(const std::string& key, const std::string& range_end = "") {
    etcdserverpb::RequestOp op;
    op.mutable_request_delete_range()->set_key(key);
    op.mutable_request_delete_range()->set_range_end(range_end);
    return op;
}

} // namespace

TEST_CASE("shell words: quoting as in a POSIX shell") {
    CHECK(shell("put k v") == V{"put", "k", "v"});
    CHECK(shell("  put \t k   v  ") == V{"put", "k", "v"});
    CHECK(shell("put k 'a value'") == V{"put", "k", "a value"});
    CHECK(shell(R"(put k "a value")") == V{"put", "k", "a value"});
    // Single quotes keep everything, backslashes included.
    CHECK(shell(R"(put k 'a\nb"c')") == V{"put", "k", R"(a\nb"c)"});
    // In double quotes a backslash escapes only $ ` " and itself; elsewhere it stays.
    CHECK(shell(R"(put k "a\"b\\c\$d\`e\nf")") == V{"put", "k", R"(a"b\c$d`e\nf)"});
    // Outside quotes a backslash escapes the next byte, a space included.
    CHECK(shell(R"(put a\ b \'q\' \\)") == V{"put", "a b", "'q'", "\\"});
    // Quoted and unquoted parts join into one word; empty quotes are an empty word.
    CHECK(shell(R"(put pre'mid dle'"post" x""y)") == V{"put", "premid dlepost", "xy"});
    CHECK(shell(R"(put '' "")") == V{"put", "", ""});
    // '#' starts a comment at the start of a word only.
    CHECK(shell("get a e  # the range [a, e)") == V{"get", "a", "e"});
    CHECK(shell("put a#b c#") == V{"put", "a#b", "c#"});
    CHECK(shell("# all of it").empty());
    CHECK(shell("put k '# not a comment'") == V{"put", "k", "# not a comment"});
    // Nothing is expanded.
    CHECK(shell("put $HOME ~ * `x`") == V{"put", "$HOME", "~", "*", "`x`"});
    CHECK(shell("put k \xff\xfe") == V{"put", "k", "\xff\xfe"});
    CHECK(shell("").empty());
    CHECK(shell(" \t ").empty());
}

TEST_CASE("shell words: what does not parse") {
    CHECK(shell_error("put k 'open") == "3: unterminated quote: 'open");
    CHECK(shell_error(R"(put k "open \")") == R"(3: unterminated quote: "open \")");
    CHECK(shell_error(R"(put k v\)") == "3: backslash at the end of the line (a line does not continue on the next)");
    CHECK(shell_error("put k a;b") == "3: unquoted ';' (no shell reads this line: quote it)");
    CHECK(shell_error("get k | grep v") == "3: unquoted '|' (no shell reads this line: quote it)");
    CHECK(shell_error("put k v > out") == "3: unquoted '>' (no shell reads this line: quote it)");
    CHECK(shell("put k 'a;b|c>d'") == V{"put", "k", "a;b|c>d"});
}

TEST_CASE("the etcdctl syntax keeps its own rules") {
    // Quotes only at the start of a word, Go escapes in double quotes: txn's and watch -i's lines.
    CHECK(split_words(R"(put a"b "x\ty")", WordSyntax::etcdctl) == V{"put", "a\"b", "x\ty"});
    CHECK(split_words("put # k", WordSyntax::etcdctl) == V{"put", "#", "k"});
}

TEST_CASE("batch lines: blank and comment lines have no words") {
    for (auto syntax : {BatchSyntax::shell, BatchSyntax::jsonl}) {
        CHECK(batch_line_words("", syntax).empty());
        CHECK(batch_line_words("   \t\r", syntax).empty());
        CHECK(batch_line_words("  # put k v", syntax).empty());
    }
    CHECK(batch_line_words("get k\r", BatchSyntax::shell) == V{"get", "k"});
    CHECK(batch_line_words(R"({"op":"get","key":"k"})", BatchSyntax::jsonl) == V{"get", "--", "k"});
}

TEST_CASE("JSON lines: op, flags, then the positionals after --") {
    CHECK(jsonl(R"({"op":"put","key":"k","value":"v"})") == V{"put", "--", "k", "v"});
    CHECK(jsonl(R"({"value":"v","key":"k","op":"put"})") == V{"put", "--", "k", "v"});
    CHECK(jsonl(R"({"op":"get","key":"k","prefix":true})") == V{"get", "--prefix", "--", "k"});
    CHECK(jsonl(R"({"op":"get","key":"a","range_end":"e","limit":2,"keys-only":false})") ==
          V{"get", "--limit=2", "--keys-only=false", "--", "a", "e"});
    CHECK(jsonl(R"({"op":"put","key":"k","value":"v","prev_kv":true,"lease":"abc"})") ==
          V{"put", "--prev-kv", "--lease=abc", "--", "k", "v"});
    CHECK(jsonl(R"({"op":"del","key":"-k-","prev-kv":true})") == V{"del", "--prev-kv", "--", "-k-"});
    // Flags in the order written.
    CHECK(jsonl(R"({"op":"get","order":"DESCEND","sort_by":"KEY","key":"k"})") ==
          V{"get", "--order=DESCEND", "--sort-by=KEY", "--", "k"});
    // Commands of two words and other positionals.
    CHECK(jsonl(R"({"op":"lease grant","args":["60"]})") == V{"lease", "grant", "--", "60"});
    CHECK(jsonl(R"({"op":"compaction","args":["5"],"physical":true})") == V{"compaction", "--physical", "--", "5"});
    CHECK(jsonl(R"({"op":"lease list"})") == V{"lease", "list"});
    CHECK(jsonl(R"({"op":"put","key":"k","value":""})") == V{"put", "--", "k", ""});
    CHECK(jsonl(R"({"op":"put","key":"k","lease":""})") == V{"put", "--lease=", "--", "k"});
    CHECK(jsonl(R"({"op":"put","key":"caf\u00e9","value":"\n"})") == V{"put", "--", "caf\xc3\xa9", "\n"});
}

TEST_CASE("JSON lines: base64 members give any bytes") {
    CHECK(jsonl(R"({"op":"put","key_base64":"/w==","value_base64":"AAE="})") ==
          V{"put", "--", "\xff", std::string("\0\1", 2)});
    CHECK(jsonl(R"({"op":"get","key-base64":"YQ==","range_end_base64":"ZQ=="})") == V{"get", "--", "a", "e"});
    CHECK(jsonl_error(R"({"op":"put","key_base64":"!!"})") == R"(3: "key_base64" is not valid base64)");
}

TEST_CASE("JSON lines: what does not translate") {
    CHECK(jsonl_error(R"({"op":"put","key":"k")").rfind("3: invalid JSON: parse error", 0) == 0);
    CHECK(jsonl_error("put k v").rfind("3: invalid JSON: ", 0) == 0);
    CHECK(jsonl_error(R"(["put","k"])") == R"(3: a JSON line must be an object, such as {"op":"get","key":"k"})");
    CHECK(jsonl_error(R"({"key":"k"})") == R"(3: no "op" (the command, such as "put", "get", "del" or "lease grant"))");
    CHECK(jsonl_error(R"({"op":" "})") == R"(3: "op" is empty)");
    CHECK(jsonl_error(R"({"op":1})") == R"(3: "op" must be a string)");
    CHECK(jsonl_error(R"({"op":"put","key":1})") == R"(3: "key" must be a string)");
    CHECK(jsonl_error(R"({"op":"put","key":"a","key_base64":"YQ=="})") ==
          R"(3: "key_base64": the key was given already)");
    CHECK(jsonl_error(R"({"op":"get","key":"a","value":"b","range_end":"c"})") ==
          R"(3: "range_end": the value or range_end was given already)");
    CHECK(jsonl_error(R"({"op":"put","value":"v"})") == "3: a value or range_end needs a key");
    CHECK(jsonl_error(R"({"op":"get","key":"k","prefix":null})") ==
          R"(3: "prefix": a flag takes a string, a number or true/false)");
    CHECK(jsonl_error(R"({"op":"get","key":"k","":true})") ==
          R"(3: "" is not a flag name (write "prev_kv" for --prev-kv))");
    CHECK(jsonl_error(R"({"op":"get","args":"k"})") == R"(3: "args" must be an array of strings)");
}

TEST_CASE("write group: disjoint writes join, a key written twice starts the next group") {
    WriteGroup g(3);
    CHECK(g.capacity() == 3);
    CHECK(g.empty());
    CHECK(g.fits(put_op("a")));
    g.add(1, put_op("a"));
    CHECK_FALSE(g.fits(put_op("a")));
    CHECK_FALSE(g.fits(del_op("a")));
    CHECK_FALSE(g.fits(del_op("", std::string(1, '\0')))); // every key
    CHECK_FALSE(g.fits(del_op("0", "b")));
    CHECK(g.fits(del_op("b", "c")));
    CHECK(g.fits(put_op(std::string("a\0", 2))));
    g.add(3, del_op("b", "d"));
    CHECK_FALSE(g.fits(put_op("c")));
    CHECK_FALSE(g.fits(del_op("c", std::string(1, '\0'))));
    CHECK(g.fits(put_op("d")));
    g.add(4, put_op("d"));
    CHECK(g.full());
    CHECK_FALSE(g.fits(put_op("z")));
    CHECK(g.lines() == std::vector<size_t>{1, 3, 4});
    CHECK(g.request().success_size() == 3);
    CHECK(g.request().success(1).request_delete_range().range_end() == "d");
    g.clear();
    CHECK(g.empty());
    CHECK(g.fits(put_op("a")));
}

TEST_CASE("write group: a request past the size bound starts the next group") {
    WriteGroup g(100);
    auto big = put_op("big");
    big.mutable_request_put()->set_value(std::string(k_write_group_bytes, 'x'));
    CHECK(g.fits(big)); // alone it goes, as the single put would
    g.add(1, big);
    CHECK_FALSE(g.fits(put_op("small")));
}

TEST_CASE("write group: each write's response as the single command's") {
    etcdserverpb::TxnResponse txn;
    txn.mutable_header()->set_revision(7);
    txn.mutable_header()->set_cluster_id(11);
    txn.mutable_header()->set_raft_term(2);
    auto* put = txn.add_responses()->mutable_response_put();
    put->mutable_header()->set_revision(7);
    put->mutable_prev_kv()->set_key("k");
    auto* del = txn.add_responses()->mutable_response_delete_range();
    del->set_deleted(2);
    del->add_prev_kvs()->set_key("a");
    auto p = put_response(txn, 0);
    CHECK(p.header().SerializeAsString() == txn.header().SerializeAsString());
    CHECK(p.prev_kv().key() == "k");
    auto d = del_response(txn, 1);
    CHECK(d.header().cluster_id() == 11);
    CHECK(d.deleted() == 2);
    CHECK(d.prev_kvs(0).key() == "a");
}
