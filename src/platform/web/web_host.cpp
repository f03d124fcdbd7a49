// The browser host (web_host.h): the URL hash through history.replaceState, the clipboard,
// localStorage, Blob downloads and the aria-live region, each a small EM_JS function.
// Every JavaScript call is guarded so that a refusing browser (private mode, no clipboard
// permission, sandboxed iframe) degrades quietly instead of aborting the program.
#include "platform/web/web_host.h"

#include <emscripten.h>

#include <cstdlib>

// Functions returning char* hand over a malloc'd UTF-8 copy (allocateUTF8), or 0.
// The EM_JS bodies are JavaScript, which clang-format would break.
// clang-format off
EM_JS(char*, ap_web_hash_initial, (), {
  let h = Module["apInitialHash"];
  if (typeof h !== "string") h = location.hash;
  return allocateUTF8(h.replace(/^#/, ""));
});

EM_JS(char*, ap_web_hash_get, (), { return allocateUTF8(location.hash.replace(/^#/, "")); });

EM_JS(char*, ap_web_page_url, (), { return allocateUTF8(location.href); });

EM_JS(void, ap_web_hash_set, (const char* hash), {
  try {
    const url = new URL(location.href);
    url.hash = UTF8ToString(hash);
    if (url.href !== location.href) history.replaceState(history.state, "", url.href);
  } catch (e) {
    console.warn("could not update the URL hash: " + e);
  }
});

// hashchange fires for edits of the address bar and pasted links, never for replaceState.
EM_JS(int, ap_web_hash_take_change, (), {
  if (!Module["apHashListener"]) {
    Module["apHashListener"] = true;
    window.addEventListener("hashchange", function() { Module["apHashChanged"] = true; });
  }
  const changed = Module["apHashChanged"] === true;
  Module["apHashChanged"] = false;
  return changed ? 1 : 0;
});

EM_JS(void, ap_web_copy_text, (const char* text_ptr), {
  const text = UTF8ToString(text_ptr);
  const fallback = function() {
    const area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.opacity = "0";
    document.body.appendChild(area);
    area.select();
    try { document.execCommand("copy"); } catch (e) { }
    area.remove();
  };
  if (navigator.clipboard && navigator.clipboard.writeText) {
    navigator.clipboard.writeText(text).catch(fallback);
  } else {
    fallback();
  }
});

EM_JS(char*, ap_web_storage_get, (const char* key), {
  let v = null;
  try { v = window.localStorage.getItem(UTF8ToString(key)); } catch (e) { }
  return v === null ? 0 : allocateUTF8(v);
});

EM_JS(void, ap_web_storage_set, (const char* key, const char* value), {
  try {
    window.localStorage.setItem(UTF8ToString(key), UTF8ToString(value));
  } catch (e) {
    console.warn("localStorage is unavailable: " + e);
  }
});

EM_JS(int, ap_web_download, (const char* name, const char* mime, const char* data, int size), {
  try {
    const bytes = HEAPU8.slice(data, data + size);
    const blob = new Blob([bytes], {type: UTF8ToString(mime)});
    const url = URL.createObjectURL(blob);
    const a = document.createElement("a");
    a.href = url;
    a.download = UTF8ToString(name);
    a.style.display = "none";
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(function() { URL.revokeObjectURL(url); }, 10000);
    return 1;
  } catch (e) {
    console.warn("download failed: " + e);
    return 0;
  }
});

EM_JS(void, ap_web_announce, (const char* text), {
  const region = document.getElementById("a11y");
  if (region) region.textContent = UTF8ToString(text);
});
// clang-format on

namespace ap {
namespace {

std::string take_js_string(char* p) {
  if (!p) return {};
  std::string s(p);
  std::free(p);
  return s;
}

}  // namespace

std::string WebHost::initial_hash() {
  return take_js_string(ap_web_hash_initial());
}
void WebHost::set_hash(const std::string& hash) {
  ap_web_hash_set(hash.c_str());
}

bool WebHost::take_hash_change(std::string* hash) {
  if (!ap_web_hash_take_change()) return false;
  *hash = take_js_string(ap_web_hash_get());
  return true;
}

std::string WebHost::page_url() {
  return take_js_string(ap_web_page_url());
}

void WebHost::copy_text(const std::string& text) {
  ap_web_copy_text(text.c_str());
}

std::optional<std::string> WebHost::storage_get(const std::string& key) {
  char* p = ap_web_storage_get(key.c_str());
  if (!p) return std::nullopt;
  return take_js_string(p);
}

void WebHost::storage_set(const std::string& key, const std::string& value) {
  ap_web_storage_set(key.c_str(), value.c_str());
}

bool WebHost::download(const std::string& filename, const std::string& mime_type,
                       std::string_view bytes) {
  return ap_web_download(filename.c_str(), mime_type.c_str(), bytes.data(),
                         static_cast<int>(bytes.size())) != 0;
}

void WebHost::announce(const std::string& text) {
  ap_web_announce(text.c_str());
}

}  // namespace ap
