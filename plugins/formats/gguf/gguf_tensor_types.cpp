#include "gguf_tensor_types.hpp"

#include "gguf_types.hpp"

#include <ar/error.hpp>

#include <fmt/format.h>

#include <map>

namespace ar::gguf {

namespace {

std::string fitting(std::string type, int64_t in_features) {
  while (!type.empty()) {
    if (in_features % find_type(type)->block == 0) return type;
    if (type == "q6_k") type = "q8_0";
    else if (find_type(type)->k_quant()) type = "q5_0";
    else type.clear();
  }
  return type;
}

}  // namespace

std::string output_type(const std::string& base, int64_t in_features) {
  return fitting(base == "q8_0" ? "q8_0" : "q6_k", in_features);
}

std::string embedding_type(const std::string& base, bool tied, int64_t in_features) {
  return tied ? output_type(base, in_features) : fitting(base, in_features);
}

uint32_t file_type(const std::string& mix) {
  static const std::map<std::string, uint32_t> types = {
      {"q4_0", 2},   {"q4_1", 3},   {"q8_0", 7},   {"q5_0", 8},   {"q5_1", 9},   {"q2_k", 10},
      {"q3_k_s", 11}, {"q3_k", 11}, {"q3_k_m", 12}, {"q3_k_l", 13}, {"q4_k_s", 14}, {"q4_k", 14},
      {"q4_k_m", 15}, {"q5_k_s", 16}, {"q5_k", 16}, {"q5_k_m", 17}, {"q6_k", 18},   {"q6_k_s", 18},
      {"q2_k_s", 21},
  };
  auto it = types.find(mix);
  if (it == types.end()) throw Error(fmt::format("'{}' is not a GGUF type or mix the gguf format writes", mix));
  return it->second;
}

}  // namespace ar::gguf
