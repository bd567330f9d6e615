#pragma once
#include <string>
#include <string_view>

#include "minecs/docker/client.hpp"

namespace minecs::docker {

// The image of the per-task network-namespace holder: one static binary at /holder, its entry
// point. Nothing can be pulled, so it is imported from the binary minecs ships. Returns the image
// name; a present image is left alone, so a changed binary needs the image removed first.
result<std::string> ensure_holder_image(client& docker, const std::string& holder_binary_path,
                                        std::string_view image_name, timeout t);

// The root filesystem tar of that image, exposed for tests.
std::string holder_rootfs_tar(std::string_view holder_binary);

}  // namespace minecs::docker
