// The browser as the program's host (app/host.h): the URL hash through
// history.replaceState, the clipboard, localStorage, Blob downloads and the aria-live
// region. Web build only; web_main.cpp creates the one WebHost of the page.
#pragma once

#include "app/host.h"

namespace ap {

class WebHost final : public Host {
 public:
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
};

}  // namespace ap
