#include "minecs/lb/balancers.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <boost/asio/post.hpp>
#include <functional>
#include <future>
#include <set>

#include "health_checker.hpp"
#include "minecs/lb/addresses.hpp"
#include "minecs/lb/service_connect.hpp"
#include "minecs/store/ec2_records.hpp"
#include "minecs/store/elbv2_targets.hpp"
#include "minecs/store/services.hpp"
#include "minecs/store/tasks.hpp"

namespace minecs::lb {

namespace {

struct store_view {
  std::vector<store::elbv2_load_balancer> balancers;
  std::vector<store::elbv2_listener> listeners;
  std::vector<store::elbv2_rule> rules;
  std::vector<store::elbv2_target_group> groups;
  std::map<std::string, std::string> subnet_cidrs;  // region/subnet → CIDR
  std::set<std::uint32_t> task_addresses;
  // Balancer ARN → the hosts of the Express service URLs it serves: on AWS Express Mode makes a
  // DNS record for each URL that points at the shared balancer.
  std::map<std::string, std::vector<std::string>> aliases;
  std::vector<client_alias> client_aliases;  // Service Connect's
};

// What holds an address of a VPC: a load balancer, or a Service Connect client alias.
struct claimant {
  std::string owner;  // the balancer's ARN, or client_alias::owner()
  std::string region;
  std::string vpc_id;
  std::string subnet_id;
  std::string dns_name;
};

std::vector<claimant> claimants_of(const store_view& v) {
  std::vector<claimant> out;
  for (const auto& lb : v.balancers) {
    if (!lb.zones.empty()) {
      out.push_back({lb.id, lb.region, lb.vpc_id, lb.zones.front().subnet_id, lb.dns_name});
    }
  }
  std::set<std::string> seen;
  for (const auto& a : v.client_aliases) {
    if (seen.insert(a.owner()).second) {
      out.push_back({a.owner(), a.region, a.vpc_id, a.subnet_id, a.dns_name});
    }
  }
  return out;
}

// "http://web-0123abcd.ecs.us-east-1.on.aws" → "web-0123abcd.ecs.us-east-1.on.aws".
std::string url_host(std::string_view url) {
  if (auto scheme = url.find("://"); scheme != std::string_view::npos) {
    url.remove_prefix(scheme + 3);
  }
  return std::string(url.substr(0, url.find_first_of(":/")));
}

store_view read_store(store::database& db) {
  return db.read([&] {
    store_view v;
    v.balancers = store::list_ec2_everywhere<store::elbv2_load_balancer>(db);
    v.listeners = store::list_ec2_everywhere<store::elbv2_listener>(db);
    v.rules = store::list_ec2_everywhere<store::elbv2_rule>(db);
    v.groups = store::list_ec2_everywhere<store::elbv2_target_group>(db);
    for (const auto& lb : v.balancers) {
      if (lb.zones.empty()) {
        continue;
      }
      auto subnet = store::find_ec2<store::ec2_subnet>(db, lb.region, lb.zones.front().subnet_id);
      if (subnet) {
        v.subnet_cidrs[lb.region + "/" + subnet->id] = subnet->cidr_block;
      }
    }
    v.client_aliases = read_client_aliases(db);
    for (const auto& a : v.client_aliases) {
      if (auto subnet = store::find_ec2<store::ec2_subnet>(db, a.region, a.subnet_id)) {
        v.subnet_cidrs[a.region + "/" + subnet->id] = subnet->cidr_block;
      }
    }
    for (const auto& s : store::services_to_schedule(db)) {
      if (s.status == "ACTIVE" && s.express.active() && !s.express.load_balancer_arn.empty()) {
        v.aliases[s.express.load_balancer_arn].push_back(url_host(s.express.endpoint));
      }
    }
    for (const auto& t : store::tasks_not_stopped(db)) {
      for (const auto& a : t.attachments) {
        if (auto address = parse_ipv4_address(a.private_ipv4)) {
          v.task_addresses.insert(*address);
        }
      }
    }
    return v;
  });
}

// The listeners of balancers that have an address, with their rules in order, and the groups
// that any listener forwards to.
using certificate_fn = std::function<std::shared_ptr<const pem_pair>(
    const store::elbv2_load_balancer&, std::uint32_t address)>;

std::shared_ptr<snapshot> build(const store_view& v,
                                const std::map<std::string, std::uint32_t>& addresses, double now,
                                const certificate_fn& certificate) {
  auto out = std::make_shared<snapshot>();
  out->taken_at = now;
  std::map<std::string, const store::elbv2_load_balancer*> balancers;
  for (const auto& lb : v.balancers) {
    balancers[lb.id] = &lb;
  }
  std::set<std::string> in_use;
  for (const auto& l : v.listeners) {
    std::vector<rule_entry> rules;
    for (const auto& r : v.rules) {
      if (r.listener_arn == l.id && !r.is_default) {
        rules.push_back({r.priority, false, r.conditions, r.actions});
        auto groups = store::elbv2_groups_of(r.actions);
        in_use.insert(groups.begin(), groups.end());
      }
    }
    rules.push_back({0, true, {}, l.default_actions});
    auto groups = store::elbv2_groups_of(l.default_actions);
    in_use.insert(groups.begin(), groups.end());
    auto lb = balancers.find(l.load_balancer_arn);
    auto address = addresses.find(l.load_balancer_arn);
    if (lb == balancers.end() || address == addresses.end()) {
      continue;
    }
    listener_view lv;
    lv.arn = l.id;
    lv.load_balancer_arn = l.load_balancer_arn;
    lv.protocol = l.protocol;
    lv.address = address->second;
    lv.port = l.port;
    lv.rules = ordered_rules(std::move(rules));
    lv.idle_timeout = idle_timeout_of(lb->second->attributes);
    if (l.protocol == "HTTPS" || l.protocol == "TLS") {
      lv.certificate = certificate(*lb->second, address->second);
    }
    out->listeners[l.id] = std::move(lv);
  }
  for (const auto& a : v.client_aliases) {
    if (auto address = addresses.find(a.owner()); address != addresses.end()) {
      add_client_alias(*out, a, address->second);
    }
  }
  for (const auto& g : v.groups) {
    if (in_use.contains(g.id)) {
      out->groups[g.id] = g;
    }
  }
  return out;
}

}  // namespace

struct name_book {
  std::mutex mutex;
  std::vector<dns::address_record> records;
};

namespace {

class balancer_names : public dns::record_source {
 public:
  explicit balancer_names(std::shared_ptr<name_book> book) : book_(std::move(book)) {}
  std::string name() const override { return "elbv2"; }
  dns::record_set collect(store::database& /*db*/) override {
    std::lock_guard lock(book_->mutex);
    return {{}, book_->records};
  }

