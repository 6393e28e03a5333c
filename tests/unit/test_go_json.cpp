// The hand-written JSON encoders (KeyValue, Event, ResponseHeader) against the reflective one, and
// the json printer's streaming of watch responses.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdint>
#include <limits>
#include <random>

#include <absl/strings/escaping.h>
#include <nlohmann/json.hpp>

#include "output/go_json.hpp"
#include "output/printer.hpp"

using namespace ectl;

namespace {

constexpr int64_t k_max = std::numeric_limits<int64_t>::max();
constexpr int64_t k_min = std::numeric_limits<int64_t>::min();

// The generic encoder, whatever the static type of m.
std::string reflective(const google::protobuf::Message& m) {
    std::string out;
    append_go_json(out, m);
    return out;
}

template <typename T>
std::string fast(const T& m) {
    std::string out;
    append_go_json(out, m);
    return out;
}

mvccpb::KeyValue make_kv(std::string key, std::string value, int64_t create, int64_t mod, int64_t version,
                         int64_t lease) {
    mvccpb::KeyValue kv;
    kv.set_key(std::move(key));
    kv.set_value(std::move(value));
    kv.set_create_revision(create);
    kv.set_mod_revision(mod);
    kv.set_version(version);
    kv.set_lease(lease);
    return kv;
}

std::vector<mvccpb::KeyValue> edge_kvs() {
    std::string all_bytes;
    for (int b = 0; b < 256; ++b) {
        all_bytes += static_cast<char>(b);
    }
    return {
        mvccpb::KeyValue(),
        make_kv("foo", "", 0, 0, 0, 0),
        make_kv("", "bar", 0, 0, 0, 0),
        make_kv("k", "v", 1, 2, 3, 4),
        make_kv("<a&b>", "\"quoted\"\\", 0, 7, 0, -1),
        make_kv(std::string("\0\x01\x1f\n\t", 5), "\x7f", k_max, k_min, -1, k_min),
        make_kv("\xff\xfe bad \xc3", "\xe2\x80\xa8\xe2\x80\xa9 seps", 5, 5, 1, 7587869102325637412),
        make_kv(all_bytes, all_bytes.substr(1, 254), 1, 1, 1, 0),
        make_kv("ab", "abc", 0, 0, 0, k_max),
    };
}

// Random bytes of a random length (0 about a third of the time), weighted towards what needs
// escaping or padding.
std::string random_bytes(std::mt19937_64& rng) {
    static const std::string k_special = "<>&\"\\\n\x01\x7f\x80\xff\xe2\xc3";
    size_t len = rng() % 3 == 0 ? 0 : rng() % 40;
    std::string s;
    for (size_t i = 0; i < len; ++i) {
        s += rng() % 4 == 0 ? k_special[rng() % k_special.size()] : static_cast<char>(rng() & 0xff);
    }
    return s;
}

int64_t random_int(std::mt19937_64& rng) {
    switch (rng() % 5) {
    case 0:
        return 0;
    case 1:
        return static_cast<int64_t>(rng() % 1000);
    case 2:
        return -static_cast<int64_t>(rng() % 1000);
    case 3:
        return rng() % 2 == 0 ? k_max : k_min;
    default:
        return static_cast<int64_t>(rng());
    }
}

mvccpb::KeyValue random_kv(std::mt19937_64& rng) {
    return make_kv(random_bytes(rng), random_bytes(rng), random_int(rng), random_int(rng), random_int(rng),
                   random_int(rng));
}

mvccpb::Event random_event(std::mt19937_64& rng) {
    mvccpb::Event ev;
    // 0 and 1 are PUT and DELETE; 7 stands for a value this build does not know (proto3 keeps it).
    static const int k_types[] = {0, 0, 1, 7};
    ev.set_type(static_cast<mvccpb::Event::EventType>(k_types[rng() % 4]));
    if (rng() % 8 != 0) {
        *ev.mutable_kv() = random_kv(rng);
    }
    if (rng() % 2 == 0) {
        *ev.mutable_prev_kv() = random_kv(rng);
    }
    return ev;
}

etcdserverpb::ResponseHeader random_header(std::mt19937_64& rng) {
    etcdserverpb::ResponseHeader h;
    h.set_cluster_id(rng() % 3 == 0 ? 0 : rng());
    h.set_member_id(rng() % 3 == 0 ? 0 : std::numeric_limits<uint64_t>::max());
    h.set_revision(random_int(rng));
    h.set_raft_term(rng() % 3 == 0 ? 0 : rng() % 100);
    return h;
}

// Records the largest single write, to show that output reaches the sink piece by piece.
class RecordingSink : public Sink {
public:
    void write(std::string_view bytes) override {
        m_text.append(bytes);
        m_largest = std::max(m_largest, bytes.size());
    }
    void flush() override {}
    const std::string& text() const { return m_text; }
    size_t largest() const { return m_largest; }

private:
    std::string m_text;
    size_t m_largest = 0;
};

} // namespace

