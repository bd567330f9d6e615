#include <cstdlib>
#include <iostream>
#include <map>
#include <string>
#include <vector>

#include <unistd.h>  // environ

#include "app.hpp"

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  std::map<std::string, std::string> env;
  for (char** e = environ; *e != nullptr; ++e) {
    std::string kv(*e);
    auto eq = kv.find('=');
    if (eq != std::string::npos) {
      env.emplace(kv.substr(0, eq), kv.substr(eq + 1));
    }
  }
  auto parsed = minecs::parse_config(args, env);
  if (parsed.show_help) {
    std::cout << minecs::config_help();
    return 0;
  }
  if (parsed.show_version) {
    std::cout << "minecs " << MINECS_VERSION << "\n";
    return 0;
  }
  if (parsed.list_operations) {
    std::cout << minecs::operations_markdown();
    return 0;
  }
  if (parsed.error) {
    std::cerr << "minecs: " << *parsed.error << "\n\n" << minecs::config_help();
    return 2;
  }
  return minecs::run_app(parsed.cfg);
}
