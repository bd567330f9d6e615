#pragma once
// The one shape of EC2's Describe calls over stored records: ids (each must exist), Filters,
// then MaxResults / NextToken by id.
#include <algorithm>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "filters.hpp"
#include "minecs/api/handler.hpp"
#include "minecs/api/input.hpp"
#include "paging.hpp"
#include "resource_ids.hpp"
#include "tags.hpp"

namespace minecs::ec2 {

template <class R>
struct describe_spec {
  std::string listing;     // "DescribeVpcs"
  const char* ids_member;  // "VpcIds"
  const char* out_member;  // "Vpcs"
  // The resource's values under each filter name, inside the read.
  filter_fields (*fields)(api::request_context&, const R&);
  json (*render)(api::request_context&, const R&, const std::vector<store::tag>&);
  long long max_results = 1000;  // the largest MaxResults (the smallest is 5)
  // The filter whose values are the records' parent ids in the store ("vpc-id" for subnets):
  // with literal values and no ids asked for, only those parents' records are read.
  const char* parent_filter = nullptr;
  // The request member of the filters: DescribeNatGateways calls it "Filter".
  const char* filters_member = "Filters";
};

// Inside a transaction: the records of these ids (each once), or every one of the region.
template <class R>
std::vector<R> records_named(api::request_context& ctx, const std::vector<std::string>& ids) {
  if (ids.empty()) {
    return store::list_ec2<R>(ctx.db, ctx.scope.region);
  }
  std::vector<R> out;
  std::set<std::string> seen;
  for (const auto& id : ids) {
    if (seen.insert(id).second) {
      out.push_back(require_record<R>(ctx, id));
    }
  }
  return out;
}

// Inside a transaction: the records of these parents (each once), by the store's parent index.
template <class R>
std::vector<R> records_of_parents(api::request_context& ctx,
                                  const std::vector<std::string>& parents) {
  std::vector<R> out;
  std::set<std::string> seen;
  for (const auto& parent : parents) {
    if (seen.insert(parent).second) {
      for (auto& record : store::list_ec2<R>(ctx.db, ctx.scope.region, parent)) {
        out.push_back(std::move(record));
      }
    }
  }
  return out;
}

// The tags of the records of one kind: read at once when there are enough records for one query of
// the kind's tags to beat a query each (ids made up by ECS requests, whose ARNs have no kind, are
// still read one by one).
class kind_tags {
 public:
  kind_tags(api::request_context& ctx, std::string_view type, std::size_t records)
      : ctx_(ctx), prefix_(ec2_arn(ctx.scope, type, "")) {
    if (records < bulk_threshold) {
      return;
    }
    bulk_ = true;
    by_arn_ = store::tags_of_each_under(ctx.db, prefix_);
  }
  std::vector<store::tag> of(const std::string& id) const {
    auto arn = ec2_arn(ctx_.scope, id);
    if (!bulk_ || !arn.starts_with(prefix_)) {
      return resource_tags(ctx_, id);
    }
    auto it = by_arn_.find(arn);
    return it == by_arn_.end() ? std::vector<store::tag>{} : it->second;
  }

 private:
  static constexpr std::size_t bulk_threshold = 4;
  api::request_context& ctx_;
  std::string prefix_;
  bool bulk_ = false;
  std::map<std::string, std::vector<store::tag>, std::less<>> by_arn_;
};

// `select` runs inside the read and returns the candidate records; `filters` are those the
// candidates must still pass.
template <class R, class Select>
json describe_filtered(api::request_context& ctx, const json& input, const describe_spec<R>& spec,
                       const std::vector<filter>& filters, Select select) {
  auto page = read_page_request(input, spec.listing, 5, spec.max_results);
  return ctx.db.read([&] {
    // A record's filter fields and tags cost allocations and a query each: build the fields only
    // when there are filters, and read the tags only of records the other filters let through.
    if (!filters.empty()) {
      check_filter_names(filters, spec.fields(ctx, R{}));
    }
    std::vector<keyed_item> items;
    auto records = select();
    kind_tags tags_of_kind(ctx, kind_of_type(R::kind).type, records.size());
    for (const auto& record : records) {
      if (!filters.empty() && !field_filters_match(filters, spec.fields(ctx, record))) {
        continue;
      }
      auto tags = tags_of_kind.of(record.id);
      if (tag_filters_match(filters, tags)) {
        items.emplace_back(record.id, spec.render(ctx, record, tags));
      }
    }
    json out = json::object();
    write_page(out, spec.out_member, std::move(items), page);
    return out;
  });
}

template <class R, class Select>
json describe_records(api::request_context& ctx, const json& input, const describe_spec<R>& spec,
                      Select select) {
  return describe_filtered(ctx, input, spec, parse_filters(input, spec.filters_member), select);
}

// With no ids asked for and literal values for the spec's parent filter, only those parents'
// records are read, and that filter needs no test of its own: each record read passes it.
template <class R>
json describe_records(api::request_context& ctx, const json& input, const describe_spec<R>& spec) {
  auto ids = api::str_list(input, spec.ids_member);
  auto filters = parse_filters(input, spec.filters_member);
  std::optional<std::vector<std::string>> parents;
  if (ids.empty() && spec.parent_filter != nullptr) {
    parents = literal_filter_values(filters, spec.parent_filter);
  }
  if (parents) {
    auto by_parent = std::find_if(filters.begin(), filters.end(),
                                  [&](const filter& f) { return f.name == spec.parent_filter; });
    filters.erase(by_parent);
  }
  return describe_filtered(ctx, input, spec, filters, [&] {
    return parents ? records_of_parents<R>(ctx, *parents) : records_named<R>(ctx, ids);
  });
}

}  // namespace minecs::ec2
