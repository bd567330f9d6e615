#include "minecs/registry/lifecycle.hpp"

#include <algorithm>
#include <set>

#include "minecs/core/json.hpp"
#include "minecs/core/wildcard.hpp"

namespace minecs::registry {

namespace {

[[noreturn]] void refuse(const std::string& why) {
  throw invalid_policy(
      "Invalid parameter at 'LifecyclePolicyText' failed to satisfy constraint: "
      "'Lifecycle policy validation failure: " +
      why + "'");
}

std::vector<std::string> string_list(const json& selection, const char* key) {
  std::vector<std::string> out;
  if (!selection.contains(key)) {
    return out;
  }
  const auto& list = selection[key];
  if (!list.is_array() || list.empty()) {
    refuse(std::string(key) + " must be a non-empty array of strings");
  }
  for (const auto& item : list) {
    if (!item.is_string() || item.get<std::string>().empty()) {
      refuse(std::string(key) + " must be a non-empty array of strings");
    }
    out.push_back(item.get<std::string>());
  }
  return out;
}

std::int64_t positive_integer(const json& object, const char* key) {
  if (!object.contains(key) || !object[key].is_number_integer() ||
      object[key].get<std::int64_t>() < 1) {
    refuse(std::string(key) + " must be an integer greater than 0");
  }
  return object[key].get<std::int64_t>();
}

lifecycle_rule parse_rule(const json& r) {
  if (!r.is_object()) {
    refuse("each rule must be an object");
  }
  lifecycle_rule out;
  out.priority = positive_integer(r, "rulePriority");
  if (r.contains("description") && !r["description"].is_string()) {
    refuse("description must be a string");
  }
  if (!r.contains("action") || !r["action"].is_object() ||
      r["action"].value("type", std::string()) != "expire") {
    refuse("action.type must be expire");
  }
  if (!r.contains("selection") || !r["selection"].is_object()) {
    refuse("object has missing required properties ([\"selection\"])");
  }
  const auto& s = r["selection"];
  auto status = s.value("tagStatus", std::string());
  if (status == "tagged") {
    out.status = tag_status::tagged;
  } else if (status == "untagged") {
    out.status = tag_status::untagged;
  } else if (status == "any") {
    out.status = tag_status::any;
  } else {
    refuse("tagStatus must be one of tagged, untagged, any");
  }
  out.tag_prefixes = string_list(s, "tagPrefixList");
  out.tag_patterns = string_list(s, "tagPatternList");
  bool lists = !out.tag_prefixes.empty() || !out.tag_patterns.empty();
  if (out.status == tag_status::tagged && !lists) {
    refuse("tagPrefixList or tagPatternList is required when tagStatus is tagged");
  }
  if (out.status == tag_status::tagged && !out.tag_prefixes.empty() && !out.tag_patterns.empty()) {
    refuse("tagPrefixList and tagPatternList cannot both be given");
  }
  if (out.status != tag_status::tagged && lists) {
    refuse("tagPrefixList and tagPatternList are allowed only when tagStatus is tagged");
  }
  auto type = s.value("countType", std::string());
  if (type == "imageCountMoreThan") {
    out.type = count_type::image_count_more_than;
    if (s.contains("countUnit")) {
      refuse("countUnit is not allowed with countType imageCountMoreThan");
    }
  } else if (type == "sinceImagePushed") {
    out.type = count_type::since_image_pushed;
    if (!s.contains("countUnit") || s["countUnit"] != "days") {
      refuse("countUnit must be days with countType sinceImagePushed");
    }
  } else {
    refuse("countType must be imageCountMoreThan or sinceImagePushed");
  }
  out.count = positive_integer(s, "countNumber");
  return out;
}

bool has_tag_where(const lifecycle_image& image, const std::string& pattern, bool prefix) {
  return std::any_of(image.tags.begin(), image.tags.end(), [&](const std::string& tag) {
    return prefix ? tag.starts_with(pattern) : wildcard_match(pattern, tag);
  });
}

// An image with several prefixes (or patterns) to match must match every one of them.
bool selects(const lifecycle_rule& rule, const lifecycle_image& image) {
  switch (rule.status) {
    case tag_status::any:
      return true;
    case tag_status::untagged:
      return image.tags.empty();
    case tag_status::tagged:
      break;
  }
  if (image.tags.empty()) {
    return false;
  }
  for (const auto& p : rule.tag_prefixes) {
    if (!has_tag_where(image, p, true)) {
      return false;
    }
  }
  for (const auto& p : rule.tag_patterns) {
    if (!has_tag_where(image, p, false)) {
      return false;
    }
  }
  return true;
}

}  // namespace

std::vector<lifecycle_rule> parse_lifecycle_policy(const std::string& text) {
  auto doc = json::parse(text, nullptr, false);
  if (doc.is_discarded() || !doc.is_object()) {
    refuse("the policy is not a JSON object");
  }
  if (!doc.contains("rules") || !doc["rules"].is_array() || doc["rules"].empty()) {
    refuse("object has missing required properties ([\"rules\"])");
  }
  std::vector<lifecycle_rule> rules;
  std::set<std::int64_t> priorities;
  for (const auto& r : doc["rules"]) {
    rules.push_back(parse_rule(r));
    if (!priorities.insert(rules.back().priority).second) {
      refuse("rulePriority " + std::to_string(rules.back().priority) + " is used more than once");
    }
  }
  std::sort(rules.begin(), rules.end(),
            [](const auto& a, const auto& b) { return a.priority < b.priority; });
  for (std::size_t i = 0; i + 1 < rules.size(); ++i) {
    if (rules[i].status == tag_status::any) {
      refuse("the rule with tagStatus any must have the highest rulePriority value");
    }
  }
  return rules;
}

std::vector<std::string> expired_images(const std::vector<lifecycle_rule>& rules,
                                        const std::vector<lifecycle_image>& images, double now) {
  std::vector<bool> judged(images.size(), false);
  std::vector<std::string> out;
  for (const auto& rule : rules) {
    std::vector<std::size_t> selected;
    for (std::size_t i = 0; i < images.size(); ++i) {
      if (!judged[i] && selects(rule, images[i])) {
        judged[i] = true;
        selected.push_back(i);
      }
    }
    if (rule.type == count_type::since_image_pushed) {
      double limit = static_cast<double>(rule.count) * 86400.0;
      for (auto i : selected) {
        if (now - images[i].pushed_at > limit) {
          out.push_back(images[i].digest);
        }
      }
      continue;
    }
    // The newest `count` stay.
    std::stable_sort(selected.begin(), selected.end(), [&](std::size_t a, std::size_t b) {
      return images[a].pushed_at > images[b].pushed_at;
    });
    for (std::size_t k = static_cast<std::size_t>(rule.count); k < selected.size(); ++k) {
      out.push_back(images[selected[k]].digest);
    }
  }
  return out;
}

}  // namespace minecs::registry
