// The region and service a SigV4 credential scope names.
#include "minecs/protocol/credential_scope.hpp"

#include <gtest/gtest.h>

namespace minecs::protocol {
namespace {

TEST(CredentialScope, ReadsRegionAndService) {
  auto scope = scope_of_authorization(
      "AWS4-HMAC-SHA256 Credential=AKID/20240101/eu-west-1/sts/aws4_request, "
      "SignedHeaders=host;x-amz-date, Signature=00");
  EXPECT_EQ(scope.region, "eu-west-1");
  EXPECT_EQ(scope.service, "sts");
  auto presigned = scope_of_credential("AKID/20240101/us-east-2/ec2/aws4_request");
  EXPECT_EQ(presigned.region, "us-east-2");
  EXPECT_EQ(presigned.service, "ec2");
}

TEST(CredentialScope, GarbageReadsAsAbsent) {
  for (const char* authorization :
       {"", "Bearer abc", "Credential=", "Credential=AKID/20240101",
        "Credential=AKID/20240101/us-east-1", "Credential=AKID/20240101/us-east-1/",
        "Credential=AKID/20240101/us-east-1/STS/aws4_request",
        "Credential=AKID/20240101/us-east-1/s t s/aws4_request"}) {
    EXPECT_EQ(scope_of_authorization(authorization).service, "") << authorization;
  }
  EXPECT_EQ(scope_of_authorization("Credential=AKID/20240101/us-east-1").region, "us-east-1");
  EXPECT_EQ(scope_of_authorization("Credential=AKID/20240101//sts/aws4_request").region, "");
  EXPECT_EQ(scope_of_authorization("Credential=AKID/20240101//sts/aws4_request").service, "sts");
}

TEST(CredentialScope, ReadsTheAccessKeyId) {
  EXPECT_EQ(scope_of_authorization("AWS4-HMAC-SHA256 Credential=ASIAEXAMPLE234567ABC/20240101/"
                                   "us-east-1/sts/aws4_request, SignedHeaders=host")
                .access_key_id,
            "ASIAEXAMPLE234567ABC");
  EXPECT_EQ(scope_of_credential("test/20240101/us-east-1/sts/aws4_request").access_key_id, "");
  EXPECT_EQ(scope_of_credential("AKIDONLY").access_key_id, "");
}

}  // namespace
}  // namespace minecs::protocol
