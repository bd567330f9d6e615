#pragma once
#include "minecs/core/config.hpp"

namespace minecs {

// Wires the layers (store, dispatcher and handlers, reconciler, HTTP server) and runs until
// SIGTERM or SIGINT. Returns the process exit code.
int run_app(const config& cfg);

}  // namespace minecs
