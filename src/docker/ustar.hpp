#pragma once
#include <string>
#include <string_view>

// Just enough of POSIX ustar to hand Docker a root filesystem built in memory: regular files,
// directories and symlinks, owned by root, with fixed mtime so that equal inputs give equal tars.
namespace minecs::docker {

class ustar_writer {
 public:
  // Paths are relative to the archive root ("bin/sh"); names must fit ustar's 100+155 split.
  // Each returns false, and adds nothing, when a name does not fit.
  bool add_directory(std::string_view path, unsigned mode = 0755);
  bool add_file(std::string_view path, std::string_view content, unsigned mode = 0644);
  bool add_symlink(std::string_view path, std::string_view target);

  // The archive with its end-of-archive blocks; the writer may not be used afterwards.
  std::string finish() &&;

 private:
  bool add_entry(std::string_view path, char type, unsigned mode, std::string_view content,
                 std::string_view link_target);
  std::string out_;
};

}  // namespace minecs::docker
