#include "ustar.hpp"

#include <array>
#include <cstdio>
#include <cstring>

namespace minecs::docker {
namespace {

constexpr std::size_t block = 512;

// Octal, zero-padded, NUL-terminated, as ustar numeric fields are.
void put_octal(char* field, std::size_t width, unsigned long long value) {
  std::snprintf(field, width, "%0*llo", static_cast<int>(width - 1), value);
}

void put_text(char* field, std::size_t width, std::string_view text) {
  // An empty view may hold a null pointer, which memcpy must never get, even for 0 bytes.
  if (!text.empty()) {
    std::memcpy(field, text.data(), std::min(width, text.size()));
  }
}

}  // namespace

bool ustar_writer::add_entry(std::string_view path, char type, unsigned mode,
                             std::string_view content, std::string_view link_target) {
  std::string name(path);
  if (type == '5' && !name.empty() && name.back() != '/') {
    name.push_back('/');
  }
  std::string_view prefix;
  std::string_view rest = name;
  if (name.size() > 100) {
    // Split at a '/' so that both halves fit their fields.
    auto cut = name.find('/', name.size() - 101);
    if (cut == std::string::npos || cut > 155 || cut == 0) {
      return false;
    }
    prefix = std::string_view(name).substr(0, cut);
    rest = std::string_view(name).substr(cut + 1);
  }
  if (rest.empty() || link_target.size() > 100) {
    return false;
  }
  std::array<char, block> h{};
  put_text(&h[0], 100, rest);
  put_octal(&h[100], 8, mode & 07777);
  put_octal(&h[108], 8, 0);
  put_octal(&h[116], 8, 0);
  put_octal(&h[124], 12, content.size());
  put_octal(&h[136], 12, 0);
  std::memset(&h[148], ' ', 8);
  h[156] = type;
  put_text(&h[157], 100, link_target);
  put_text(&h[257], 6, std::string_view("ustar\0", 6));
  put_text(&h[263], 2, "00");
  put_text(&h[265], 32, "root");
  put_text(&h[297], 32, "root");
  put_octal(&h[329], 8, 0);
  put_octal(&h[337], 8, 0);
  put_text(&h[345], 155, prefix);
  unsigned sum = 0;
  for (char c : h) {
    sum += static_cast<unsigned char>(c);
  }
  std::snprintf(&h[148], 8, "%06o", sum);
  h[155] = ' ';
  out_.append(h.data(), h.size());
  out_.append(content);
  out_.append((block - content.size() % block) % block, '\0');
  return true;
}

bool ustar_writer::add_directory(std::string_view path, unsigned mode) {
  return add_entry(path, '5', mode, {}, {});
}

bool ustar_writer::add_file(std::string_view path, std::string_view content, unsigned mode) {
  return add_entry(path, '0', mode, content, {});
}

bool ustar_writer::add_symlink(std::string_view path, std::string_view target) {
  return add_entry(path, '2', 0777, {}, target);
}

std::string ustar_writer::finish() && {
  out_.append(2 * block, '\0');
  return std::move(out_);
}

}  // namespace minecs::docker
