// The few services the app and the UI need from their host, without knowing whether it is
// a browser (platform/web/platform_web.cpp: location.hash, clipboard, localStorage, Blob
// downloads, the aria-live region) or the desktop (platform/desktop/platform_desktop.cpp:
// memory, ~/.config, files). Declared here, in the app layer, and defined by the platform
// layer above it, so the layers below the platform call their host without including it
// (a test may link its own definitions). All strings are UTF-8. None of these functions
// throws or blocks for long.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace ap {

// The URL hash when the page was opened, without '#' (desktop: the --hash argument).
std::string platform_initial_hash();

// The current URL hash without '#'.
std::string platform_get_hash();

// Replaces the URL hash (without '#') in place: no history entry, no hashchange event.
void platform_set_hash(const std::string& hash);

// True once after the hash was changed from outside the program (the learner pasted a
// link or edited the address bar); *hash receives it without '#'. Desktop: never.
bool platform_take_hash_change(std::string* hash);

// The address of the page as it is now, hash included (desktop: "#" + the hash), for
// "Copy link".
std::string platform_page_url();

// Puts text on the system clipboard (web: needs a recent click or key press).
void platform_copy_text(const std::string& text);

// Small persistent key/value storage (progress in lessons, preferences).
// Web: localStorage; desktop: ~/.config/attention-playground/storage.json.
// Returns nothing when the key is absent or storage is unavailable.
std::optional<std::string> platform_storage_get(const std::string& key);
void platform_storage_set(const std::string& key, const std::string& value);

// Offers bytes as a file. Web: a Blob download named `filename`; desktop: writes
// `filename` (its last path component only) into the current directory.
// Returns false when the file could not be offered or written.
bool platform_download(const std::string& filename, const std::string& mime_type,
                       std::string_view bytes);

// Tells screen-reader users something (web: the aria-live region #a11y); desktop: no-op.
void platform_announce(const std::string& text);

}  // namespace ap