TEST_CASE("fast KeyValue encoder matches the reflective encoder on edge cases") {
    for (const auto& kv : edge_kvs()) {
        CHECK(fast(kv) == reflective(kv));
    }
    CHECK(fast(mvccpb::KeyValue()) == "{}");
    CHECK(fast(make_kv("<a&b>", "", 0, 7, 0, -1)) == "{\"key\":\"PGEmYj4=\",\"mod_revision\":7,\"lease\":-1}");
    CHECK(fast(make_kv("k", "v", k_max, k_min, 0, 0)) ==
          "{\"key\":\"aw==\",\"create_revision\":9223372036854775807,\"mod_revision\":-9223372036854775808,"
          "\"value\":\"dg==\"}");
}

TEST_CASE("fast Event encoder matches the reflective encoder on edge cases") {
    for (const auto& kv : edge_kvs()) {
        for (int type : {0, 1}) {
            mvccpb::Event ev;
            ev.set_type(static_cast<mvccpb::Event::EventType>(type));
            CHECK(fast(ev) == reflective(ev)); // no kv at all
            *ev.mutable_kv() = kv;
            CHECK(fast(ev) == reflective(ev)); // prev_kv absent
            *ev.mutable_prev_kv() = make_kv("k", "old", 1, 2, 1, 0);
            CHECK(fast(ev) == reflective(ev)); // prev_kv present
            *ev.mutable_prev_kv() = mvccpb::KeyValue();
            CHECK(fast(ev) == reflective(ev)); // present but empty: "prev_kv":{}
        }
    }
    mvccpb::Event del;
    del.set_type(mvccpb::Event::DELETE);
    *del.mutable_kv() = make_kv("foo", "", 0, 9, 0, 0);
    CHECK(fast(del) == "{\"type\":1,\"kv\":{\"key\":\"Zm9v\",\"mod_revision\":9}}");
}

TEST_CASE("fast ResponseHeader encoder matches the reflective encoder on edge cases") {
    etcdserverpb::ResponseHeader h;
    CHECK(fast(h) == "{}");
    CHECK(fast(h) == reflective(h));
    h.set_revision(-3);
    CHECK(fast(h) == "{\"revision\":-3}");
    h.set_cluster_id(std::numeric_limits<uint64_t>::max());
    h.set_raft_term(2);
    CHECK(fast(h) == "{\"cluster_id\":18446744073709551615,\"revision\":-3,\"raft_term\":2}");
    CHECK(fast(h) == reflective(h));
}

TEST_CASE("fast encoders match the reflective encoder on 20,000 random messages") {
    std::mt19937_64 rng(20240611);
    int mismatches = 0;
    for (int i = 0; i < 10000; ++i) {
        auto ev = random_event(rng);
        auto h = random_header(rng);
        if (fast(ev) != reflective(ev)) {
            ++mismatches;
            INFO(ev.DebugString());
            CHECK(fast(ev) == reflective(ev));
        }
        if (fast(h) != reflective(h)) {
            ++mismatches;
            CHECK(fast(h) == reflective(h));
        }
    }
    CHECK(mismatches == 0);
}

TEST_CASE("Go JSON primitives") {
    std::string out;
    for (const char* s : {"", "f", "fo", "foo", "foob", "fooba", "foobar"}) {
        append_go_json_bytes(out, s);
        out += ' ';
    }
    CHECK(out == "\"\" \"Zg==\" \"Zm8=\" \"Zm9v\" \"Zm9vYg==\" \"Zm9vYmE=\" \"Zm9vYmFy\" ");
    out.clear();
    append_go_json_int(out, k_min);
    out += ',';
    append_go_json_int(out, 0);
    out += ',';
    append_go_json_uint(out, std::numeric_limits<uint64_t>::max());
    CHECK(out == "-9223372036854775808,0,18446744073709551615");
}

