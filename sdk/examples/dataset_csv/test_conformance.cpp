// The plugin author's own test: the SDK's conformance kit on the built plugin.
#include <ar/conformance.hpp>

#include <gtest/gtest.h>

int main(int argc, char** argv) {
  ::testing::InitGoogleTest(&argc, argv);
  if (argc < 2) return 2;
  ar::conformance::register_tests(argv[1]);
  return RUN_ALL_TESTS();
}
