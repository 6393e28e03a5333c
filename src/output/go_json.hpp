#pragma once
// JSON exactly as Go's encoding/json writes gogoproto structs (etcdctl -w json).

#include <cstdint>
#include <string>
#include <string_view>

namespace google::protobuf {
class Message;
}
namespace mvccpb {
class KeyValue;
class Event;
} // namespace mvccpb
namespace etcdserverpb {
class ResponseHeader;
}

namespace ectl {

// Appends m as Go would marshal its gogoproto struct: proto field names in declaration order,
// zero values omitted, bytes as base64, 64-bit integers as bare numbers (by reflection).
void append_go_json(std::string& out, const google::protobuf::Message& m);

// The types that stream (watch events, range keys) have hand-written encoders: the same bytes as
// the reflective one (unit-tested), several times faster.
void append_go_json(std::string& out, const mvccpb::KeyValue& kv);
// Hand-written encoder of a watch event (see the KeyValue overload).
void append_go_json(std::string& out, const mvccpb::Event& ev);
// Hand-written encoder of a response header (see the KeyValue overload).
void append_go_json(std::string& out, const etcdserverpb::ResponseHeader& h);

// Appends s as a Go JSON string (HTML-safe escaping, invalid UTF-8 as \ufffd).
void append_go_json_string(std::string& out, std::string_view s);

// Appends bytes as a quoted standard base64 string (Go's []byte encoding).
void append_go_json_bytes(std::string& out, std::string_view bytes);

// Appends a signed integer as a bare JSON number (Go's int64 and int32).
void append_go_json_int(std::string& out, std::int64_t v);

// Appends an unsigned integer as a bare JSON number (Go's uint64 and uint32).
void append_go_json_uint(std::string& out, std::uint64_t v);

} // namespace ectl
