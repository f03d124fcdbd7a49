# Registers the browser tests (tests/browser, run by node) with CTest; included from
# tests/CMakeLists.txt in the native build. Always registered: when the web build or
# node_modules is missing, run.mjs says what to do and exits 77, which CTest reports as
# skipped rather than passed. AP_WEB_SITE_DIR points at the built page (scripts/build_web.sh).
find_program(AP_NODE node)
set(AP_WEB_SITE_DIR "${CMAKE_SOURCE_DIR}/build-web/site" CACHE PATH "The built web page tested by the browser tests")
if(AP_NODE)
  # NAME=FILE pairs (the default suite, playground.test.mjs, is run.mjs without a file).
  foreach(entry playground= lessons=lessons.test.mjs hostile=hostile.test.mjs
                input=input.test.mjs qa=qa.test.mjs sentiment=sentiment.test.mjs
                fast=fast.test.mjs layout=layout.test.mjs
                training=training.test.mjs induction=induction.test.mjs
                captioning=captioning.test.mjs scale_lab=scale_lab.test.mjs)
    string(REPLACE "=" ";" parts "${entry}=")
    list(GET parts 0 name)
    list(GET parts 1 file)
    add_test(NAME browser.${name} COMMAND ${AP_NODE} ${CMAKE_CURRENT_LIST_DIR}/run.mjs ${file})
    set_tests_properties(browser.${name} PROPERTIES
      ENVIRONMENT "AP_SITE_DIR=${AP_WEB_SITE_DIR}"
      SKIP_RETURN_CODE 77
      TIMEOUT 900
      RUN_SERIAL TRUE
      LABELS browser)
  endforeach()
else()
  message(STATUS "browser tests not registered: node not found")
endif()
