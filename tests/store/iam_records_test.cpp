// IAM's entities by kind and case-insensitive name; STS's keys by access key id, forgotten once
// long expired.
#include "minecs/store/iam_records.hpp"

#include <gtest/gtest.h>

namespace minecs::store {
namespace {

TEST(IamRecords, NamesAreKeysWithoutRegardToCase) {
  database db(":memory:");
  db.write([&] {
    iam_role r;
    r.name = "App";
    r.inline_policies.push_back({"p", "{}"});
    put_iam(db, r);
    iam_policy p;
    p.name = "App";  // another kind: no clash
    put_iam(db, p);
    r.name = "Batch";
    put_iam(db, r);
  });
  db.read([&] {
    auto r = find_iam<iam_role>(db, "APP");
    ASSERT_TRUE(r);
    EXPECT_EQ(r->name, "App");
    EXPECT_EQ(r->inline_policies.size(), 1u);
    EXPECT_EQ(list_iam<iam_role>(db).size(), 2u);
    EXPECT_EQ(list_iam<iam_policy>(db).size(), 1u);
  });
  EXPECT_TRUE(db.write([&] { return delete_iam<iam_role>(db, "app"); }));
  EXPECT_FALSE(db.write([&] { return delete_iam<iam_role>(db, "app"); }));
}

TEST(IamRecords, StsCredentialsExpireFromTheStore) {
  database db(":memory:");
  db.write([&] {
    put_sts_credential(db, {"ASIAOLD", "s", "t", 100, "", "", "", ""});
    put_sts_credential(db, {"ASIANEW", "s", "t", 300, "arn", "AROA", "r", "sess"});
    delete_expired_sts_credentials(db, 200);
  });
  db.read([&] {
    EXPECT_FALSE(find_sts_credential(db, "ASIAOLD"));
    auto c = find_sts_credential(db, "ASIANEW");
    ASSERT_TRUE(c);
    EXPECT_EQ(c->session_name, "sess");
  });
}

}  // namespace
}  // namespace minecs::store
