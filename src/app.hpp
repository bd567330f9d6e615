#pragma once
#include <string>

#include "minecs/core/config.hpp"

namespace minecs {

// Wires the layers (store, dispatcher and handlers, reconciler, HTTP server) and runs until
// SIGTERM or SIGINT. Returns the process exit code.
int run_app(const config& cfg);

// Every operation of the embedded API models and whether minecs implements it (README table).
std::string operations_markdown();

}  // namespace minecs
