// The desktop as the program's host (app/host.h): the URL hash is a string in memory, the
// clipboard is GLFW's, storage is one JSON file under $XDG_CONFIG_HOME (or
// ~/.config)/attention-playground and downloads are files written into the current
// directory. desktop_main.cpp creates the one DesktopHost. Nothing here can abort.
#pragma once

#include <nlohmann/json.hpp>

#include "app/host.h"

namespace ap {

class DesktopHost final : public Host {
 public:
  // `hash`: the state the program "opened with" (the --hash argument), also the current one.
  explicit DesktopHost(std::string hash);

  std::string initial_hash() override;
  void set_hash(const std::string& hash) override;
  bool take_hash_change(std::string* hash) override;
  std::string page_url() override;
  void copy_text(const std::string& text) override;
  std::optional<std::string> storage_get(const std::string& key) override;
  void storage_set(const std::string& key, const std::string& value) override;
  bool download(const std::string& filename, const std::string& mime_type,
                std::string_view bytes) override;
  void announce(const std::string& text) override;

 private:
  std::string initial_hash_, hash_;
  nlohmann::json store_;  // the whole storage file, read once; kept when it cannot be written
  void save_store() const;
};

}  // namespace ap
