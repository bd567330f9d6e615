#pragma once
#include <span>
#include <string_view>

namespace minecs::dashboard {

// One file of src/dashboard/www/, by its path below that folder ("index.html", "js/app.js").
struct embedded_asset {
  std::string_view path;
  std::string_view bytes;
};

// Every file of www/, sorted by path; defined by the source that embed_assets.cmake generates.
std::span<const embedded_asset> embedded_assets();

}  // namespace minecs::dashboard
