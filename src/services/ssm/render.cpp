#include <utility>

#include "common.hpp"

namespace minecs::ssm {

namespace {

// The members DescribeParameters and GetParameterHistory show only when the version has them.
json with_version_details(json out, const store::ssm_parameter_version& v) {
  if (v.type == "SecureString") {
    out["KeyId"] = v.key_id;
  }
  if (!v.description.empty()) {
    out["Description"] = v.description;
  }
  if (!v.allowed_pattern.empty()) {
    out["AllowedPattern"] = v.allowed_pattern;
  }
  return out;
}

}  // namespace

json render_parameter(const api::request_context& ctx, const store::ssm_parameter& p,
                      const store::ssm_parameter_version& v, bool decrypt,
                      const std::string& selector) {
  bool hide = v.type == "SecureString" && !decrypt;
  json out{{"Name", p.name},
           {"Type", v.type},
           {"Value", hide ? ciphertext_of(v) : v.value},
           {"Version", v.version},
           {"LastModifiedDate", v.modified},
           {"ARN", parameter_arn(ctx.scope, p.name)},
           {"DataType", v.data_type}};
  if (!selector.empty()) {
    out["Selector"] = selector;
  }
  return out;
}

json render_metadata(const api::request_context& ctx, const store::ssm_parameter& p) {
  const auto& v = p.latest();
  json out{{"Name", p.name},
           {"ARN", parameter_arn(ctx.scope, p.name)},
           {"Type", v.type},
           {"LastModifiedDate", v.modified},
           {"LastModifiedUser", modifying_user(ctx.scope)},
           {"Version", v.version},
           {"Tier", v.tier},
           {"Policies", json::array()},
           {"DataType", v.data_type}};
  return with_version_details(std::move(out), v);
}

json render_history(const api::request_context& ctx, const store::ssm_parameter& p,
                    const store::ssm_parameter_version& v, bool decrypt) {
  json out{{"Name", p.name},
           {"Type", v.type},
           {"LastModifiedDate", v.modified},
           {"LastModifiedUser", modifying_user(ctx.scope)},
           {"Value", v.type == "SecureString" && !decrypt ? ciphertext_of(v) : v.value},
           {"Version", v.version},
           {"Labels", v.labels},
           {"Tier", v.tier},
           {"Policies", json::array()},
           {"DataType", v.data_type}};
  return with_version_details(std::move(out), v);
}

}  // namespace minecs::ssm
