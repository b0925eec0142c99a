// The GGUF quantization types ar-host writes: block geometry, bits and ggml type ids
// (ggml.h numbering), and the preset fields of AutoRound's GGUF scheme table.
#pragma once

#include <ar/quant.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace ar::gguf {

enum class Family {
  LegacySym,   // Q4_0, Q5_0, Q8_0: value = d * (code - zero)
  LegacyAsym,  // Q4_1, Q5_1:       value = d * code + m      (zeros hold m)
  KAsym,       // Q2_K, Q4_K, Q5_K: value = d*sc * code - dmin*mn (scales hold sc, zeros hold mn)
  KSym,        // Q3_K, Q6_K:       value = d*sc * (code - zero)
};

struct TypeInfo {
  std::string name;      // "q4_k"
  uint32_t ggml_id;      // GGML_TYPE_*
  Family family;
  int bits;              // bits per code
  int block;             // elements per block (32, or 256 for K types)
  int bytes;             // bytes per block
  int sub;               // elements per scale (sub-block); == block for legacy types
  int super_bits;        // bits of the sub-block scales (K types), 0 otherwise
  int zero;              // code offset of 0 for the symmetric families

  int subs_per_block() const { return block / sub; }
  bool k_quant() const { return family == Family::KAsym || family == Family::KSym; }
};

// The concrete quantized types, by lower-case name ("q4_0" ... "q6_k").
const std::vector<TypeInfo>& quant_types();
const TypeInfo* find_type(const std::string& name);
const TypeInfo& type_for(const QuantSpec& spec);  // data_type "gguf:<type or mix>"; throws ar::Error

// "gguf:q4_k_m" -> "q4_k_m"; "" when data_type is not a gguf one.
std::string gguf_name(const std::string& data_type);
// The concrete base type of a type or mix name ("q4_k_m" -> "q4_k", "q4_0" -> "q4_0"); "" if unknown.
std::string base_type(const std::string& name);
// Every preset name the scheme offers: the types and llama.cpp's mixes, "gguf:" prefixed.
std::vector<std::string> preset_names();
std::optional<QuantSpec> preset(const std::string& name);  // case-insensitive

}  // namespace ar::gguf
