// IAM's encoding of documents and its ids.
#include "common.hpp"

#include <gtest/gtest.h>

namespace minecs::iam {
namespace {

TEST(IamEncodingTest, DocumentsAreUrlEncodedAsIamReturnsThem) {
  EXPECT_EQ(url_encode(R"({"a": "b+c/*"})"), "%7B%22a%22%3A%20%22b%2Bc%2F%2A%22%7D");
  EXPECT_EQ(url_encode("Az09-_.~"), "Az09-_.~");
}

TEST(IamPolicyDocumentTest, SizeCountsNoWhitespace) {
  auto doc =
      "{ \"Statement\" : [ { \"Effect\" : \"Allow\", \"Action\" : \"*\", "
      "\"Resource\" : \"*\" } ] }";
  EXPECT_EQ(
      check_policy_document(doc, policy_kind::identity),
      std::string(R"({"Statement":[{"Action":"*","Effect":"Allow","Resource":"*"}]})").size());
  EXPECT_THROW(check_policy_document("\"just a string\"", policy_kind::identity), service_error);
  EXPECT_THROW(check_policy_document(R"({"Statement":[]})", policy_kind::identity), service_error);
}

}  // namespace
}  // namespace minecs::iam
