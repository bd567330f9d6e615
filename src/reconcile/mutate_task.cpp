#include "context.hpp"

namespace minecs::reconcile {

std::optional<store::task_record> mutate_task(store::database& db, const std::string& arn,
                                              const std::function<bool(store::task_record&)>& fn) {
  // Tried on a read first: most observations change nothing, and a write would wake everything
  // that waits on changes(), the reconciler's own loop included.
  auto probe = db.read([&] { return store::find_task(db, arn); });
  if (!probe) {
    return std::nullopt;
  }
  if (!fn(*probe)) {
    return probe;
  }
  return db.write([&]() -> std::optional<store::task_record> {
    auto t = store::find_task(db, arn);
    if (!t) {
      return std::nullopt;
    }
    if (!fn(*t)) {
      return t;
    }
    store::save_task(db, *t);
    return t;
  });
}

}  // namespace minecs::reconcile
