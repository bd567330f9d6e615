#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "secrets/secrets.hpp"

namespace minecs::reconcile {

namespace {

secret_sources::read_result read_file(const std::filesystem::path& path) {
  secret_sources::read_result r;
  r.where = path.string();
  std::error_code ec;
  auto kind = std::filesystem::status(path, ec).type();
  if (kind == std::filesystem::file_type::not_found) {
    r.state = secret_sources::status::missing;
    r.text = "no such file";
    return r;
  }
  if (kind != std::filesystem::file_type::regular) {
    r.state = secret_sources::status::unreadable;
    r.text = ec ? ec.message() : "not a regular file";
    return r;
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    r.state = secret_sources::status::unreadable;
    r.text = std::strerror(errno);
    return r;
  }
  std::ostringstream content;
  content << in.rdbuf();
  r.state = secret_sources::status::ok;
  r.text = content.str();
  return r;
}

}  // namespace

stored_secret_sources::stored_secret_sources(store::database& db, std::string region,
                                             std::string account, std::string secrets_file,
                                             std::string s3_dir)
    : local_secret_sources(std::move(secrets_file), std::move(s3_dir)),
      db_(db),
      region_(std::move(region)),
      account_(std::move(account)) {}

std::optional<secret_lookup> stored_secret_sources::stored(const std::string& value_from) const {
  return db_.read([&] { return lookup_stored(db_, region_, account_, value_from); });
}

local_secret_sources::local_secret_sources(std::string secrets_file, std::string s3_dir)
    : secrets_file_(std::move(secrets_file)), s3_dir_(std::move(s3_dir)) {}

secret_sources::read_result local_secret_sources::secrets_file() const {
  if (secrets_file_.empty()) {
    return {status::not_configured, "", ""};
  }
  return read_file(secrets_file_);
}

secret_sources::read_result local_secret_sources::s3_object(const std::string& bucket,
                                                            const std::string& key) const {
  if (s3_dir_.empty()) {
    return {status::not_configured, "", ""};
  }
  // Joined as text: a key starting with '/' must not make the path absolute.
  auto relative = bucket + "/" + key;
  // S3 keys may hold "..", but here they would name files outside the directory.
  for (const auto& part : std::filesystem::path(relative)) {
    if (part == "..") {
      return {status::unreadable, "the key leads outside the --s3-dir directory", relative};
    }
  }
  return read_file(s3_dir_ + "/" + relative);
}

}  // namespace minecs::reconcile
