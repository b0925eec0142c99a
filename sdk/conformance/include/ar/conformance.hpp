// The ar-host plugin conformance kit. Link ArHost::conformance into your plugin's tests:
//
//   #include <ar/conformance.hpp>
//   int main(int argc, char** argv) {
//     ::testing::InitGoogleTest(&argc, argv);
//     ar::conformance::register_tests("/path/to/ar-my-plugin.so");
//     return RUN_ALL_TESTS();
//   }
//
// or run the installed `ar-plugin-check PLUGIN.so...`. Contracts:
//  - load: every load stage passes; descriptor fields are filled (semver version, SPDX-like
//    licence); the build fingerprint equals the host's; the file exports exactly one dynamic
//    symbol; registering twice (in two registries) gives the same components.
//  - options: every declared option has a default of its own type, inside its range/choices.
//  - scheme: every preset is handled and accepted for a 64x128 weight; dequantize(quantize(w))
//    equals qdq(w); the error of qdq shrinks with the bits.
//  - format: a format that accepts int W4 G32 (sym, else asym) writes one packed layer and one plain
//    tensor; where it offers a reader (Format::open), reading back gives the same codes, zeros,
//    scales, spec, shape and tensor.
//  - backend: for every capability combination a backend declares (int bits x sym/asym x group
//    size, -1/32/64/128 when any, x its devices present here), forward() of a prepared layer
//    equals dequantize + matmul within 2e-3 |x| |W|^T over odd shapes (incl. a partial last group)
//    and batch 1..64, keeping leading dimensions; shapes with sides multiple of 32 must be
//    accepted; W5 (undeclared) and an unknown data type are refused by check().
#pragma once

#include <string>
#include <vector>

namespace ar::conformance {

// Each returns the list of violations; empty means the plugin conforms.
std::vector<std::string> check_load_contract(const std::string& plugin_file);
std::vector<std::string> check_option_contract(const std::string& plugin_file);
std::vector<std::string> check_scheme_contract(const std::string& plugin_file);
std::vector<std::string> check_format_contract(const std::string& plugin_file);
std::vector<std::string> check_backend_contract(const std::string& plugin_file);

// Registers one gtest test per contract for `plugin_file` (call before RUN_ALL_TESTS).
void register_tests(const std::string& plugin_file);

}  // namespace ar::conformance
