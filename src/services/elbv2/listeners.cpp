// CreateListener, DescribeListeners, ModifyListener and DeleteListener. HTTPS and TLS listeners
// take a certificate ARN (ACM or IAM), which is kept and shown; minecs has no ACM to check it
// against, and serves nothing with it until issue 11 part 2.
#include <algorithm>
#include <optional>

#include "actions.hpp"
#include "arns.hpp"
#include "attributes.hpp"
#include "handlers.hpp"
#include "minecs/api/input.hpp"
#include "paging.hpp"

namespace minecs::elbv2 {

namespace {

constexpr std::size_t max_listeners = 50;
constexpr const char* default_ssl_policy = "ELBSecurityPolicy-2016-08";

bool needs_certificate(const std::string& protocol) {
  return protocol == "HTTPS" || protocol == "TLS";
}

void check_listener_protocol(const store::elbv2_load_balancer& lb, const std::string& protocol) {
  bool allowed =
      lb.type == "network" ? is_layer4(protocol) : (protocol == "HTTP" || protocol == "HTTPS");
  if (!allowed) {
    throw elb_error("UnsupportedProtocol", "Protocol '" + protocol +
                                               "' is not supported for load balancers of type '" +
                                               lb.type + "'");
  }
}

std::vector<std::string> read_certificates(const json& input) {
  std::vector<std::string> out;
  const json none = json::array();
  for (const auto& c : api::member_or(input, "Certificates", none)) {
    auto arn = api::str(c, "CertificateArn");
    check_certificate_arn(arn);
    out.push_back(arn);
  }
  if (out.size() > 1) {
    throw elb_error("TooManyCertificates",
                    "A listener can have only one default certificate; add others with "
                    "AddListenerCertificates");
  }
  return out;
}

void read_tls(store::elbv2_listener& listener, const json& input) {
  if (api::has(input, "Certificates")) {
    listener.certificates = read_certificates(input);
  }
  if (auto policy = api::opt_str(input, "SslPolicy")) {
    if (!policy->starts_with("ELBSecurityPolicy-")) {
      throw elb_error("SSLPolicyNotFound", "SSL policy '" + *policy + "' not found");
    }
    listener.ssl_policy = *policy;
  }
  if (api::has(input, "AlpnPolicy")) {
    listener.alpn_policy = api::str_list(input, "AlpnPolicy");
  }
  if (!needs_certificate(listener.protocol)) {
    listener.certificates.clear();
    listener.extra_certificates.clear();
    listener.ssl_policy.clear();
    listener.alpn_policy.clear();
    return;
  }
  if (listener.certificates.empty()) {
    throw validation_error("A certificate must be specified for " + listener.protocol +
                           " listeners");
  }
  if (listener.ssl_policy.empty()) {
    listener.ssl_policy = default_ssl_policy;
  }
}

// Inside a transaction: the other listener of the balancer on the listener's port, if any.
std::optional<store::elbv2_listener> listener_on_port(api::request_context& ctx,
                                                      const store::elbv2_listener& listener) {
  for (auto& other : store::list_ec2<store::elbv2_listener>(ctx.db, ctx.scope.region,
                                                            listener.load_balancer_arn)) {
    if (other.id != listener.id && other.port == listener.port) {
      return std::move(other);
    }
  }
  return std::nullopt;
}

service_error duplicate_listener(const store::elbv2_listener& listener) {
  return elb_error("DuplicateListener",
                   "A listener already exists on this port for this load balancer '" +
                       listener.load_balancer_arn + "'");
}

// CreateListener is idempotent: a listener of the same settings on the port is the one asked for.
bool same_listener_settings(const store::elbv2_listener& a, const store::elbv2_listener& b) {
  auto settings = [](const store::elbv2_listener& l) {
    auto out = render_listener(l);
    out.erase("ListenerArn");
    return out;
  };
  return settings(a) == settings(b);
}

json create_listener(api::request_context& ctx, const json& input) {
  auto lb_arn = api::str(input, "LoadBalancerArn");
  return ctx.db.write([&] {
    auto lb = require_load_balancer(ctx, lb_arn);
    store::elbv2_listener listener;
    listener.load_balancer_arn = lb.id;
    listener.region = ctx.scope.region;
    auto protocol = api::opt_str(input, "Protocol");
    auto port = api::opt_int(input, "Port");
    if (!protocol || !port) {
      throw validation_error("A listener must have a protocol and a port");
    }
    listener.protocol = *protocol;
    listener.port = static_cast<int>(*port);
    check_listener_protocol(lb, listener.protocol);
    read_tls(listener, input);
    auto taken = listener_on_port(ctx, listener);
    if (!taken && store::list_ec2<store::elbv2_listener>(ctx.db, ctx.scope.region, lb.id).size() >=
                      max_listeners) {
      throw elb_error("TooManyListeners", "A load balancer can have at most 50 listeners");
    }
    listener.default_actions = read_actions(ctx, input.at("DefaultActions"), lb, listener.protocol);
    if (taken) {
      if (!same_listener_settings(*taken, listener)) {
        throw duplicate_listener(listener);
      }
      return json{{"Listeners", json::array({render_listener(*taken)})}};
    }
    listener.id = listener_arn(lb.id, new_resource_id(ctx));
    store::elbv2_rule rule;
    rule.id = rule_arn(listener.id, new_resource_id(ctx));
    rule.region = ctx.scope.region;
    rule.listener_arn = listener.id;
    rule.is_default = true;
    listener.default_rule_arn = rule.id;
    store::put_ec2(ctx.db, listener);
    store::put_ec2(ctx.db, rule);
    put_resource_tags(ctx, listener.id, api::member_or(input, "Tags", json()));
    return json{{"Listeners", json::array({render_listener(listener)})}};
  });
}

json describe_listeners(api::request_context& ctx, const json& input) {
  bool by_lb = api::has(input, "LoadBalancerArn");
  bool by_arns = api::has(input, "ListenerArns");
  if (by_lb == by_arns) {
    throw validation_error("You must specify either a load balancer ARN or listener ARNs");
  }
  return ctx.db.read([&] {
    json items = json::array();
    if (by_lb) {
      auto lb = require_load_balancer(ctx, api::str(input, "LoadBalancerArn"));
      auto listeners = store::list_ec2<store::elbv2_listener>(ctx.db, ctx.scope.region, lb.id);
      std::stable_sort(listeners.begin(), listeners.end(),
                       [](const auto& a, const auto& b) { return a.port < b.port; });
      for (const auto& listener : listeners) {
        items.push_back(render_listener(listener));
      }
    } else {
      for (const auto& arn : api::str_list(input, "ListenerArns")) {
        items.push_back(render_listener(require_listener(ctx, arn)));
      }
    }
    json out = json::object();
    write_page(out, "Listeners", std::move(items), input, "DescribeListeners");
    return out;
  });
}

json modify_listener(api::request_context& ctx, const json& input) {
  auto arn = api::str(input, "ListenerArn");
  return ctx.db.write([&] {
    auto listener = require_listener(ctx, arn);
    auto lb = require_load_balancer(ctx, listener.load_balancer_arn);
    if (auto protocol = api::opt_str(input, "Protocol")) {
      check_listener_protocol(lb, *protocol);
      listener.protocol = *protocol;
    }
    if (auto port = api::opt_int(input, "Port")) {
      listener.port = static_cast<int>(*port);
      if (listener_on_port(ctx, listener)) {
        throw duplicate_listener(listener);
      }
    }
    read_tls(listener, input);
    // The actions are checked again when only the protocol changes: a TCP group cannot follow
    // a listener that became UDP.
    auto actions = api::has(input, "DefaultActions") ? input.at("DefaultActions")
                                                     : render_actions(listener.default_actions);
    listener.default_actions = read_actions(ctx, actions, lb, listener.protocol);
    store::put_ec2(ctx.db, listener);
    return json{{"Listeners", json::array({render_listener(listener)})}};
  });
}

void delete_listener_records(api::request_context& ctx, const store::elbv2_listener& listener) {
  for (const auto& rule :
       store::list_ec2<store::elbv2_rule>(ctx.db, ctx.scope.region, listener.id)) {
    delete_resource(ctx, rule.id);
  }
  delete_resource(ctx, listener.id);
}

json delete_listener(api::request_context& ctx, const json& input) {
  auto arn = api::str(input, "ListenerArn");
  ctx.db.write([&] { delete_listener_records(ctx, require_listener(ctx, arn)); });
  return json::object();
}

}  // namespace

void check_certificate_arn(const std::string& arn) {
  auto parsed = parse_arn(arn);
  if (!parsed || (parsed->service != "acm" && parsed->service != "iam")) {
    throw elb_error("CertificateNotFound", "Certificate '" + arn + "' not found");
  }
}

json render_listener(const store::elbv2_listener& listener) {
  json out = {{"ListenerArn", listener.id},
              {"LoadBalancerArn", listener.load_balancer_arn},
              {"Port", listener.port},
              {"Protocol", listener.protocol},
              {"DefaultActions", render_actions(listener.default_actions)}};
  if (!listener.certificates.empty()) {
    json certificates = json::array();
    for (const auto& c : listener.certificates) {
      certificates.push_back({{"CertificateArn", c}});
    }
    out["Certificates"] = std::move(certificates);
  }
  if (!listener.ssl_policy.empty()) {
    out["SslPolicy"] = listener.ssl_policy;
  }
  if (!listener.alpn_policy.empty()) {
    json alpn = listener.alpn_policy;
    out["AlpnPolicy"] = std::move(alpn);
  }
  return out;
}

void delete_listeners_of(api::request_context& ctx, const std::string& load_balancer_arn) {
  for (const auto& listener :
       store::list_ec2<store::elbv2_listener>(ctx.db, ctx.scope.region, load_balancer_arn)) {
    delete_listener_records(ctx, listener);
  }
}

void add_listener_handlers(api::handler_table& table) {
  table.add("CreateListener", create_listener);
  table.add("DescribeListeners", describe_listeners);
  table.add("ModifyListener", modify_listener);
  table.add("DeleteListener", delete_listener);
}

}  // namespace minecs::elbv2
