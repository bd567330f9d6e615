#include "common.hpp"

#include "minecs/api/input.hpp"
#include "minecs/api/pagination.hpp"
#include "minecs/core/ids.hpp"
#include "minecs/store/tags.hpp"

namespace minecs::servicediscovery {

std::string new_id(api::request_context& ctx, const char* prefix) {
  return store::new_cloudmap_id(ctx.ids, prefix);
}

std::string namespace_arn(const scope& s, const std::string& id) {
  return store::cloudmap_arn(s.region, s.account, "namespace", id);
}

std::string service_arn(const scope& s, const std::string& id) {
  return store::cloudmap_arn(s.region, s.account, "service", id);
}

std::string id_of(const std::string& id_or_arn) {
  if (id_or_arn.starts_with("arn:")) {
    auto slash = id_or_arn.rfind('/');
    return slash == std::string::npos ? id_or_arn : id_or_arn.substr(slash + 1);
  }
  return id_or_arn;
}

store::cloudmap_namespace namespace_of(api::request_context& ctx, const std::string& id_or_arn) {
  auto n = store::find_cloudmap_namespace(ctx.db, id_of(id_or_arn));
  if (!n || n->region != ctx.scope.region) {
    throw namespace_not_found(id_or_arn);
  }
  return *n;
}

store::cloudmap_service service_of(api::request_context& ctx, const std::string& id_or_arn) {
  auto s = store::find_cloudmap_service(ctx.db, id_of(id_or_arn));
  if (!s || s->region != ctx.scope.region) {
    throw service_not_found(id_or_arn);
  }
  return *s;
}

std::string record_operation(api::request_context& ctx, const options& opts,
                             const std::string& type,
                             const std::map<std::string, std::string>& targets,
                             store::cloudmap_operation_status outcome,
                             const std::string& error_code, const std::string& error_message) {
  store::cloudmap_operation o;
  // As Cloud Map's: 32 lowercase letters and digits, a dash and 8 more.
  o.id = new_id(ctx, "").substr(0, 16) + new_id(ctx, "") + "-" + new_id(ctx, "").substr(0, 8);
  o.region = ctx.scope.region;
  o.type = type;
  o.targets = targets;
  o.created = ctx.clock.now();
  o.done = o.created + opts.operation_seconds;
  o.outcome = outcome;
  o.error_code = error_code;
  o.error_message = error_message;
  store::put_cloudmap_operation(ctx.db, o);
  return o.id;
}

store::cloudmap_operation_status status_at(const store::cloudmap_operation& o, double now) {
  if (now >= o.done) {
    return o.outcome;
  }
  return now < o.created + (o.done - o.created) / 2 ? store::cloudmap_operation_status::submitted
                                                    : store::cloudmap_operation_status::pending;
}

void tag_new_resource(api::request_context& ctx, const std::string& arn, const json& input) {
  std::vector<store::tag> tags;
  for (const auto& t : api::member_or(input, "Tags", json::array())) {
    tags.push_back({api::str(t, "Key"), api::str(t, "Value")});
  }
  if (tags.empty()) {
    return;
  }
  if (store::exceeds_tag_limit(ctx.db, arn, tags)) {
    throw service_error("TooManyTagsException", "The resource can't have more than 50 tags.");
  }
  store::put_tags(ctx.db, arn, tags);
}

std::size_t page_start(const json& input, const char* listing) {
  auto token = api::str(input, "NextToken");
  if (token.empty()) {
    return 0;
  }
  try {
    auto at = api::decode_page_token(token, listing);
    if (at.is_number_unsigned()) {
      return at.get<std::size_t>();
    }
  } catch (const service_error&) {
  }
  throw invalid_input("The specified NextToken is not valid.");
}

std::string page_token(const char* listing, std::size_t next) {
  return api::encode_page_token(api::make_page_cursor(listing, next));
}

std::size_t page_size(const json& input, std::size_t fallback) {
  auto n = api::opt_int(input, "MaxResults");
  return n && *n > 0 ? static_cast<std::size_t>(*n) : fallback;
}

std::vector<filter> read_filters(const json& input) {
  std::vector<filter> out;
  for (const auto& f : api::member_or(input, "Filters", json::array())) {
    out.push_back(
        {api::str(f, "Name"), api::str_list(f, "Values"), api::str(f, "Condition", "EQ")});
  }
  return out;
}

std::string health_of(const store::cloudmap_service& s, const store::cloudmap_instance& i) {
  if (s.custom_health) {
    return i.health;
  }
  return s.health_check_config.is_object() ? "HEALTHY" : "UNKNOWN";
}

}  // namespace minecs::servicediscovery
