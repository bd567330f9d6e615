#pragma once
// The TLS contexts of the data plane: a listener's (its balancer's leaf certificate) and the one
// it uses towards HTTPS and TLS targets and in HTTPS health checks, which verifies nothing, as
// an ALB does not verify its targets' certificates.
#include <memory>

#include <boost/asio/ssl/context.hpp>

#include "minecs/lb/certificates.hpp"

namespace minecs::lb {

// Throws boost::system::system_error when the certificate or key do not load.
std::shared_ptr<boost::asio::ssl::context> server_tls_context(const pem_pair& identity);

// Shared by every connection to targets (OpenSSL's contexts may be shared between threads).
boost::asio::ssl::context& target_tls_context();

}  // namespace minecs::lb
