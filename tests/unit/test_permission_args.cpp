#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "error_text.hpp"
#include "permission_args.hpp"

using namespace ectl;
using ectl::test::bad_args_message;

namespace {

const std::string k_zero(1, '\0');

std::pair<std::string, std::string> range(const std::vector<std::string>& args, bool prefix, bool from_key) {
    auto r = permission_range(args, prefix, from_key);
    return {r.key, r.range_end};
}

} // namespace

TEST_CASE("permission types are read, write and readwrite in any case") {
    CHECK(permission_type_from_arg("read") == authpb::Permission::READ);
    CHECK(permission_type_from_arg("Write") == authpb::Permission::WRITE);
    CHECK(permission_type_from_arg("READWRITE") == authpb::Permission::READWRITE);
    CHECK(bad_args_message([] { permission_type_from_arg("rw"); }) == "invalid permission type: rw");
    CHECK(bad_args_message([] { permission_type_from_arg(""); }) == "invalid permission type: ");
}

TEST_CASE("a permission's range follows etcdctl's permRange") {
    using P = std::pair<std::string, std::string>;
    CHECK(range({"k"}, false, false) == P{"k", ""});
    CHECK(range({"a", "c"}, false, false) == P{"a", "c"});
    CHECK(range({"app/"}, true, false) == P{"app/", "app0"});
    CHECK(range({"a\xff"}, true, false) == P{"a\xff", "b"});
    CHECK(range({"\xff\xff"}, true, false) == P{"\xff\xff", k_zero});
    CHECK(range({"z"}, false, true) == P{"z", k_zero});
    // The empty key is "\0": alone a single key, with either flag every key; an endkey after it
    // is ignored (as etcdctl does).
    CHECK(range({""}, false, false) == P{k_zero, ""});
    CHECK(range({""}, true, false) == P{k_zero, k_zero});
    CHECK(range({""}, false, true) == P{k_zero, k_zero});
    CHECK(range({"", "b"}, false, false) == P{k_zero, ""});
}

TEST_CASE("conflicting permission flags are usage errors with etcdctl's text") {
    CHECK(bad_args_message([] { permission_range({"k"}, true, true); }) ==
          "--from-key and --prefix flags are mutually exclusive");
    CHECK(bad_args_message([] { permission_range({""}, true, true); }) ==
          "--from-key and --prefix flags are mutually exclusive");
    CHECK(bad_args_message([] {
              permission_range({"a", "b"}, true, false);
          }) == "unexpected endkey argument with --prefix flag");
    CHECK(bad_args_message([] {
              permission_range({"a", "b"}, false, true);
          }) == "unexpected endkey argument with --from-key flag");
}

TEST_CASE("grant-permission and revoke-permission requests check their arguments") {
    auto grant = make_grant_permission_request({"app", "readwrite", "app/"}, true, false);
    CHECK(grant.name() == "app");
    CHECK(grant.perm().permtype() == authpb::Permission::READWRITE);
    CHECK(grant.perm().key() == "app/");
    CHECK(grant.perm().range_end() == "app0");
    auto revoke = make_revoke_permission_request({"app", "a", "c"}, false, false);
    CHECK(revoke.role() == "app");
    CHECK(revoke.key() == "a");
    CHECK(revoke.range_end() == "c");

    CHECK(bad_args_message([] {
              make_grant_permission_request({"app", "read"}, false, false);
          }) == "role grant command requires role name, permission type, and key [endkey] as its argument");
    CHECK(bad_args_message([] {
              make_grant_permission_request({"app", "bogus", "k"}, false, false);
          }) == "invalid permission type: bogus");
    CHECK(bad_args_message([] {
              make_grant_permission_request({"app", "read", "a", "b", "c"}, false, false);
          }).rfind("too many arguments: role grant-permission takes", 0) == 0);
    CHECK(bad_args_message([] { make_revoke_permission_request({"app"}, false, false); }) ==
          "role revoke-permission command requires role name and key [endkey] as its argument");
    CHECK(bad_args_message([] {
              make_revoke_permission_request({"app", "a", "b", "c"}, false, false);
          }).rfind("too many arguments: role revoke-permission takes", 0) == 0);
}
