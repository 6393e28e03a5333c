#include "go_quote.hpp"

#include <catch2/catch.hpp>

#include <string>

using ectl::go_is_print;
using ectl::go_quote;

// Expected strings below are what Go 1.19's strconv.Quote prints, i.e. what
// etcdctl 3.4.23 shows for keys and values with `-w fields`.

TEST_CASE("go_quote: empty and plain ASCII", "[go_quote]") {
    CHECK(go_quote("") == R"("")");
    CHECK(go_quote("foo") == R"("foo")");
    CHECK(go_quote("a b~!") == R"("a b~!")");
}

TEST_CASE("go_quote: quote and backslash are escaped", "[go_quote]") {
    CHECK(go_quote("\"") == R"("\"")");
    CHECK(go_quote("\\") == R"("\\")");
    CHECK(go_quote("a\"b\\c") == R"("a\"b\\c")");
    // Single quote is printable and only escaped in Go's rune quoting.
    CHECK(go_quote("'") == R"("'")");
}

TEST_CASE("go_quote: named control escapes", "[go_quote]") {
    CHECK(go_quote("\a") == R"("\a")");
    CHECK(go_quote("\b") == R"("\b")");
    CHECK(go_quote("\f") == R"("\f")");
    CHECK(go_quote("\n") == R"("\n")");
    CHECK(go_quote("\r") == R"("\r")");
    CHECK(go_quote("\t") == R"("\t")");
    CHECK(go_quote("\v") == R"("\v")");
}

TEST_CASE("go_quote: other C0 controls and DEL use \\x", "[go_quote]") {
    CHECK(go_quote(std::string("\0", 1)) == R"("\x00")");
    CHECK(go_quote(std::string("a\0b", 3)) == R"("a\x00b")");
    CHECK(go_quote("\x1b") == R"("\x1b")");
    CHECK(go_quote("\x7f") == R"("\x7f")");
}

TEST_CASE("go_quote: C1 controls use \\u", "[go_quote]") {
    CHECK(go_quote("\xc2\x80") == R"("\u0080")");
    CHECK(go_quote("\xc2\x9f") == R"("\u009f")");
}

TEST_CASE("go_quote: invalid UTF-8 escapes each bad byte", "[go_quote]") {
    SECTION("lone continuation byte") {
        CHECK(go_quote("\x80") == R"("\x80")");
    }
    SECTION("bytes that never start a sequence") {
        CHECK(go_quote("\xff") == R"("\xff")");
        CHECK(go_quote("\xf5\x80\x80\x80") == R"("\xf5\x80\x80\x80")");
    }
    SECTION("truncated multibyte sequence") {
        CHECK(go_quote("\xe2\x82") == R"("\xe2\x82")");
        CHECK(go_quote("\xe2\x82z") == R"("\xe2\x82z")");
        CHECK(go_quote("\xf0\x9f\x98") == R"("\xf0\x9f\x98")");
    }
    SECTION("overlong encodings") {
        CHECK(go_quote("\xc0\x80") == R"("\xc0\x80")");
        CHECK(go_quote("\xc1\xbf") == R"("\xc1\xbf")");
        CHECK(go_quote("\xe0\x80\xaf") == R"("\xe0\x80\xaf")");
        CHECK(go_quote("\xf0\x80\x80\xaf") == R"("\xf0\x80\x80\xaf")");
    }
    SECTION("UTF-16 surrogate encoded in UTF-8") {
        CHECK(go_quote("\xed\xa0\x80") == R"("\xed\xa0\x80")");
        CHECK(go_quote("\xed\xbf\xbf") == R"("\xed\xbf\xbf")");
    }
    SECTION("beyond U+10FFFF") {
        CHECK(go_quote("\xf4\x90\x80\x80") == R"("\xf4\x90\x80\x80")");
    }
    SECTION("decoding resynchronises after a bad byte") {
        CHECK(go_quote("\xff\xc3\xa9") == "\"\\xff\xc3\xa9\"");
    }
    SECTION("a genuinely encoded U+FFFD is printable") {
        CHECK(go_quote("\xef\xbf\xbd") == "\"\xef\xbf\xbd\"");
    }
}

TEST_CASE("go_quote: non-printable code points use \\u / \\U", "[go_quote]") {
    CHECK(go_quote("\xc2\xa0") == R"("\u00a0")");     // NBSP
    CHECK(go_quote("\xc2\xad") == R"("\u00ad")");     // soft hyphen
    CHECK(go_quote("\xe2\x80\x8b") == R"("\u200b")"); // zero width space
    CHECK(go_quote("\xe2\x80\xa8") == R"("\u2028")"); // line separator
    CHECK(go_quote("\xe3\x80\x80") == R"("\u3000")"); // ideographic space
    CHECK(go_quote("\xef\xbb\xbf") == R"("\ufeff")"); // BOM
    CHECK(go_quote("\xee\x80\x80") == R"("\ue000")"); // private use
    CHECK(go_quote("\xf4\x8f\xbf\xbf") == R"("\U0010ffff")");
    CHECK(go_quote("\xf3\xa0\x80\x81") == R"("\U000e0001")"); // language tag
}

TEST_CASE("go_quote: printable non-ASCII is copied verbatim", "[go_quote]") {
    CHECK(go_quote("\xc3\xa9") == "\"\xc3\xa9\"");                                 // é
    CHECK(go_quote("\xe4\xb8\xad\xe6\x96\x87") == "\"\xe4\xb8\xad\xe6\x96\x87\""); // 中文
    CHECK(go_quote("\xf0\x9f\x98\x80") == "\"\xf0\x9f\x98\x80\"");                 // 😀
    CHECK(go_quote("e\xcc\x81") == "\"e\xcc\x81\"");                               // combining acute
}

TEST_CASE("go_is_print matches Go's strconv.IsPrint", "[go_quote]") {
    CHECK(go_is_print(U' '));
    CHECK(go_is_print(U'~'));
    CHECK_FALSE(go_is_print(0x1F));
    CHECK_FALSE(go_is_print(0x7F));
    CHECK_FALSE(go_is_print(0xA0));
    CHECK(go_is_print(0xA1));
    CHECK_FALSE(go_is_print(0xAD));
    CHECK(go_is_print(0xFF));
    CHECK_FALSE(go_is_print(0x200B));
    CHECK_FALSE(go_is_print(0x3000));
    CHECK(go_is_print(0x4E2D));
    CHECK(go_is_print(0x1F600));
    CHECK_FALSE(go_is_print(0xE000));
    CHECK_FALSE(go_is_print(0xD800));
    CHECK_FALSE(go_is_print(0x10FFFF));
    CHECK_FALSE(go_is_print(0x110000));
    // Assigned only in Unicode 14.0; Go 1.19 uses Unicode 13.0 tables.
    CHECK_FALSE(go_is_print(0x1FAE0));
    CHECK_FALSE(go_is_print(0x0870));
    // Assigned in Unicode 13.0.
    CHECK(go_is_print(0x1FAD0));
}
