// The desktop side of platform.h: the URL hash is a string in memory, the clipboard is
// GLFW's, storage is one JSON file under $XDG_CONFIG_HOME (or ~/.config)/attention-playground
// and downloads are files written into the current directory. Nothing here can abort.
#include <GLFW/glfw3.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <system_error>

#include "app/host_services.h"
#include "platform/desktop/platform_desktop.h"

namespace ap {
namespace {

namespace fs = std::filesystem;

std::string g_initial_hash;
std::string g_hash;

fs::path storage_path() {
  if (const char* xdg = std::getenv("XDG_CONFIG_HOME"); xdg && *xdg)
    return fs::path(xdg) / "attention-playground" / "storage.json";
  if (const char* home = std::getenv("HOME"); home && *home)
    return fs::path(home) / ".config" / "attention-playground" / "storage.json";
  return {};
}

// The whole store, read once; stays in memory when the file cannot be written.
nlohmann::json& storage() {
  static nlohmann::json store = [] {
    std::ifstream in(storage_path());
    std::stringstream text;
    text << in.rdbuf();
    nlohmann::json j = nlohmann::json::parse(text.str(), nullptr, /*allow_exceptions=*/false);
    return j.is_object() ? j : nlohmann::json::object();
  }();
  return store;
}

void storage_save() {
  const fs::path path = storage_path();
  if (path.empty()) return;
  std::error_code ec;
  fs::create_directories(path.parent_path(), ec);
  std::ofstream out(path, std::ios::trunc);
  // Replace rather than throw on invalid UTF-8 in a stored value.
  out << storage().dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
  if (!out) std::fprintf(stderr, "storage: could not write %s\n", path.c_str());
}

}  // namespace

void platform_desktop_set_initial_hash(const std::string& hash) {
  g_initial_hash = hash;
  g_hash = hash;
}

std::string platform_initial_hash() {
  return g_initial_hash;
}
std::string platform_get_hash() {
  return g_hash;
}
void platform_set_hash(const std::string& hash) {
  g_hash = hash;
}
bool platform_take_hash_change(std::string*) {
  return false;
}

std::string platform_page_url() {
  return "#" + g_hash;
}

// GLFW 3.3: the window argument of the clipboard functions is ignored and may be null.
void platform_copy_text(const std::string& text) {
  glfwSetClipboardString(nullptr, text.c_str());
}

std::optional<std::string> platform_storage_get(const std::string& key) {
  const nlohmann::json& store = storage();
  auto it = store.find(key);
  if (it == store.end() || !it->is_string()) return std::nullopt;
  return it->get<std::string>();
}

void platform_storage_set(const std::string& key, const std::string& value) {
  storage()[key] = value;
  storage_save();
}

bool platform_download(const std::string& filename, const std::string&, std::string_view bytes) {
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

void platform_announce(const std::string&) {}

}  // namespace ap