TEST_CASE("base64 bytes match absl::Base64Escape for every length and byte") {
    std::mt19937_64 rng(3);
    for (size_t len = 0; len < 300; ++len) {
        std::string bytes;
        for (size_t i = 0; i < len; ++i) {
            bytes += static_cast<char>(rng() & 0xff);
        }
        std::string out;
        append_go_json_bytes(out, bytes);
        CHECK(out == "\"" + absl::Base64Escape(bytes) + "\"");
    }
}

TEST_CASE("the reflective encoder still writes oneofs as Go interface fields") {
    etcdserverpb::TxnResponse txn;
    txn.mutable_header()->set_revision(3);
    txn.set_succeeded(true);
    txn.add_responses()->mutable_response_put()->mutable_header()->set_revision(3);
    auto* range = txn.add_responses()->mutable_response_range();
    *range->add_kvs() = make_kv("k", "v", 2, 3, 1, 0);
    range->set_count(1);
    txn.add_responses();
    CHECK(reflective(txn) ==
          "{\"header\":{\"revision\":3},\"succeeded\":true,\"responses\":["
          "{\"Response\":{\"ResponsePut\":{\"header\":{\"revision\":3}}}},"
          "{\"Response\":{\"ResponseRange\":{\"kvs\":[{\"key\":\"aw==\",\"create_revision\":2,\"mod_revision\":3,"
          "\"version\":1,\"value\":\"dg==\"}],\"count\":1}}},"
          "{\"Response\":null}]}");
}

TEST_CASE("json watch output streams event by event, with the reflective encoder's bytes") {
    std::mt19937_64 rng(7);
    etcdserverpb::WatchResponse resp;
    *resp.mutable_header() = random_header(rng);
    std::string expected = "{\"Header\":" + reflective(resp.header()) + ",\"Events\":[";
    for (int i = 0; i < 5000; ++i) {
        *resp.add_events() = random_event(rng);
        expected += (i > 0 ? "," : "") + reflective(resp.events(i));
    }
    resp.set_compact_revision(k_max);
    resp.set_created(true);
    expected += "],\"CompactRevision\":9223372036854775807,\"Canceled\":false,\"Created\":true}\n";

    RecordingSink sink;
    make_printer("json", {}, sink)->watch(resp);
    CHECK(sink.text() == expected);
    CHECK(sink.largest() < 1024); // one event at a time, never the whole response

    etcdserverpb::WatchResponse progress;
    progress.mutable_header()->set_revision(9);
    RecordingSink progress_sink;
    make_printer("json", {}, progress_sink)->watch(progress);
    CHECK(progress_sink.text() ==
          "{\"Header\":{\"revision\":9},\"Events\":[],\"CompactRevision\":0,\"Canceled\":false,\"Created\":false}\n");
}

TEST_CASE("json range output streams key by key, with the reflective encoder's bytes") {
    std::mt19937_64 rng(11);
    etcdserverpb::RangeResponse resp;
    *resp.mutable_header() = random_header(rng);
    for (int i = 0; i < 2000; ++i) {
        *resp.add_kvs() = random_kv(rng);
    }
    resp.set_more(true);
    resp.set_count(k_max);
    RecordingSink sink;
    make_printer("json", {}, sink)->get(resp);
    CHECK(sink.text() == reflective(resp) + "\n");
    CHECK(sink.largest() < 1024);
}

TEST_CASE("the encoder's JSON reads back with an independent parser (nlohmann_json)", "[json]") {
    // What jq and every script see: valid JSON whose numbers are exact int64s and whose bytes
    // are base64 of the stored bytes, with Go's omitempty for zero fields.
    std::mt19937_64 rng(20261206);
    for (int i = 0; i < 2000; ++i) {
        auto kv = random_kv(rng);
        std::string text = reflective(kv);
        INFO(text);
        auto json = nlohmann::json::parse(text); // throws on invalid JSON
        auto bytes = [&](const char* field) {
            std::string decoded;
            REQUIRE(absl::Base64Unescape(json.value(field, std::string()), &decoded));
            return decoded;
        };
        CHECK(bytes("key") == kv.key());
        CHECK(bytes("value") == kv.value());
        CHECK(json.value("create_revision", int64_t{0}) == kv.create_revision());
        CHECK(json.value("mod_revision", int64_t{0}) == kv.mod_revision());
        CHECK(json.value("version", int64_t{0}) == kv.version());
        CHECK(json.value("lease", int64_t{0}) == kv.lease());
        CHECK(json.contains("lease") == (kv.lease() != 0));
    }
}
