// libFuzzer target for ap::state_from_json. Any bytes must be decoded or refused with a
// message, never crash; a decoded State must re-encode (state_to_json) to JSON that decodes
// again to the same JSON, must survive the URL form too (the page's links carry the whole
// state), and attend must give finite numbers. Built only with -DAP_BUILD_FUZZERS=ON.
#include <cstddef>
#include <cstdint>
#include <string>

#include "fuzz_checks.h"
#include "state/state.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  const ap::Decoded<ap::State> first = ap::state_from_json(text);
  if (!first.ok()) {
    ap_fuzz::require_message(first.error, "state_from_json");
    return 0;
  }
  const std::string json1 = ap::state_to_json(*first.value);
  const ap::Decoded<ap::State> second = ap::state_from_json(json1);
  if (!second.ok()) ap_fuzz::fail("re-encoded JSON does not decode: " + second.error);
  const std::string json2 = ap::state_to_json(*second.value);
  ap_fuzz::require(json1 == json2, "JSON round trip changed the state:\n" + json1 + "\n" + json2);

  const std::string url = ap::state_to_url(*first.value);
  const ap::Decoded<ap::State> from_url = ap::state_from_url(url);
  if (!from_url.ok()) ap_fuzz::fail("URL form does not decode: " + from_url.error + "\n" + url);
  ap_fuzz::require(ap::state_to_json(*from_url.value) == json1,
                   "URL round trip changed the state:\n" + json1 + "\n" + url);

  ap_fuzz::check_attend(*first.value);
  return 0;
}
