// Desktop-only additions to platform.h, called by desktop_main.cpp before the first frame.
#pragma once

#include <string>

namespace ap {

// The hash the program "opened with" (the --hash argument); also the current hash.
void platform_desktop_set_initial_hash(const std::string& hash);

}  // namespace ap
