// tests/catch_main.cpp — the one translation unit that holds Catch2's main(); every other test file
// is a tests/test_*.cpp picked up by tests/CMakeLists.txt.
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>
