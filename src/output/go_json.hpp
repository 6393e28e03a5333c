#pragma once
// JSON exactly as Go's encoding/json writes gogoproto structs (etcdctl -w json).

#include <string>
#include <string_view>

namespace google::protobuf {
class Message;
}

namespace ectl {

// Appends m as Go would marshal its gogoproto struct: proto field names in declaration order,
// zero values omitted, bytes as base64, 64-bit integers as bare numbers.
void append_go_json(std::string& out, const google::protobuf::Message& m);

// Appends s as a Go JSON string (HTML-safe escaping, invalid UTF-8 as \ufffd).
void append_go_json_string(std::string& out, std::string_view s);

// Appends bytes as a quoted standard base64 string (Go's []byte encoding).
void append_go_json_bytes(std::string& out, std::string_view bytes);

} // namespace ectl
