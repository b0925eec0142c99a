// ar-plugin-check PLUGIN.so...: runs the conformance contracts on plugin files.
#include <ar/conformance.hpp>

#include <gtest/gtest.h>

#include <cstdio>

int main(int argc, char** argv) {
  ::testing::InitGoogleTest(&argc, argv);
  if (argc < 2) {
    std::fprintf(stderr, "usage: ar-plugin-check PLUGIN.so [PLUGIN.so...] [gtest flags]\n");
    return 2;
  }
  for (int i = 1; i < argc; ++i) ar::conformance::register_tests(argv[i]);
  return RUN_ALL_TESTS();
}
