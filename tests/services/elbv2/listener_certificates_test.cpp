// Add/Remove/DescribeListenerCertificates beside an HTTPS listener's default certificate.
#include <gtest/gtest.h>

#include "elbv2_fixture.hpp"

namespace minecs::elbv2 {
namespace {

constexpr const char* default_cert = "arn:aws:acm:us-east-1:000000000000:certificate/default";
constexpr const char* other_cert = "arn:aws:acm:us-east-1:000000000000:certificate/other";

class ListenerCertificatesTest : public Elbv2Test {
 protected:
  ListenerCertificatesTest() {
    make_network();
    lb_ = make_lb("web");
    tg_ = make_tg("web");
    https_ =
        call("CreateListener", {{"LoadBalancerArn", lb_},
                                {"Protocol", "HTTPS"},
                                {"Port", 443},
                                {"Certificates", {{{"CertificateArn", default_cert}}}},
                                {"DefaultActions", forward_to(tg_)}})["Listeners"][0]["ListenerArn"]
            .get<std::string>();
  }
  json certificates() {
    return call("DescribeListenerCertificates", {{"ListenerArn", https_}})["Certificates"];
  }
  std::string lb_;
  std::string tg_;
  std::string https_;
};

TEST_F(ListenerCertificatesTest, TheDefaultFirstThenTheAddedOnes) {
  EXPECT_EQ(certificates(), json::array({{{"CertificateArn", default_cert}, {"IsDefault", true}}}));
  auto added =
      call("AddListenerCertificates",
           {{"ListenerArn", https_}, {"Certificates", {{{"CertificateArn", other_cert}}}}});
  EXPECT_EQ(added["Certificates"],
            json::array({{{"CertificateArn", other_cert}, {"IsDefault", false}}}));
  call("AddListenerCertificates",
       {{"ListenerArn", https_}, {"Certificates", {{{"CertificateArn", other_cert}}}}});
  EXPECT_EQ(certificates(), json::array({{{"CertificateArn", default_cert}, {"IsDefault", true}},
                                         {{"CertificateArn", other_cert}, {"IsDefault", false}}}));
  call("RemoveListenerCertificates",
       {{"ListenerArn", https_}, {"Certificates", {{{"CertificateArn", other_cert}}}}});
  EXPECT_EQ(certificates().size(), 1u);
}

TEST_F(ListenerCertificatesTest, Refusals) {
  EXPECT_EQ(
      code_of("RemoveListenerCertificates",
              {{"ListenerArn", https_}, {"Certificates", {{{"CertificateArn", default_cert}}}}}),
      "OperationNotPermitted");
  EXPECT_EQ(code_of("AddListenerCertificates",
                    {{"ListenerArn", https_}, {"Certificates", {{{"CertificateArn", "cert"}}}}}),
            "CertificateNotFound");
  auto http = make_listener(lb_, tg_);
  EXPECT_EQ(code_of("AddListenerCertificates",
                    {{"ListenerArn", http}, {"Certificates", {{{"CertificateArn", other_cert}}}}}),
            "ValidationError");
  EXPECT_EQ(code_of("DescribeListenerCertificates", {{"ListenerArn", http + "0"}}),
            "ListenerNotFound");
  json many = json::array();
  for (int i = 0; i < 26; ++i) {
    many.push_back({{"CertificateArn", std::string(other_cert) + std::to_string(i)}});
  }
  EXPECT_EQ(code_of("AddListenerCertificates", {{"ListenerArn", https_}, {"Certificates", many}}),
            "TooManyCertificates");
}

}  // namespace
}  // namespace minecs::elbv2
