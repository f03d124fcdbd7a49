// A host (app/host.h) for the native UI tests: no browser, no files; what the program asks
// of its host is recorded here for the tests to check. Header-only: each method is a line.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "app/host.h"

namespace ap_test {

class FakeHost final : public ap::Host {
 public:
  std::string hash;                            // the current hash (set_hash)
  std::vector<std::string> hashes_written;     // every set_hash, in order
  std::map<std::string, std::string> storage;  // storage_*
  std::vector<std::string> announcements;      // announce
  std::vector<std::string> copied;             // copy_text
  std::vector<std::string> downloads;          // the file names offered

  explicit FakeHost(std::string initial = "") : hash(initial), initial_(std::move(initial)) {}

  std::string initial_hash() override { return initial_; }
  void set_hash(const std::string& h) override {
    hash = h;
    hashes_written.push_back(h);
  }
  bool take_hash_change(std::string*) override { return false; }
  std::string page_url() override { return "#" + hash; }
  void copy_text(const std::string& text) override { copied.push_back(text); }
  std::optional<std::string> storage_get(const std::string& key) override {
    const auto it = storage.find(key);
    if (it == storage.end()) return std::nullopt;
    return it->second;
  }
  void storage_set(const std::string& key, const std::string& value) override {
    storage[key] = value;
  }
  bool download(const std::string& filename, const std::string&, std::string_view) override {
    downloads.push_back(filename);
    return true;
  }
  void announce(const std::string& text) override { announcements.push_back(text); }

 private:
  std::string initial_;
};

}  // namespace ap_test
