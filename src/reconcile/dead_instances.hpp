#pragma once
#include "context.hpp"

namespace minecs::reconcile {

// Removes the containers and networks of dead instances (minecs/reconcile/instances.hpp says which
// are dead) and the agent routes of their bridges, and any agent route whose bridge is gone. Never
// touches a live or unknown instance's.
void remove_dead_instances(context& cx);

}  // namespace minecs::reconcile
