#include "ustar.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

#include "temp_dir.hpp"

namespace minecs::docker {
namespace {

std::string run(const std::string& command) {
  std::string out;
  FILE* p = ::popen(command.c_str(), "r");
  if (!p) {
    return out;
  }
  char buf[4096];
  std::size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, p)) > 0) {
    out.append(buf, n);
  }
  ::pclose(p);
  return out;
}

unsigned checksum_of(const std::string& header) {
  unsigned sum = 0;
  for (std::size_t i = 0; i < 512; ++i) {
    sum += (i >= 148 && i < 156) ? ' ' : static_cast<unsigned char>(header[i]);
  }
  return sum;
}

TEST(Ustar, HeaderFieldsAndChecksum) {
  ustar_writer w;
  ASSERT_TRUE(w.add_file("bin/hello", "hi\n", 0755));
  auto tar = std::move(w).finish();
  ASSERT_EQ(tar.size(), 512u + 512u + 1024u);
  EXPECT_EQ(tar.substr(0, 10), std::string("bin/hello\0", 10));
  EXPECT_EQ(tar.substr(100, 7), "0000755");
  EXPECT_EQ(tar.substr(124, 11), "00000000003");
  EXPECT_EQ(tar[156], '0');
  EXPECT_EQ(tar.substr(257, 6), std::string("ustar\0", 6));
  EXPECT_EQ(std::stoul(tar.substr(148, 6), nullptr, 8), checksum_of(tar));
  EXPECT_EQ(tar.substr(512, 3), "hi\n");
  EXPECT_EQ(tar.find_first_not_of('\0', 512 + 3), std::string::npos);
}

TEST(Ustar, LongNamesUseThePrefixFieldAndTooLongOnesAreRefused) {
  ustar_writer w;
  std::string dir(120, 'd');
  ASSERT_TRUE(w.add_file(dir + "/file", "x"));
  EXPECT_FALSE(w.add_file(std::string(300, 'z'), "x"));
  EXPECT_FALSE(w.add_symlink("l", std::string(101, 't')));
  auto tar = std::move(w).finish();
  EXPECT_EQ(tar.substr(0, 5), std::string("file\0", 5));
  EXPECT_EQ(tar.substr(345, 120), dir);
  EXPECT_EQ(tar.size(), 512u + 512u + 1024u);
}

TEST(Ustar, SystemTarReadsWhatWeWrite) {
  if (run("command -v tar").empty()) {
    GTEST_SKIP() << "no tar on this machine";
  }
  ustar_writer w;
  ASSERT_TRUE(w.add_directory("bin"));
  ASSERT_TRUE(w.add_file("bin/busybox", std::string(1500, 'b'), 0755));
  ASSERT_TRUE(w.add_symlink("bin/sh", "busybox"));
  ASSERT_TRUE(w.add_directory("tmp", 01777));
  auto tar = std::move(w).finish();
  test_support::temp_dir dir("minecs-ustar-");
  auto path = dir.file("test.tar");
  {
    std::ofstream out(path, std::ios::binary);
    out << tar;
  }
  auto listing = run("tar -tvf " + path + " 2>&1");
  EXPECT_THAT(listing, ::testing::HasSubstr("drwxr-xr-x root/root"));
  EXPECT_THAT(listing,
              ::testing::HasSubstr("-rwxr-xr-x root/root      1500 1970-01-01 00:00 bin/busybox"));
  EXPECT_THAT(listing, ::testing::HasSubstr("bin/sh -> busybox"));
  EXPECT_THAT(listing, ::testing::HasSubstr("drwxrwxrwt root/root"));
  EXPECT_THAT(listing, ::testing::Not(::testing::HasSubstr("tar:")));
}

}  // namespace
}  // namespace minecs::docker
