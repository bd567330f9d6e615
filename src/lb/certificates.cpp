#include "minecs/lb/certificates.hpp"

#include <fcntl.h>
#include <openssl/bn.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fstream>
#include <memory>
#include <sstream>
#include <stdexcept>
#include <utility>
#include <vector>

#include "minecs/core/ipv4.hpp"

namespace minecs::lb {

namespace {

struct free_key {
  void operator()(EVP_PKEY* k) const { EVP_PKEY_free(k); }
};
struct free_cert {
  void operator()(X509* c) const { X509_free(c); }
};
struct free_bio {
  void operator()(BIO* b) const { BIO_free(b); }
};
struct free_ext {
  void operator()(X509_EXTENSION* e) const { X509_EXTENSION_free(e); }
};
using key_ptr = std::unique_ptr<EVP_PKEY, free_key>;
using cert_ptr = std::unique_ptr<X509, free_cert>;
using bio_ptr = std::unique_ptr<BIO, free_bio>;
using ext_ptr = std::unique_ptr<X509_EXTENSION, free_ext>;

constexpr long one_day = 24L * 60 * 60;

[[noreturn]] void fail(const std::string& what) {
  throw std::runtime_error("load balancer certificates: " + what);
}

// P-256: quick to make, and every TLS client takes it.
key_ptr new_key() {
  key_ptr key(EVP_EC_gen("P-256"));
  if (!key) {
    fail("cannot make a key");
  }
  return key;
}

void set_name(X509_NAME* name, std::string common_name) {
  if (common_name.size() > 64) {
    common_name = "minecs load balancer";  // X.509's limit; the subjectAltName has the name
  }
  X509_NAME_add_entry_by_txt(name, "O", MBSTRING_UTF8,
                             reinterpret_cast<const unsigned char*>("minecs"), -1, -1, 0);
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8,
                             reinterpret_cast<const unsigned char*>(common_name.c_str()), -1, -1,
                             0);
}

void add_extension(X509* cert, X509* issuer, int nid, const std::string& value) {
  X509V3_CTX ctx;
  X509V3_set_ctx_nodb(&ctx);
  X509V3_set_ctx(&ctx, issuer, cert, nullptr, nullptr, 0);
  ext_ptr ext(X509V3_EXT_conf_nid(nullptr, &ctx, nid, value.c_str()));
  if (!ext || X509_add_ext(cert, ext.get(), -1) != 1) {
    fail("cannot add the extension " + value);
  }
}

using extensions = std::vector<std::pair<int, std::string>>;

// A certificate for `key` named `common_name`, issued by `issuer` (itself when null).
cert_ptr new_certificate(EVP_PKEY* key, const std::string& common_name, long days, X509* issuer,
                         EVP_PKEY* issuer_key, const extensions& more) {
  cert_ptr cert(X509_new());
  if (!cert) {
    fail("cannot make a certificate");
  }
  X509_set_version(cert.get(), 2);
  // A random serial: a CA made anew must never repeat one a browser has cached.
  std::unique_ptr<BIGNUM, decltype(&BN_free)> serial(BN_new(), BN_free);
  BN_rand(serial.get(), 127, BN_RAND_TOP_ANY, BN_RAND_BOTTOM_ANY);
  BN_to_ASN1_INTEGER(serial.get(), X509_get_serialNumber(cert.get()));
  X509_gmtime_adj(X509_getm_notBefore(cert.get()), -one_day);
  X509_gmtime_adj(X509_getm_notAfter(cert.get()), days * one_day);
  X509_set_pubkey(cert.get(), key);
  set_name(X509_get_subject_name(cert.get()), common_name);
  X509* signer = issuer == nullptr ? cert.get() : issuer;
  X509_set_issuer_name(cert.get(), X509_get_subject_name(signer));
  add_extension(cert.get(), signer, NID_subject_key_identifier, "hash");
  add_extension(cert.get(), signer, NID_authority_key_identifier, "keyid:always");
  for (const auto& [nid, value] : more) {
    add_extension(cert.get(), signer, nid, value);
  }
  if (X509_sign(cert.get(), issuer_key == nullptr ? key : issuer_key, EVP_sha256()) == 0) {
    fail("cannot sign a certificate");
  }
  return cert;
}

std::string pem_of(X509* cert) {
  bio_ptr bio(BIO_new(BIO_s_mem()));
  PEM_write_bio_X509(bio.get(), cert);
  char* data = nullptr;
  auto n = BIO_get_mem_data(bio.get(), &data);
  return {data, static_cast<std::size_t>(n)};
}

std::string pem_of(EVP_PKEY* key) {
  bio_ptr bio(BIO_new(BIO_s_mem()));
  PEM_write_bio_PrivateKey(bio.get(), key, nullptr, nullptr, 0, nullptr, nullptr);
  char* data = nullptr;
  auto n = BIO_get_mem_data(bio.get(), &data);
  return {data, static_cast<std::size_t>(n)};
}

cert_ptr read_certificate(const std::string& pem) {
  bio_ptr bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
  cert_ptr cert(PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr));
  if (!cert) {
    fail("the CA certificate does not parse");
  }
  return cert;
}

