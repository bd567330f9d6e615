#include "tls.hpp"

#include <boost/asio/buffer.hpp>

namespace minecs::lb {

namespace ssl = boost::asio::ssl;

namespace {

// TLS 1.2 and 1.3 only, as ELBv2's default security policies.
constexpr auto tls_options = ssl::context::default_workarounds | ssl::context::no_sslv2 |
                             ssl::context::no_sslv3 | ssl::context::no_tlsv1 |
                             ssl::context::no_tlsv1_1 | ssl::context::single_dh_use;

}  // namespace

std::shared_ptr<ssl::context> server_tls_context(const pem_pair& identity) {
  auto ctx = std::make_shared<ssl::context>(ssl::context::tls_server);
  ctx->set_options(tls_options);
  ctx->use_certificate_chain(
      boost::asio::buffer(identity.certificate.data(), identity.certificate.size()));
  ctx->use_private_key(boost::asio::buffer(identity.key.data(), identity.key.size()),
                       ssl::context::pem);
  return ctx;
}

ssl::context& target_tls_context() {
  static ssl::context ctx = [] {
    ssl::context c(ssl::context::tls_client);
    c.set_options(tls_options);
    c.set_verify_mode(ssl::verify_none);
    return c;
  }();
  return ctx;
}

}  // namespace minecs::lb
