#pragma once
#include <string>
#include <vector>

namespace minecs::reconcile {

struct command_result {
  int exit_code = -1;  // -1 when the program could not be run at all
  std::string output;  // stdout and stderr together
};

// Runs a program from PATH with `args` (args[0] is the program), without a shell, and waits.
command_result run_host_command(const std::vector<std::string>& args);

}  // namespace minecs::reconcile