key_ptr read_key(const std::string& pem) {
  bio_ptr bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
  key_ptr key(PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr));
  if (!key) {
    fail("the CA key does not parse");
  }
  return key;
}

pem_pair new_ca() {
  auto key = new_key();
  auto cert = new_certificate(key.get(), "minecs load balancer CA", 3650, nullptr, nullptr,
                              {{NID_basic_constraints, "critical,CA:TRUE"},
                               {NID_key_usage, "critical,keyCertSign,cRLSign"}});
  return {pem_of(cert.get()), pem_of(key.get())};
}

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// Written whole under a temporary name with `mode`, then renamed: a crash never leaves half a key.
void write_file(const std::filesystem::path& path, const std::string& text, mode_t mode) {
  auto temporary = path.string() + ".new";
  int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);
  if (fd < 0) {
    fail("cannot write " + temporary);
  }
  ::fchmod(fd, mode);
  std::size_t done = 0;
  while (done < text.size()) {
    auto n = ::write(fd, text.data() + done, text.size() - done);
    if (n <= 0) {
      ::close(fd);
      fail("cannot write " + temporary);
    }
    done += static_cast<std::size_t>(n);
  }
  ::close(fd);
  std::error_code ec;
  std::filesystem::rename(temporary, path, ec);
  if (ec) {
    fail("cannot write " + path.string() + ": " + ec.message());
  }
}

}  // namespace

certificate_authority certificate_authority::in_directory(const std::filesystem::path& dir) {
  auto cert_path = dir / "ca.pem";
  auto key_path = dir / "ca-key.pem";
  std::error_code ec;
  if (std::filesystem::exists(cert_path, ec) && std::filesystem::exists(key_path, ec)) {
    pem_pair ca{read_file(cert_path), read_file(key_path)};
    read_certificate(ca.certificate);  // both must parse, or issue() would fail later
    read_key(ca.key);
    return certificate_authority(std::move(ca));
  }
  std::filesystem::create_directories(dir, ec);
  if (ec) {
    fail("cannot make " + dir.string() + ": " + ec.message());
  }
  auto ca = new_ca();
  write_file(key_path, ca.key, 0600);
  write_file(cert_path, ca.certificate, 0644);
  return certificate_authority(std::move(ca));
}

certificate_authority certificate_authority::ephemeral() {
  return certificate_authority(new_ca());
}

pem_pair certificate_authority::issue(const std::string& dns_name, std::uint32_t address) const {
  auto issuer = read_certificate(ca_.certificate);
  auto issuer_key = read_key(ca_.key);
  auto key = new_key();
  // 397 days, the longest that browsers accept for a server certificate.
  auto names = "IP:" + ipv4_address_string(address);
  if (!dns_name.empty()) {
    names = "DNS:" + dns_name + "," + names;
  }
  auto cert = new_certificate(key.get(), dns_name.empty() ? "minecs" : dns_name, 397, issuer.get(),
                              issuer_key.get(),
                              {{NID_basic_constraints, "critical,CA:FALSE"},
                               {NID_key_usage, "critical,digitalSignature"},
                               {NID_ext_key_usage, "serverAuth"},
                               {NID_subject_alt_name, names}});
  return {pem_of(cert.get()), pem_of(key.get())};
}

}  // namespace minecs::lb
