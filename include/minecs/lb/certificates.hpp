#pragma once
// The certificates that HTTPS and TLS listeners serve. ACM does not exist here, so a listener's
// certificate ARN is kept and not checked; instead each balancer serves a leaf that minecs issues
// for its DNSName and its address, signed by a CA made once per data directory
// (<data>/lb-ca/ca.pem, readable, with its key in ca-key.pem, 0600), which clients trust
// (`curl --cacert <data>/lb-ca/ca.pem`).
#include <cstdint>
#include <filesystem>
#include <string>

namespace minecs::lb {

struct pem_pair {
  std::string certificate;
  std::string key;
};

class certificate_authority {
 public:
  // The CA kept in `dir` (ca.pem and ca-key.pem), made there when it has none. Throws
  // std::runtime_error when it can neither read nor make one.
  static certificate_authority in_directory(const std::filesystem::path& dir);
  // A CA that lives in memory only (tests, or a data plane without a directory).
  static certificate_authority ephemeral();

  const std::string& certificate_pem() const { return ca_.certificate; }
  // A leaf for a balancer: subjectAltName DNS:<dns_name> and IP:<address> (host order).
  pem_pair issue(const std::string& dns_name, std::uint32_t address) const;

 private:
  explicit certificate_authority(pem_pair ca) : ca_(std::move(ca)) {}
  pem_pair ca_;
};

}  // namespace minecs::lb