 private:
  std::shared_ptr<name_book> book_;
};

}  // namespace

balancers::balancers(store::database& db, const clock& clk, settings cfg)
    : db_(db), clock_(clk), cfg_(std::move(cfg)), names_(std::make_shared<name_book>()) {
  traffic_ = std::make_unique<traffic>(io_, [this] { return view(); });
  checker_ = std::make_shared<checker_state>();
  checker_->view = [this] { return view(); };
  checker_->write = [this](const store::elbv2_target_group& group,
                           const store::elbv2_target& target, const health_verdict& verdict) {
    try {
      db_.write([&] {
        auto g = store::find_ec2<store::elbv2_target_group>(db_, group.region, group.id);
        auto* t = g ? store::elbv2_find_target(*g, target.id, target.port) : nullptr;
        if (t == nullptr || t->drain_until > 0 || t->state == verdict.state) {
          return;
        }
        t->state = verdict.state;
        t->reason = verdict.reason;
        t->description = verdict.description;
        store::put_ec2(db_, *g);
      });
      spdlog::info("load balancers: target {}:{} of {} is {}{}", target.id, target.port, group.name,
                   verdict.state, verdict.reason.empty() ? "" : " (" + verdict.reason + ")");
    } catch (const std::exception& e) {
      spdlog::error("load balancers: writing the health of {}:{} failed: {}", target.id,
                    target.port, e.what());
    }
  };
}

balancers::~balancers() {
  stop();
}

void balancers::start() {
  if (started_) {
    return;
  }
  started_ = true;
  work_.emplace(io_.get_executor());
  io_thread_ = std::thread([this] { io_.run(); });
  watch_thread_ = std::thread([this] { watch(); });
}

void balancers::stop() {
  if (!started_ || stopping_.exchange(true)) {
    return;
  }
  db_.changes().notify();
  if (watch_thread_.joinable()) {
    watch_thread_.join();
  }
  std::promise<void> closed;
  auto done = closed.get_future();
  boost::asio::post(io_, [&] {
    checker_->closed = true;
    traffic_->close_all();
    closed.set_value();
  });
  done.wait_for(std::chrono::seconds(5));
  work_.reset();
  io_.stop();
  if (io_thread_.joinable()) {
    io_thread_.join();
  }
  std::map<std::string, assigned> gone;
  {
    std::lock_guard lock(mutex_);
    gone.swap(addresses_);
  }
  for (const auto& [arn, a] : gone) {
    remove_host_address(a.bridge, a.address);
  }
}

void balancers::network_ready(const std::string& region, const std::string& vpc_id,
                              vpc_bridge bridge) {
  {
    std::lock_guard lock(mutex_);
    auto& known = bridges_[region + "/" + vpc_id];
    if (known.bridge == bridge.bridge && known.docker_block == bridge.docker_block) {
      return;
    }
    known = std::move(bridge);
  }
  db_.changes().notify();  // wakes the watcher, which gives the VPC's balancers their addresses
}

std::map<std::string, std::uint32_t> balancers::addresses() const {
  std::lock_guard lock(mutex_);
  std::map<std::string, std::uint32_t> out;
  for (const auto& [arn, a] : addresses_) {
    out[arn] = a.address;
  }
  return out;
}

std::unique_ptr<dns::record_source> balancers::names() {
  return std::make_unique<balancer_names>(names_);
}

std::shared_ptr<const snapshot> balancers::view() const {
  std::lock_guard lock(mutex_);
  return snapshot_;
}

std::uint64_t balancers::requests_to(const std::string& target_group_arn) const {
  return traffic_->requests()->of(target_group_arn);
}

void balancers::sync() {
  std::lock_guard serial(sync_mutex_);
  auto v = read_store(db_);
  std::vector<std::pair<std::string, std::uint32_t>> added;
  std::vector<std::pair<std::string, std::uint32_t>> removed;
  std::map<std::string, std::uint32_t> addresses;
  bool names_moved = false;
  {
    std::lock_guard lock(mutex_);
    auto claimants = claimants_of(v);
    std::set<std::string> present;
    for (const auto& c : claimants) {
      present.insert(c.owner);
    }
    for (auto it = addresses_.begin(); it != addresses_.end();) {
      if (present.contains(it->first)) {
        ++it;
        continue;
      }
      removed.emplace_back(it->second.bridge, it->second.address);
      leaves_.erase(it->first);
      it = addresses_.erase(it);
    }
    std::set<std::uint32_t> used = v.task_addresses;
    for (const auto& [arn, a] : addresses_) {
      used.insert(a.address);
    }
    for (const auto& c : claimants) {
      if (addresses_.contains(c.owner)) {
        continue;
      }
      auto bridge = bridges_.find(c.region + "/" + c.vpc_id);
      auto cidr = v.subnet_cidrs.find(c.region + "/" + c.subnet_id);
      if (bridge == bridges_.end() || cidr == v.subnet_cidrs.end()) {
        continue;  // its VPC has no network yet: when a task makes it
      }
      auto subnet = parse_ipv4_subnet(cidr->second, false);
      if (!subnet) {
        continue;
      }
      const auto& b = bridge->second;
      ipv4_subnet mapped{b.docker_block.base + (subnet->base - b.vpc_block.base), subnet->prefix};
      auto address = balancer_address(mapped, used);
      if (!address) {
        spdlog::warn("load balancers: no free address for {} in {}", c.dns_name, cidr->second);
        continue;
      }
      used.insert(*address);
      addresses_[c.owner] = {b.bridge, *address, c.dns_name};
      added.emplace_back(b.bridge, *address);
      spdlog::info("load balancers: {} ({}) has the address {}", c.dns_name, c.owner,
                   ipv4_address_string(*address));
    }
    std::vector<dns::address_record> records;
    for (const auto& [arn, a] : addresses_) {
      addresses[arn] = a.address;
      records.push_back({a.dns_name, a.address});
      if (auto alias = v.aliases.find(arn); alias != v.aliases.end()) {
        for (const auto& host : alias->second) {
          records.push_back({host, a.address});
        }
      }
    }
    std::lock_guard book(names_->mutex);
    names_moved = names_->records != records;
    names_->records = std::move(records);
  }
  for (const auto& [bridge, address] : removed) {
    remove_host_address(bridge, address);
  }
  for (const auto& [bridge, address] : added) {
    add_host_address(bridge, address);
  }
  auto now = clock_.now();
  std::shared_ptr<const snapshot> snap =
      build(v, addresses, now, [this](const store::elbv2_load_balancer& lb, std::uint32_t a) {
        return certificate_of(lb.id, lb.dns_name, a);
      });
  {
    std::lock_guard lock(mutex_);
    snapshot_ = snap;
  }
  boost::asio::post(io_, [this, snap, now] {
    traffic_->apply(*snap);
    traffic_->enforce_draining(*snap, now);
    start_probes(checker_, io_, *snap);
  });
  if ((names_moved || !added.empty() || !removed.empty()) && cfg_.names_changed) {
    cfg_.names_changed();
  }
}

std::shared_ptr<const pem_pair> balancers::certificate_of(const std::string& arn,
                                                          const std::string& dns_name,
                                                          std::uint32_t address) {
  auto subject = dns_name + "|" + std::to_string(address);
  auto known = leaves_.find(arn);
  if (known != leaves_.end() && known->second.first == subject) {
    return known->second.second;
  }
  try {
    if (!ca_ && !ca_failed_) {
      ca_ = cfg_.ca_dir.empty() ? certificate_authority::ephemeral()
                                : certificate_authority::in_directory(cfg_.ca_dir);
      if (!cfg_.ca_dir.empty()) {
        spdlog::info("load balancers: HTTPS and TLS listeners serve certificates of the CA {}",
                     (cfg_.ca_dir / "ca.pem").string());
      }
    }
    if (!ca_) {
      return nullptr;
    }
    auto leaf = std::make_shared<const pem_pair>(ca_->issue(dns_name, address));
    leaves_[arn] = {subject, leaf};
    return leaf;
  } catch (const std::exception& e) {
    if (!ca_) {
      ca_failed_ = true;
    }
    spdlog::error("load balancers: no certificate for {}: {}", dns_name, e.what());
    return nullptr;
  }
}

void balancers::watch() {
  std::optional<std::uint64_t> synced;
  while (!stopping_) {
    auto seen = db_.changes().generation();
    if (seen != synced) {
      try {
        sync();
        synced = seen;
      } catch (const std::exception& e) {
        spdlog::error("load balancers: reading the store failed: {}", e.what());
      }
    } else if (auto snap = view()) {
      // Nothing written: only draining deadlines may have passed.
      auto now = clock_.now();
      boost::asio::post(io_, [this, snap, now] { traffic_->enforce_draining(*snap, now); });
    }
    if (stopping_) {
      break;
    }
    if (db_.changes().wait_for_change(seen, cfg_.tick) != seen && !stopping_) {
      std::this_thread::sleep_for(cfg_.settle);
    }
  }
}

}  // namespace minecs::lb
