// A temporary folder for tests that write files (CLI runs, lesson folders): made unique
// with mkdtemp, removed with everything in it when the test ends. Not for production code.
#pragma once

#include <doctest/doctest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <string>

namespace ap::test {

struct TempDir {
  std::filesystem::path path;
  explicit TempDir(const std::string& prefix = "ap_test") {
    std::string pattern = (std::filesystem::temp_directory_path() / (prefix + "_XXXXXX")).string();
    REQUIRE(mkdtemp(pattern.data()) != nullptr);
    path = pattern;
  }
  ~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path, ignored);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  // Writes `text` byte for byte to NAME inside the folder and returns its path.
  std::filesystem::path write(const std::string& name, const std::string& text) const {
    std::ofstream(path / name, std::ios::binary) << text;
    return path / name;
  }
  std::string dir() const { return path.string(); }
};

}  // namespace ap::test
