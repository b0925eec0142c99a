// Test helper: reads a GGUF checkpoint with the gguf format's reader (Format::open) and prints one
// line per tensor, "<hf name> <sum of its float values>", quantized layers dequantized.
// Exit 1 with "error: ..." on bad input.
#include "gguf_checkpoint_reader.hpp"
#include "gguf_weight.hpp"

#include <ATen/ATen.h>

#include <cstdio>
#include <iostream>

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: gguf_read_tool FILE_OR_DIR\n";
    return 2;
  }
  try {
    auto reader = ar::gguf::open_gguf_checkpoint(argv[1]);
    for (const auto& layer : reader->quantized_layers()) {
      auto w = ar::gguf::dequantize(reader->quantized_weight(layer));
      std::printf("%s.weight %.10g\n", layer.c_str(), w.to(at::kDouble).sum().item<double>());
    }
    for (const auto& name : reader->tensor_names())
      std::printf("%s %.10g\n", name.c_str(), reader->tensor(name).to(at::kDouble).sum().item<double>());
  } catch (const std::exception& e) {
    std::cerr << "error: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
