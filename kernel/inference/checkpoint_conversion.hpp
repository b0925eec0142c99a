// Rewrites a quantized checkpoint in another packed format: the source's format plugin reads the
// layers (codes, scales, zeros), the target's writer packs them again; nothing is requantized.
#pragma once

#include <string>

namespace ar {
class Registry;
}

namespace ar::inference {

struct ConversionRequest {
  std::string model_dir;
  std::string output_dir;
  std::string format = "auto_round";
  bool force = false;
};

struct ConversionResult {
  std::string source_format;
  std::string output_dir;
  int quantized_layers = 0;
  int unquantized_layers = 0;  // Linear layers of the blocks left in 16 bits by the source
};

ConversionResult convert_checkpoint(const ConversionRequest& request, const Registry& registry);

}  // namespace ar::inference
