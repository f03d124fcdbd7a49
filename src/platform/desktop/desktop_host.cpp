// The desktop host; see desktop_host.h.
#include "platform/desktop/desktop_host.h"

#include <GLFW/glfw3.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <system_error>

namespace ap {
namespace {

namespace fs = std::filesystem;

fs::path storage_path() {
  if (const char* xdg = std::getenv("XDG_CONFIG_HOME"); xdg && *xdg)
    return fs::path(xdg) / "attention-playground" / "storage.json";
  if (const char* home = std::getenv("HOME"); home && *home)
    return fs::path(home) / ".config" / "attention-playground" / "storage.json";
  return {};
}

nlohmann::json read_store() {
  std::ifstream in(storage_path());
  std::stringstream text;
  text << in.rdbuf();
  nlohmann::json j = nlohmann::json::parse(text.str(), nullptr, /*allow_exceptions=*/false);
  return j.is_object() ? j : nlohmann::json::object();
}

}  // namespace

DesktopHost::DesktopHost(std::string hash)
    : initial_hash_(hash), hash_(std::move(hash)), store_(read_store()) {}

void DesktopHost::save_store() const {
  const fs::path path = storage_path();
  if (path.empty()) return;
  std::error_code ec;
  fs::create_directories(path.parent_path(), ec);
  std::ofstream out(path, std::ios::trunc);
  // Replace rather than throw on invalid UTF-8 in a stored value.
  out << store_.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
  if (!out) std::fprintf(stderr, "storage: could not write %s\n", path.c_str());
}

std::string DesktopHost::initial_hash() {
  return initial_hash_;
}
void DesktopHost::set_hash(const std::string& hash) {
  hash_ = hash;
}
bool DesktopHost::take_hash_change(std::string*) {
  return false;
}

std::string DesktopHost::page_url() {
  return "#" + hash_;
}

// GLFW 3.3: the window argument of the clipboard functions is ignored and may be null.
void DesktopHost::copy_text(const std::string& text) {
  glfwSetClipboardString(nullptr, text.c_str());
}

std::optional<std::string> DesktopHost::storage_get(const std::string& key) {
  auto it = store_.find(key);
  if (it == store_.end() || !it->is_string()) return std::nullopt;
  return it->get<std::string>();
}

void DesktopHost::storage_set(const std::string& key, const std::string& value) {
  store_[key] = value;
  save_store();
}

bool DesktopHost::download(const std::string& filename, const std::string&,
                           std::string_view bytes) {
  fs::path name = fs::path(filename).filename();
  if (name.empty() || name == "." || name == "..") name = "download.bin";
  std::ofstream out(name, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  if (!out) {
    std::fprintf(stderr, "download: could not write %s\n", name.c_str());
    return false;
  }
  std::fprintf(stderr, "download: wrote %s (%zu bytes)\n", name.c_str(), bytes.size());
  return true;
}

void DesktopHost::announce(const std::string&) {}

}  // namespace ap
