#pragma once
#include <functional>
#include <map>
#include <string>
#include <string_view>

#include "minecs/core/arn.hpp"
#include "minecs/core/json.hpp"

namespace minecs {
class clock;
class id_generator;
namespace store {
class database;
}
}  // namespace minecs

namespace minecs::api {

// What a handler may use: the store, injected time and ids, and who is asking where.
// Handlers never reach Docker; they record desired state and return.
struct request_context {
  store::database& db;
  const minecs::clock& clock;
  id_generator& ids;
  minecs::scope scope;  // region of this request, configured account
  std::string request_id;
  // The SigV4 credential's access key id (empty when unsigned): only STS looks at it.
  std::string access_key_id = {};
};

using handler = std::function<json(request_context&, const json& input)>;

// Operation name -> handler, for one service (ECS, CloudWatch Logs).
class handler_table {
 public:
  void add(std::string operation, handler h) { handlers_[std::move(operation)] = std::move(h); }
  const handler* find(std::string_view operation) const {
    auto it = handlers_.find(operation);
    return it == handlers_.end() ? nullptr : &it->second;
  }
  const std::map<std::string, handler, std::less<>>& all() const { return handlers_; }

 private:
  std::map<std::string, handler, std::less<>> handlers_;
};

}  // namespace minecs::api
