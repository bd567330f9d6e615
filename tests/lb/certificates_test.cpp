// The CA of HTTPS and TLS listeners: made once per directory (its key 0600) and read back the
// next time, and the leaves it issues verify against it for the balancer's name and address.
#include "minecs/lb/certificates.hpp"

#include <gtest/gtest.h>
#include <openssl/bio.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <fstream>
#include <memory>
#include <sstream>

#include "temp_dir.hpp"

namespace minecs::lb {
namespace {

using cert_ptr = std::unique_ptr<X509, decltype(&X509_free)>;

cert_ptr parse(const std::string& pem) {
  std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new_mem_buf(pem.data(), int(pem.size())),
                                                BIO_free);
  return {PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr), X509_free};
}

// Whether `leaf` chains to `ca` for a TLS server, as a client that trusts only `ca` sees it.
bool verifies(const std::string& ca, const std::string& leaf) {
  auto root = parse(ca);
  auto cert = parse(leaf);
  std::unique_ptr<X509_STORE, decltype(&X509_STORE_free)> store(X509_STORE_new(), X509_STORE_free);
  X509_STORE_add_cert(store.get(), root.get());
  std::unique_ptr<X509_STORE_CTX, decltype(&X509_STORE_CTX_free)> ctx(X509_STORE_CTX_new(),
                                                                      X509_STORE_CTX_free);
  X509_STORE_CTX_init(ctx.get(), store.get(), cert.get(), nullptr);
  X509_STORE_CTX_set_purpose(ctx.get(), X509_PURPOSE_SSL_SERVER);
  X509_VERIFY_PARAM_set_flags(X509_STORE_CTX_get0_param(ctx.get()), X509_V_FLAG_X509_STRICT);
  return X509_verify_cert(ctx.get()) == 1;
}

std::string read(const std::filesystem::path& p) {
  std::ifstream in(p);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

TEST(Certificates, TheCaIsMadeOnceAndItsKeyIsPrivate) {
  test_support::temp_dir dir;
  auto ca_dir = dir.path() / "lb-ca";
  auto first = certificate_authority::in_directory(ca_dir);
  EXPECT_EQ(read(ca_dir / "ca.pem"), first.certificate_pem());
  auto key_mode = std::filesystem::status(ca_dir / "ca-key.pem").permissions();
  EXPECT_EQ(key_mode & std::filesystem::perms::all,
            std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
  auto again = certificate_authority::in_directory(ca_dir);
  EXPECT_EQ(again.certificate_pem(), first.certificate_pem());
  // A leaf of the CA read back verifies against the certificate that clients were given.
  EXPECT_TRUE(verifies(first.certificate_pem(),
                       again.issue("a.elb.amazonaws.com", 0x0a000001).certificate));
}

TEST(Certificates, TheLeafNamesTheBalancerAndItsAddress) {
  auto ca = certificate_authority::ephemeral();
  auto dns = "internal-web-1234567890.us-east-1.elb.amazonaws.com";
  auto leaf = ca.issue(dns, 0xac1f0ffe);  // 172.31.15.254
  ASSERT_TRUE(verifies(ca.certificate_pem(), leaf.certificate));
  auto cert = parse(leaf.certificate);
  EXPECT_EQ(X509_check_host(cert.get(), dns, 0, 0, nullptr), 1);
  EXPECT_EQ(X509_check_ip_asc(cert.get(), "172.31.15.254", 0), 1);
  EXPECT_NE(X509_check_host(cert.get(), "other.us-east-1.elb.amazonaws.com", 0, 0, nullptr), 1);
  EXPECT_NE(X509_check_ip_asc(cert.get(), "172.31.15.253", 0), 1);
  // Another CA's leaf does not verify.
  EXPECT_FALSE(verifies(certificate_authority::ephemeral().certificate_pem(), leaf.certificate));
  EXPECT_NE(leaf.key.find("PRIVATE KEY"), std::string::npos);
}

TEST(Certificates, AnUnreadableCaIsAnError) {
  test_support::temp_dir dir;
  std::ofstream(dir.path() / "ca.pem") << "not a certificate";
  std::ofstream(dir.path() / "ca-key.pem") << "not a key";
  EXPECT_THROW(certificate_authority::in_directory(dir.path()), std::runtime_error);
}

}  // namespace
}  // namespace minecs::lb
