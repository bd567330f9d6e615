// AddListenerCertificates, RemoveListenerCertificates and DescribeListenerCertificates: the
// certificates an HTTPS or TLS listener has beside its default one (which ModifyListener sets).
#include <algorithm>

#include "handlers.hpp"
#include "minecs/api/input.hpp"
#include "paging.hpp"

namespace minecs::elbv2 {

namespace {

// A listener may have 25 certificates besides its default one.
constexpr std::size_t max_extra_certificates = 25;

std::vector<std::string> certificate_arns(const json& list) {
  std::vector<std::string> out;
  for (const auto& c : list) {
    out.push_back(api::str(c, "CertificateArn"));
  }
  return out;
}

store::elbv2_listener secure_listener(api::request_context& ctx, const std::string& arn) {
  auto listener = require_listener(ctx, arn);
  if (listener.protocol != "HTTPS" && listener.protocol != "TLS") {
    throw validation_error("Certificates can only be added to HTTPS and TLS listeners");
  }
  return listener;
}

json add_listener_certificates(api::request_context& ctx, const json& input) {
  auto arn = api::str(input, "ListenerArn");
  auto wanted = certificate_arns(input.at("Certificates"));
  return ctx.db.write([&] {
    auto listener = secure_listener(ctx, arn);
    for (const auto& certificate : wanted) {
      check_certificate_arn(certificate);
      auto& extra = listener.extra_certificates;
      // One the listener has already is no change.
      if (std::find(extra.begin(), extra.end(), certificate) == extra.end()) {
        extra.push_back(certificate);
      }
    }
    if (listener.extra_certificates.size() > max_extra_certificates) {
      throw elb_error("TooManyCertificates",
                      "A listener can have at most 25 certificates besides its default one");
    }
    store::put_ec2(ctx.db, listener);
    json out = json::array();
    for (const auto& certificate : listener.extra_certificates) {
      out.push_back({{"CertificateArn", certificate}, {"IsDefault", false}});
    }
    return json{{"Certificates", std::move(out)}};
  });
}

json remove_listener_certificates(api::request_context& ctx, const json& input) {
  auto arn = api::str(input, "ListenerArn");
  auto unwanted = certificate_arns(input.at("Certificates"));
  ctx.db.write([&] {
    auto listener = require_listener(ctx, arn);
    for (const auto& certificate : unwanted) {
      if (std::find(listener.certificates.begin(), listener.certificates.end(), certificate) !=
          listener.certificates.end()) {
        throw operation_not_permitted("The default certificate '" + certificate +
                                      "' cannot be removed from the listener");
      }
      std::erase(listener.extra_certificates, certificate);
    }
    store::put_ec2(ctx.db, listener);
  });
  return json::object();
}

json describe_listener_certificates(api::request_context& ctx, const json& input) {
  auto arn = api::str(input, "ListenerArn");
  auto listener = ctx.db.read([&] { return require_listener(ctx, arn); });
  json items = json::array();
  for (const auto& certificate : listener.certificates) {
    items.push_back({{"CertificateArn", certificate}, {"IsDefault", true}});
  }
  for (const auto& certificate : listener.extra_certificates) {
    items.push_back({{"CertificateArn", certificate}, {"IsDefault", false}});
  }
  json out = json::object();
  write_page(out, "Certificates", std::move(items), input, "DescribeListenerCertificates");
  return out;
}

}  // namespace

void add_listener_certificate_handlers(api::handler_table& table) {
  table.add("AddListenerCertificates", add_listener_certificates);
  table.add("RemoveListenerCertificates", remove_listener_certificates);
  table.add("DescribeListenerCertificates", describe_listener_certificates);
}

}  // namespace minecs::elbv2
