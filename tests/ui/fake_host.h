// The host services (app/host_services.h) for the native UI tests: no browser, no files;
// what the program asks of its host is recorded here for the tests to check.
#pragma once

#include <map>
#include <string>
#include <vector>

namespace ap_test {

struct FakeHost {
  std::string initial_hash;                    // platform_initial_hash()
  std::string hash;                            // the current hash (platform_set_hash)
  std::vector<std::string> hashes_written;     // every platform_set_hash, in order
  std::map<std::string, std::string> storage;  // platform_storage_*
  std::vector<std::string> announcements;      // platform_announce
  std::vector<std::string> copied;             // platform_copy_text
};

// The one fake host of the test binary; reset() before each test.
FakeHost& fake_host();
void fake_host_reset(const std::string& initial_hash = "");

}  // namespace ap_test
