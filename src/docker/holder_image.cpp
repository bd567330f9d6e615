#include "minecs/docker/holder_image.hpp"

#include <fstream>
#include <sstream>

#include "ustar.hpp"

namespace minecs::docker {

std::string holder_rootfs_tar(std::string_view holder_binary) {
  ustar_writer tar;
  tar.add_file("holder", holder_binary, 0755);
  // Docker mounts /etc/hosts, resolv.conf and friends; their directories are made on demand, but
  // /tmp is not, and a holder that serves metadata may want scratch space.
  tar.add_directory("tmp", 01777);
  return std::move(tar).finish();
}

result<std::string> ensure_holder_image(client& docker, const std::string& holder_binary_path,
                                        std::string_view image_name, timeout t) {
  auto present = docker.inspect_image(image_name, t);
  if (!present) {
    return present.error();
  }
  if (*present) {
    return std::string(image_name);
  }
  std::ifstream in(holder_binary_path, std::ios::binary);
  std::ostringstream binary;
  binary << in.rdbuf();
  if (!in || binary.str().empty()) {
    return error{0, "cannot read the holder binary " + holder_binary_path};
  }
  std::string_view name = image_name;
  std::string_view tag = "latest";
  auto slash = name.rfind('/');
  auto colon = name.rfind(':');
  if (colon != std::string_view::npos && (slash == std::string_view::npos || colon > slash)) {
    tag = name.substr(colon + 1);
    name = name.substr(0, colon);
  }
  auto imported = docker.import_image(holder_rootfs_tar(binary.str()), name, tag,
                                      {R"(ENTRYPOINT ["/holder"])"}, t);
  if (!imported) {
    return imported.error();
  }
  return std::string(image_name);
}

}  // namespace minecs::docker
