# Registers the browser tests (tests/browser, run by node) with CTest; included from
# tests/CMakeLists.txt in the native build. Always registered: when the web build or
# node_modules is missing, run.mjs says what to do and exits 77, which CTest reports as
# skipped rather than passed. AP_WEB_SITE_DIR points at the built page (scripts/build_web.sh).
find_program(AP_NODE node)
set(AP_WEB_SITE_DIR "${CMAKE_SOURCE_DIR}/build-web/site" CACHE PATH "The built web page tested by the browser tests")
if(AP_NODE)
  add_test(NAME browser.playground COMMAND ${AP_NODE} ${CMAKE_CURRENT_LIST_DIR}/run.mjs)
  set_tests_properties(browser.playground PROPERTIES
    ENVIRONMENT "AP_SITE_DIR=${AP_WEB_SITE_DIR}"
    SKIP_RETURN_CODE 77
    TIMEOUT 600
    RUN_SERIAL TRUE
    LABELS browser)
  add_test(NAME browser.lessons COMMAND ${AP_NODE} ${CMAKE_CURRENT_LIST_DIR}/run.mjs lessons.test.mjs)
  set_tests_properties(browser.lessons PROPERTIES
    ENVIRONMENT "AP_SITE_DIR=${AP_WEB_SITE_DIR}"
    SKIP_RETURN_CODE 77
    TIMEOUT 600
    RUN_SERIAL TRUE
    LABELS browser)
  add_test(NAME browser.hostile COMMAND ${AP_NODE} ${CMAKE_CURRENT_LIST_DIR}/run.mjs hostile.test.mjs)
  set_tests_properties(browser.hostile PROPERTIES
    ENVIRONMENT "AP_SITE_DIR=${AP_WEB_SITE_DIR}"
    SKIP_RETURN_CODE 77
    TIMEOUT 600
    RUN_SERIAL TRUE
    LABELS browser)
  add_test(NAME browser.input COMMAND ${AP_NODE} ${CMAKE_CURRENT_LIST_DIR}/run.mjs input.test.mjs)
  set_tests_properties(browser.input PROPERTIES
    ENVIRONMENT "AP_SITE_DIR=${AP_WEB_SITE_DIR}"
    SKIP_RETURN_CODE 77
    TIMEOUT 600
    RUN_SERIAL TRUE
    LABELS browser)
  add_test(NAME browser.qa COMMAND ${AP_NODE} ${CMAKE_CURRENT_LIST_DIR}/run.mjs qa.test.mjs)
  set_tests_properties(browser.qa PROPERTIES
    ENVIRONMENT "AP_SITE_DIR=${AP_WEB_SITE_DIR}"
    SKIP_RETURN_CODE 77
    TIMEOUT 600
    RUN_SERIAL TRUE
    LABELS browser)
  add_test(NAME browser.sentiment COMMAND ${AP_NODE} ${CMAKE_CURRENT_LIST_DIR}/run.mjs sentiment.test.mjs)
  set_tests_properties(browser.sentiment PROPERTIES
    ENVIRONMENT "AP_SITE_DIR=${AP_WEB_SITE_DIR}"
    SKIP_RETURN_CODE 77
    TIMEOUT 600
    RUN_SERIAL TRUE
    LABELS browser)
  add_test(NAME browser.fast COMMAND ${AP_NODE} ${CMAKE_CURRENT_LIST_DIR}/run.mjs fast.test.mjs)
  set_tests_properties(browser.fast PROPERTIES
    ENVIRONMENT "AP_SITE_DIR=${AP_WEB_SITE_DIR}"
    SKIP_RETURN_CODE 77
    TIMEOUT 600
    RUN_SERIAL TRUE
    LABELS browser)
  add_test(NAME browser.layout COMMAND ${AP_NODE} ${CMAKE_CURRENT_LIST_DIR}/run.mjs layout.test.mjs)
  set_tests_properties(browser.layout PROPERTIES
    ENVIRONMENT "AP_SITE_DIR=${AP_WEB_SITE_DIR}"
    SKIP_RETURN_CODE 77
    TIMEOUT 900
    RUN_SERIAL TRUE
    LABELS browser)
else()
  message(STATUS "browser tests not registered: node not found")
endif()
