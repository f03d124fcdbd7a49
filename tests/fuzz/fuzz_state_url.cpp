// libFuzzer target for ap::state_from_url. Any bytes must be decoded or refused with a
// message, never crash; a decoded State must re-encode (state_to_url) to text that decodes
// again to the same State (compared as JSON), and attend must give finite numbers. Built
// only with -DAP_BUILD_FUZZERS=ON (scripts/run_fuzzers.sh).
#include <cstddef>
#include <cstdint>
#include <string>

#include "fuzz_checks.h"
#include "state/state.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  const ap::Decoded<ap::State> first = ap::state_from_url(text);
  if (!first.ok()) {
    ap_fuzz::require_message(first.error, "state_from_url");
    return 0;
  }
  const std::string url1 = ap::state_to_url(*first.value);
  const ap::Decoded<ap::State> second = ap::state_from_url(url1);
  if (!second.ok()) ap_fuzz::fail("re-encoded URL does not decode: " + second.error);
  const std::string json1 = ap::state_to_json(*first.value);
  const std::string json2 = ap::state_to_json(*second.value);
  ap_fuzz::require(json1 == json2, "URL round trip changed the state:\n" + json1 + "\n" + json2);
  ap_fuzz::require(url1 == ap::state_to_url(*second.value), "URL encoding is not stable");
  ap_fuzz::check_attend(*first.value);
  return 0;
}
