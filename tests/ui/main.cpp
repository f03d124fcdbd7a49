// The only file of the UI test binary (ap_ui_tests) that defines doctest's main.
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>
