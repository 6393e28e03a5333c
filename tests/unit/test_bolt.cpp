// ectl::bolt: Writer -> Reader round trips, and damaged files (meta, truncation, page flags, cycles,
// zeros, random bytes) that must each be a BoltError or a check() finding, never a crash.

#include <catch2/catch.hpp>

#include "bolt/format.hpp"
#include "bolt/reader.hpp"
#include "bolt/writer.hpp"
#include "file.hpp"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

using namespace ectl::bolt;

namespace {

// A directory of its own under the system's temp dir, removed with everything in it.
class TempDir {
public:
    TempDir() {
        std::string pattern = (std::filesystem::temp_directory_path() / "ectl-bolt-XXXXXX").string();
        if (mkdtemp(pattern.data()) == nullptr) {
            throw std::runtime_error("mkdtemp failed");
        }
        m_path = pattern;
    }
    ~TempDir() {
        std::error_code ignored;
        std::filesystem::remove_all(m_path, ignored);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    std::string file(const std::string& name) const { return (m_path / name).string(); }

private:
    std::filesystem::path m_path;
};

using Pairs = std::vector<std::pair<std::string, std::string>>;
struct Bucket {
    std::string name;
    uint64_t sequence = 0;
    Pairs pairs;
};
using Buckets = std::vector<Bucket>;

void write_db(const std::string& path, uint32_t page_size, const Buckets& buckets) {
    Writer writer(path, page_size);
    for (const Bucket& b : buckets) {
        writer.begin_bucket(b.name, b.sequence);
        for (const auto& [key, value] : b.pairs) {
            writer.put(key, value);
        }
        writer.end_bucket();
    }
    writer.finish();
}

Buckets read_db(const Reader& reader) {
    Buckets out;
    reader.for_each_bucket([&](std::string_view name, uint64_t sequence) {
        out.push_back(Bucket{std::string(name), sequence, {}});
    });
    for (Bucket& b : out) {
        // Not a CHECK: a BoltError must reach the caller (read_outcome), not be recorded here.
        bool found = reader.for_each(b.name, [&](std::string_view k, std::string_view v) {
            b.pairs.emplace_back(std::string(k), std::string(v));
        });
        if (!found) {
            b.pairs.emplace_back("(listed but not found)", "");
        }
    }
    return out;
}

bool same(const Buckets& a, const Buckets& b) {
    if (a.size() != b.size()) {
        return false;
    }
    for (size_t i = 0; i < a.size(); ++i) {
        if (a[i].name != b[i].name || a[i].sequence != b[i].sequence || a[i].pairs != b[i].pairs) {
            return false;
        }
    }
    return true;
}

std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

void write_file(const std::string& path, const std::string& bytes) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

// The levels of a bucket's tree, by following first children from its root page.
int tree_depth(const std::string& file, uint32_t page_size, uint64_t root) {
    int depth = 1;
    uint64_t id = root;
    for (;;) {
        PageHeader h = decode_page_header(file.data() + id * page_size);
        if ((h.flags & k_branch_page) == 0) {
            return depth;
        }
        id = load_u64(file.data() + id * page_size + k_page_header_size + 8);
        ++depth;
    }
}

// Reading every bucket of path, whatever the outcome: a BoltError's (or FileError's) text, or "" when
// it all read.
std::string read_outcome(const std::string& path) {
    try {
        Reader reader(path);
        (void)reader.check();
        read_db(reader);
        return "";
    } catch (const BoltError& e) {
        return e.what();
    } catch (const ectl::FileError& e) {
        return e.what();
    }
}

std::string error_of(const std::string& path) {
    std::string what = read_outcome(path);
    REQUIRE_FALSE(what.empty());
    return what;
}

bool any_contains(const std::vector<std::string>& lines, const std::string& part) {
    for (const std::string& line : lines) {
        if (line.find(part) != std::string::npos) {
            return true;
        }
    }
    return false;
}

Buckets small_db() {
    return {Bucket{"alpha", 3, {{"a", "1"}, {"b", "22"}, {"c", std::string(5000, 'x')}}}, Bucket{"beta", 0, {}},
            Bucket{"key", 7, {{"k1", "v1"}, {"k2", "v2"}}}};
}

// Raw pages for files the Writer would never make.
std::string leaf_page(uint32_t page_size, uint64_t id,
                      const std::vector<std::tuple<uint32_t, std::string, std::string>>& elements) {
    std::string page(page_size, '\0');
    PageHeader h;
    h.id = id;
    h.flags = k_leaf_page;
    h.count = static_cast<uint16_t>(elements.size());
    encode_page_header(page.data(), h);
    size_t data = k_page_header_size + elements.size() * k_element_size;
    for (size_t i = 0; i < elements.size(); ++i) {
        const auto& [flags, key, value] = elements[i];
        char* e = page.data() + k_page_header_size + i * k_element_size;
        store_u32(e, flags);
        store_u32(e + 4, static_cast<uint32_t>(data - (k_page_header_size + i * k_element_size)));
        store_u32(e + 8, static_cast<uint32_t>(key.size()));
        store_u32(e + 12, static_cast<uint32_t>(value.size()));
        page.replace(data, key.size() + value.size(), key + value);
        data += key.size() + value.size();
    }
    return page;
}

std::string bucket_value(uint64_t root, uint64_t sequence, const std::string& inline_page = {}) {
    std::string v(k_bucket_header_size, '\0');
    store_u64(v.data(), root);
    store_u64(v.data() + 8, sequence);
    return v + inline_page;
}

std::string meta_page(uint32_t page_size, uint64_t id, const Meta& meta) {
    std::string page(page_size, '\0');
    PageHeader h;
    h.id = id;
    h.flags = k_meta_page;
    encode_page_header(page.data(), h);
    encode_meta(page.data(), meta);
    return page;
}

// A file of pages 2.. (each page_size long, or a run) after two meta pages with the given root.
std::string raw_db(uint32_t page_size, uint64_t root, uint64_t freelist, const std::vector<std::string>& pages) {
    std::string body;
    for (const std::string& p : pages) {
        body += p;
    }
    Meta m;
    m.magic = k_magic;
    m.version = k_version;
    m.page_size = page_size;
    m.root = root;
    m.freelist = freelist;
    m.pgid = 2 + body.size() / page_size;
    m.txid = 4;
    std::string file = meta_page(page_size, 0, m);
    m.txid = 5;
    return file + meta_page(page_size, 1, m) + body;
}

std::string empty_freelist(uint32_t page_size, uint64_t id) {
    std::string page(page_size, '\0');
    PageHeader h;
    h.id = id;
    h.flags = k_freelist_page;
    encode_page_header(page.data(), h);
    return page;
}

} // namespace

TEST_CASE("bolt: FNV-1a 64 and the meta checksum") {
    CHECK(fnv1a_64("") == 0xcbf29ce484222325ULL);
    CHECK(fnv1a_64("a") == 0xaf63dc4c8601ec8cULL);
    CHECK(fnv1a_64("foobar") == 0x85944171f73967e8ULL);
    Meta m;
    m.magic = k_magic;
    m.version = k_version;
    CHECK(meta_problem(m).empty()); // a zero checksum is not checked, as bbolt
    m.checksum = 1;
    CHECK(meta_problem(m).rfind("checksum error", 0) == 0);
    m.checksum = meta_checksum(m);
    CHECK(meta_problem(m).empty());
    m.version = 1;
    CHECK(meta_problem(m).rfind("version mismatch", 0) == 0);
    CHECK(page_type(0x20) == "unknown<20>");
}

TEST_CASE("bolt: buckets, sequences, an empty bucket and overflow values round-trip") {
    TempDir dir;
    std::string path = dir.file("small.db");
    write_db(path, 4096, small_db());
    Reader reader(path);
    CHECK(reader.page_size() == 4096);
    CHECK(reader.size() == read_file(path).size());
    CHECK(reader.check().empty());
    CHECK(same(read_db(reader), small_db()));
    CHECK_FALSE(reader.for_each("gamma", [](std::string_view, std::string_view) {}));
    CHECK_FALSE(reader.for_each("alph", [](std::string_view, std::string_view) {}));
    CHECK(reader.has_freelist());
    CHECK(std::filesystem::status(path).permissions() ==
          (std::filesystem::perms::owner_read | std::filesystem::perms::owner_write));
}

TEST_CASE("bolt: a file with no bucket") {
    TempDir dir;
    std::string path = dir.file("none.db");
    write_db(path, 4096, {});
    Reader reader(path);
    CHECK(reader.check().empty());
    CHECK(read_db(reader).empty());
    CHECK(reader.size() == 4 * 4096);
}

TEST_CASE("bolt: many buckets and many small keys make several branch levels") {
    TempDir dir;
    for (uint32_t page_size : {512U, 4096U}) {
        Buckets buckets;
        for (int b = 0; b < 300; ++b) {
            std::string name = "bucket" + std::to_string(1000 + b);
            buckets.push_back(Bucket{name, static_cast<uint64_t>(b), {{"k", std::to_string(b)}}});
        }
        Bucket big{"zbig", 42, {}};
        for (int i = 0; i < 100000; ++i) {
            big.pairs.emplace_back("key" + std::to_string(10000000 + i), std::to_string(i * 7));
        }
        buckets.push_back(big);
        std::string path = dir.file("many" + std::to_string(page_size) + ".db");
        write_db(path, page_size, buckets);
        Reader reader(path);
        CHECK(reader.check().empty());
        CHECK(same(read_db(reader), buckets));

        std::string file = read_file(path);
        Meta meta = decode_meta(file.data() + page_size); // page 1 holds the newer meta
        CHECK(tree_depth(file, page_size, meta.root) >= 2);
        uint64_t big_root = 0;
        // The big bucket's root: the last element of the root tree's last leaf is "zbig".
        std::string root_tree_value;
        uint64_t id = meta.root;
        for (;;) {
            PageHeader h = decode_page_header(file.data() + id * page_size);
            const char* last =
                file.data() + id * page_size + k_page_header_size + (static_cast<size_t>(h.count) - 1) * k_element_size;
            if ((h.flags & k_branch_page) != 0) {
                id = load_u64(last + 8);
                continue;
            }
            const char* key = last + load_u32(last + 4);
            CHECK(std::string(key, load_u32(last + 8)) == "zbig");
            big_root = load_u64(key + load_u32(last + 8));
            break;
        }
        CHECK(tree_depth(file, page_size, big_root) >= (page_size == 512 ? 4 : 3));
    }
}

TEST_CASE("bolt: values from 1 byte to 3 pages and keys up to 1 KB") {
    TempDir dir;
    for (uint32_t page_size : {1024U, 4096U}) {
        Bucket b{"v", 1, {}};
        std::mt19937 rng(7);
        int n = 0;
        for (size_t size : {size_t{1}, size_t{2}, size_t{100}, size_t{page_size / 2}, size_t{page_size - 48},
                            size_t{page_size - 32}, size_t{page_size}, size_t{page_size + 1}, size_t{2 * page_size},
                            size_t{3 * page_size}, size_t{3 * page_size - 40}}) {
            for (size_t key_size : {size_t{1}, size_t{40}, size_t{1000}}) {
                std::string key(key_size, 'k');
                key += static_cast<char>('a' + n / 26);
                key += static_cast<char>('a' + n % 26);
                std::string value(size, '\0');
                for (char& c : value) {
                    c = static_cast<char>(rng());
                }
                b.pairs.emplace_back(key, value);
                ++n;
            }
        }
        std::sort(b.pairs.begin(), b.pairs.end());
        std::string path = dir.file("values.db");
        write_db(path, page_size, {b, Bucket{"w", 0, {{std::string(1024, 'x'), ""}}}});
        Reader reader(path);
        CHECK(reader.check().empty());
        CHECK(same(read_db(reader), {b, Bucket{"w", 0, {{std::string(1024, 'x'), ""}}}}));
    }
}

TEST_CASE("bolt: the Writer refuses what bbolt would refuse") {
    TempDir dir;
    std::string path = dir.file("bad.db");
    CHECK_THROWS_AS(Writer(path, 1000), BoltError);
    CHECK_THROWS_AS(Writer(path, 256), BoltError);
    CHECK_THROWS_AS(Writer(dir.file("no/such/dir/x.db"), 4096), ectl::FileError);

    Writer w(path, 4096);
    CHECK_THROWS_WITH(w.put("a", "b"), "put: no bucket is open");
    CHECK_THROWS_WITH(w.begin_bucket("", 0), "bucket name required");
    w.begin_bucket("b", 0);
    CHECK_THROWS_WITH(w.begin_bucket("c", 0), "begin_bucket(\"c\"): bucket \"b\" is still open");
    CHECK_THROWS_WITH(w.put("", "x"), "key required");
    CHECK_THROWS_AS(w.put(std::string(k_max_key_size + 1, 'k'), "x"), BoltError);
    w.put("k2", "x");
    CHECK_THROWS_WITH(w.put("k1", "x"), "keys out of order in bucket \"b\": \"k1\" after \"k2\"");
    CHECK_THROWS_WITH(w.put("k2", "x"), "keys out of order in bucket \"b\": \"k2\" after \"k2\"");
    CHECK_THROWS_WITH(w.finish(), "finish: bucket \"b\" is still open");
    w.end_bucket();
    CHECK_THROWS_WITH(w.end_bucket(), "end_bucket: no bucket is open");
    CHECK_THROWS_WITH(w.begin_bucket("a", 0), "buckets out of order: \"a\" after \"b\"");
    CHECK_THROWS_WITH(w.begin_bucket("b", 0), "buckets out of order: \"b\" after \"b\"");
    w.begin_bucket("c", 0);
    w.put("k1", "x"); // each bucket has its own key order
    w.end_bucket();
    w.finish();
    CHECK_THROWS_WITH(w.begin_bucket("d", 0), "begin_bucket: the file is already finished");
    Reader reader(path);
    CHECK(reader.check().empty());
    CHECK(read_db(reader).size() == 2);
}

TEST_CASE("bolt: a Writer dropped before finish leaves a file bbolt refuses") {
    TempDir dir;
    std::string path = dir.file("unfinished.db");
    {
        Writer w(path, 4096);
        w.begin_bucket("a", 0);
        w.put("k", std::string(10000, 'v'));
    }
    CHECK_THROWS_AS(Reader(path), BoltError);
}

TEST_CASE("bolt: meta pages: one damaged falls back to the other, both damaged is an error") {
    TempDir dir;
    std::string path = dir.file("meta.db");
    write_db(path, 4096, small_db());
    std::string good = read_file(path);

    std::string one = good;
    one[4096 + k_page_header_size + 20] ^= 1; // page 1 (the newer) root field: checksum mismatch
    write_file(path, one);
    Reader fallback(path);
    CHECK(fallback.txid() == 0);
    CHECK(same(read_db(fallback), small_db()));

    std::string both = one;
    both[k_page_header_size + 20] ^= 1;
    write_file(path, both);
    CHECK_THAT(error_of(path), Catch::StartsWith("checksum error: no valid meta page (page 0: checksum error"));

    std::string version = good;
    for (size_t page : {size_t{0}, size_t{4096}}) {
        Meta m = decode_meta(version.data() + page);
        m.version = 3;
        encode_meta(version.data() + page, m);
    }
    write_file(path, version);
    CHECK_THAT(error_of(path), Catch::StartsWith("version mismatch"));

    std::string bad_root = good;
    for (size_t page : {size_t{0}, size_t{4096}}) {
        Meta m = decode_meta(bad_root.data() + page);
        m.root = 1000;
        encode_meta(bad_root.data() + page, m);
    }
    write_file(path, bad_root);
    CHECK_THAT(error_of(path), Catch::Contains("has its root at page 1000"));
}

TEST_CASE("bolt: truncated, empty, tiny, zero-filled, random and missing files are errors") {
    TempDir dir;
    std::string path = dir.file("t.db");
    write_db(path, 4096, small_db());
    std::string good = read_file(path);

    write_file(path, good.substr(0, good.size() - 4096));
    CHECK_THAT(error_of(path), Catch::StartsWith("file is truncated: it has"));
    write_file(path, good.substr(0, 3 * 4096 + 100));
    CHECK_THAT(error_of(path), Catch::StartsWith("file is truncated"));
    write_file(path, good.substr(0, 5000));
    CHECK_THAT(error_of(path), Catch::StartsWith("file size too small"));
    write_file(path, good.substr(0, 4096));
    CHECK_THAT(error_of(path), Catch::StartsWith("file size too small"));
    write_file(path, good.substr(0, 50));
    CHECK_THAT(error_of(path), Catch::StartsWith("invalid database: the file has 50 bytes"));
    write_file(path, "");
    CHECK_THAT(error_of(path), Catch::StartsWith("invalid database"));
    write_file(path, std::string(1 << 16, '\0'));
    CHECK_THAT(error_of(path), Catch::StartsWith("invalid database: no valid meta page (page 0: invalid database "
                                                 "(magic 0x00000000, not 0xed0cdaed)"));
    std::mt19937_64 rng(1);
    std::string random(1 << 16, '\0');
    for (char& c : random) {
        c = static_cast<char>(rng());
    }
    write_file(path, random);
    CHECK_THAT(error_of(path), Catch::StartsWith("invalid database"));
    CHECK(error_of(dir.file("missing.db")) == "open " + dir.file("missing.db") + ": no such file or directory");
    CHECK_THAT(error_of(dir.file("")), Catch::StartsWith("not a regular file"));
}

TEST_CASE("bolt: a snapshot's trailing sha256 does not disturb reading") {
    TempDir dir;
    std::string path = dir.file("snap.db");
    write_db(path, 4096, small_db());
    write_file(path, read_file(path) + std::string(32, '\x5a'));
    Reader reader(path);
    CHECK(reader.check().empty());
    CHECK(same(read_db(reader), small_db()));
}

TEST_CASE("bolt: damaged page flags, ids and overflow are errors and check() findings") {
    TempDir dir;
    std::string path = dir.file("flags.db");
    write_db(path, 4096, small_db());
    std::string good = read_file(path);
    Meta meta = decode_meta(good.data() + 4096);

    std::string flags = good;
    store_u16(flags.data() + meta.root * 4096 + 8, 0x20);
    write_file(path, flags);
    CHECK_THAT(error_of(path), Catch::Contains("has the type unknown<20>"));
    CHECK(any_contains(Reader(path).check(), "page " + std::to_string(meta.root) + ": invalid type: unknown<20>"));

    std::string freelist_flag = good;
    store_u16(freelist_flag.data() + 2 * 4096 + 8, k_leaf_page);
    write_file(path, freelist_flag);
    CHECK(Reader(path).check().front() == "invalid freelist page: 2, page type is leaf");

    std::string id = good;
    store_u64(id.data() + meta.root * 4096, 77);
    write_file(path, id);
    CHECK_THAT(error_of(path), Catch::Contains("has the id 77 in its header"));

    std::string overflow = good;
    store_u32(overflow.data() + meta.root * 4096 + 12, 0xFFFFFFF0);
    write_file(path, overflow);
    CHECK_THAT(error_of(path), Catch::Contains("overflow pages go past the high-water mark"));
    CHECK(any_contains(Reader(path).check(), "out of bounds"));

    std::string count = good;
    store_u16(count.data() + meta.root * 4096 + 10, 0xFFFE); // zeroed elements, then ones past the page
    write_file(path, count);
    CHECK_THAT(error_of(path), Catch::Contains("is empty"));
    CHECK(any_contains(Reader(path).check(), "lies outside the page"));
}

TEST_CASE("bolt: a cycle, a shared page and out-of-bounds children end the walk with an error") {
    TempDir dir;
    std::string path = dir.file("cycle.db");
    const uint32_t ps = 512;
    Bucket big{"b", 0, {}};
    for (int i = 0; i < 2000; ++i) {
        big.pairs.emplace_back("key" + std::to_string(100000 + i), "v");
    }
    write_db(path, ps, {big});
    std::string good = read_file(path);
    Meta meta = decode_meta(good.data() + ps);
    // The bucket's root: the one element of the root tree's leaf.
    const char* e = good.data() + meta.root * ps + k_page_header_size;
    uint64_t root = load_u64(e + load_u32(e + 4) + load_u32(e + 8));
    REQUIRE(decode_page_header(good.data() + root * ps).flags == k_branch_page);
    std::string cycle = good;
    char* second_child = cycle.data() + root * ps + k_page_header_size + k_element_size + 8;
    store_u64(second_child, root); // the root's second child is the root itself
    write_file(path, cycle);
    CHECK_THAT(error_of(path), Catch::Contains("reached twice"));
    CHECK(any_contains(Reader(path).check(), "page " + std::to_string(root) + ": multiple references"));

    std::string shared = good;
    uint64_t first = load_u64(shared.data() + root * ps + k_page_header_size + 8);
    store_u64(shared.data() + root * ps + k_page_header_size + k_element_size + 8, first);
    write_file(path, shared);
    CHECK_THAT(error_of(path), Catch::Contains("reached twice"));
    std::vector<std::string> problems = Reader(path).check();
    CHECK(any_contains(problems, "multiple references"));
    CHECK(any_contains(problems, "unreachable unfreed"));

    std::string beyond = good;
    store_u64(beyond.data() + root * ps + k_page_header_size + 8, meta.pgid + 5);
    write_file(path, beyond);
    CHECK_THAT(error_of(path), Catch::Contains("lies beyond the high-water mark"));
    CHECK(any_contains(Reader(path).check(),
                       "page " + std::to_string(meta.pgid + 5) + ": out of bounds: " + std::to_string(meta.pgid)));
}

TEST_CASE("bolt: keys out of order are an error and check() findings in bbolt's words") {
    TempDir dir;
    std::string path = dir.file("order.db");
    const uint32_t ps = 4096;
    std::string bucket_leaf = leaf_page(ps, 4, {{0, "b", "1"}, {0, "a", "2"}});
    std::string root = leaf_page(ps, 3, {{k_bucket_leaf, "key", bucket_value(4, 0)}});
    write_file(path, raw_db(ps, 3, 2, {empty_freelist(ps, 2), root, bucket_leaf}));
    CHECK_THAT(error_of(path), Catch::Contains("keys out of order: key[1]=(hex)61 on page 4"));
    std::vector<std::string> problems = Reader(path).check();
    REQUIRE(problems.size() == 1);
    CHECK(problems[0] == "key[1]=(hex)61 on leaf page(4) needs to be > (found <) than previous element (hex)62. "
                         "Stack: [4]");
}

TEST_CASE("bolt: inline buckets are read") {
    TempDir dir;
    std::string path = dir.file("inline.db");
    const uint32_t ps = 4096;
    std::string inline_page = leaf_page(ps, 0, {{0, "x", "1"}, {0, "y", "22"}}).substr(0, 16 + 32 + 5);
    std::string root = leaf_page(ps, 3, {{k_bucket_leaf, "in", bucket_value(0, 9, inline_page)}});
    write_file(path, raw_db(ps, 3, 2, {empty_freelist(ps, 2), root}));
    Reader reader(path);
    CHECK(reader.check().empty());
    CHECK(same(read_db(reader), {Bucket{"in", 9, {{"x", "1"}, {"y", "22"}}}}));

    std::string cut = leaf_page(ps, 3, {{k_bucket_leaf, "in", bucket_value(0, 9, inline_page.substr(0, 40))}});
    write_file(path, raw_db(ps, 3, 2, {empty_freelist(ps, 2), cut}));
    CHECK_THAT(error_of(path), Catch::Contains("lies outside the page"));

    std::string nested = leaf_page(ps, 4, {{k_bucket_leaf, "sub", bucket_value(0, 0)}});
    std::string outer = leaf_page(ps, 3, {{k_bucket_leaf, "out", bucket_value(4, 0)}});
    write_file(path, raw_db(ps, 3, 2, {empty_freelist(ps, 2), outer, nested}));
    CHECK_THAT(error_of(path), Catch::Contains("holds a nested bucket \"sub\""));
    CHECK(Reader(path).check().empty());

    std::string plain = leaf_page(ps, 3, {{0, "notabucket", "v"}});
    write_file(path, raw_db(ps, 3, 2, {empty_freelist(ps, 2), plain}));
    CHECK_THAT(error_of(path), Catch::Contains("the top-level key \"notabucket\" is not a bucket"));
}

TEST_CASE("bolt: freelists: synced (also with the 0xFFFF count), not synced, damaged") {
    TempDir dir;
    std::string path = dir.file("free.db");
    const uint32_t ps = 4096;
    std::string root = leaf_page(ps, 3, {{k_bucket_leaf, "a", bucket_value(4, 0)}});
    std::string bucket = leaf_page(ps, 4, {{0, "k", "v"}});
    std::string unused(ps, '\0');

    // Pages 5 and 6 are not reached: with no freelist page bbolt takes them as free.
    write_file(path, raw_db(ps, 3, k_no_freelist, {unused, root, bucket, unused, unused}));
    CHECK_FALSE(Reader(path).has_freelist());
    CHECK(Reader(path).check().empty());

    // With an empty freelist they are unreachable unfreed (and so is page 2).
    write_file(path, raw_db(ps, 3, 7, {unused, root, bucket, unused, unused, empty_freelist(ps, 7)}));
    CHECK(Reader(path).check() == std::vector<std::string>{"page 2: unreachable unfreed", "page 5: unreachable unfreed",
                                                           "page 6: unreachable unfreed"});

    // Listed in the count-overflow form: the first id holds the count.
    std::string list = empty_freelist(ps, 7);
    store_u16(list.data() + 10, 0xFFFF);
    store_u64(list.data() + 16, 3);
    store_u64(list.data() + 24, 2);
    store_u64(list.data() + 32, 6);
    store_u64(list.data() + 40, 5);
    write_file(path, raw_db(ps, 3, 7, {unused, root, bucket, unused, unused, list}));
    CHECK(Reader(path).check().empty());

    // A page freed twice, a reachable page freed, an id outside the file.
    std::string bad = empty_freelist(ps, 7);
    store_u16(bad.data() + 10, 5);
    for (uint64_t i = 0, ids[] = {2, 5, 6, 5, 4}; i < 5; ++i) {
        store_u64(bad.data() + 16 + 8 * i, ids[i]);
    }
    write_file(path, raw_db(ps, 3, 7, {unused, root, bucket, unused, unused, bad}));
    CHECK(Reader(path).check() == std::vector<std::string>{"page 5: already freed", "page 4: reachable freed"});

    std::string huge = empty_freelist(ps, 7);
    store_u16(huge.data() + 10, 0xFFFF);
    store_u64(huge.data() + 16, 1ULL << 60);
    write_file(path, raw_db(ps, 3, 7, {unused, root, bucket, unused, unused, huge}));
    CHECK(any_contains(Reader(path).check(), "does not fit"));
}

TEST_CASE("bolt: random damage to a valid file never crashes the reader") {
    TempDir dir;
    std::string path = dir.file("fuzz.db");
    const uint32_t ps = 512;
    Buckets buckets = small_db();
    for (int i = 0; i < 300; ++i) {
        buckets[2].pairs.emplace_back("z" + std::to_string(1000 + i), std::string(static_cast<size_t>(i % 700), 'q'));
    }
    write_db(path, ps, buckets);
    std::string good = read_file(path);
    std::mt19937 rng(12345);
    int errors = 0;
    for (int round = 0; round < 400; ++round) {
        std::string bad = good;
        int flips = 1 + static_cast<int>(rng() % 8);
        for (int f = 0; f < flips; ++f) {
            size_t at = 2 * ps + rng() % (bad.size() - 2 * ps); // keep the meta pages, damage the rest
            bad[at] = static_cast<char>(rng());
        }
        write_file(path, bad);
        if (!read_outcome(path).empty()) {
            ++errors;
        }
    }
    CHECK(errors > 0);
}
