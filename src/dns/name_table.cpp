#include "minecs/dns/name_table.hpp"

#include <algorithm>

#include "wire.hpp"

namespace minecs::dns {

namespace {

bool within(const std::string& name, const std::string& zone) {
  return name == zone || (name.size() > zone.size() && name.ends_with(zone) &&
                          name[name.size() - zone.size() - 1] == '.');
}

}  // namespace

void name_table::publish(const std::string& source, const record_set& records) {
  source_entry entry;
  for (const auto& z : records.zones) {
    entry.zones.push_back(canonical_name(z));
  }
  for (const auto& r : records.addresses) {
    entry.addresses.emplace(canonical_name(r.name), r.address);
  }
  for (const auto& r : records.services) {
    entry.services.emplace(canonical_name(r.name), std::pair(r.port, r.target));
  }
  std::lock_guard lock(mutex_);
  sources_[source] = std::move(entry);
}

lookup_result name_table::lookup(std::string_view name) const {
  auto key = canonical_name(name);
  lookup_result out;
  std::lock_guard lock(mutex_);
  for (const auto& [source, entry] : sources_) {
    auto [first, last] = entry.addresses.equal_range(key);
    for (auto it = first; it != last; ++it) {
      out.owner = ownership::owned;
      if (std::find(out.addresses.begin(), out.addresses.end(), it->second) ==
          out.addresses.end()) {
        out.addresses.push_back(it->second);
      }
    }
    auto [sfirst, slast] = entry.services.equal_range(key);
    for (auto it = sfirst; it != slast; ++it) {
      out.owner = ownership::owned;
      if (std::find(out.services.begin(), out.services.end(), it->second) == out.services.end()) {
        out.services.push_back(it->second);
      }
    }
    if (std::any_of(entry.zones.begin(), entry.zones.end(),
                    [&](const auto& z) { return within(key, z); })) {
      out.owner = ownership::owned;
    }
  }
  return out;
}

}  // namespace minecs::dns
