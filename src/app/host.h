// The few services the program needs from its host, as an interface: a browser
// (platform/web/web_host.h: location.hash, clipboard, localStorage, Blob downloads, the
// aria-live region), the desktop (platform/desktop/desktop_host.h: memory, ~/.config,
// files) or a test's fake (tests/ui/fake_host.h). Declared here, in the app layer, and
// implemented above it: the platform's main creates one and hands it to the Program
// (lessons/program.h), so nothing below the platform includes the platform and a native test
// passes its own. All strings are UTF-8. No function throws or blocks for long.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace ap {

class Host {
 public:
  virtual ~Host() = default;

  // The URL hash when the page was opened, without '#' (desktop: the --hash argument).
  virtual std::string initial_hash() = 0;

  // Replaces the URL hash (without '#') in place: no history entry, no hashchange event.
  virtual void set_hash(const std::string& hash) = 0;

  // True once after the hash was changed from outside the program (the learner pasted a
  // link or edited the address bar); *hash receives it without '#'. Desktop: never.
  virtual bool take_hash_change(std::string* hash) = 0;

  // The address of the page as it is now, hash included (desktop: "#" + the hash), for
  // "Copy link".
  virtual std::string page_url() = 0;

  // Puts text on the system clipboard (web: needs a recent click or key press).
  virtual void copy_text(const std::string& text) = 0;

  // Small persistent key/value storage (progress in lessons, preferences).
  // Web: localStorage; desktop: ~/.config/attention-playground/storage.json.
  // Returns nothing when the key is absent or storage is unavailable.
  virtual std::optional<std::string> storage_get(const std::string& key) = 0;
  virtual void storage_set(const std::string& key, const std::string& value) = 0;

  // Offers bytes as a file. Web: a Blob download named `filename`; desktop: writes
  // `filename` (its last path component only) into the current directory.
  // Returns false when the file could not be offered or written.
  virtual bool download(const std::string& filename, const std::string& mime_type,
                        std::string_view bytes) = 0;

  // Tells screen-reader users something (web: the aria-live region #a11y); desktop: no-op.
  virtual void announce(const std::string& text) = 0;

 protected:
  Host() = default;
  Host(const Host&) = default;
  Host& operator=(const Host&) = default;
};

}  // namespace ap
