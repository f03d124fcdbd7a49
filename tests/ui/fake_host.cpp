// The fake host's definitions of app/host_services.h; see fake_host.h.
#include "fake_host.h"

#include "app/host_services.h"

namespace ap_test {

FakeHost& fake_host() {
  // The test binary's stand-in for the platform, which keeps the same kind of state.
  static FakeHost host;
  return host;
}

void fake_host_reset(const std::string& initial_hash) {
  fake_host() = FakeHost{};
  fake_host().initial_hash = initial_hash;
  fake_host().hash = initial_hash;
}

}  // namespace ap_test

namespace ap {

std::string platform_initial_hash() {
  return ap_test::fake_host().initial_hash;
}
std::string platform_get_hash() {
  return ap_test::fake_host().hash;
}
void platform_set_hash(const std::string& hash) {
  ap_test::fake_host().hash = hash;
  ap_test::fake_host().hashes_written.push_back(hash);
}
bool platform_take_hash_change(std::string*) {
  return false;
}
std::string platform_page_url() {
  return "#" + ap_test::fake_host().hash;
}
void platform_copy_text(const std::string& text) {
  ap_test::fake_host().copied.push_back(text);
}
std::optional<std::string> platform_storage_get(const std::string& key) {
  const auto& storage = ap_test::fake_host().storage;
  const auto it = storage.find(key);
  if (it == storage.end()) return std::nullopt;
  return it->second;
}
void platform_storage_set(const std::string& key, const std::string& value) {
  ap_test::fake_host().storage[key] = value;
}
bool platform_download(const std::string&, const std::string&, std::string_view) {
  return true;
}
void platform_announce(const std::string& text) {
  ap_test::fake_host().announcements.push_back(text);
}

}  // namespace ap
