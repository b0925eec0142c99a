// Test helper: quantizes a raw float32 [rows, cols] file to one GGUF type with ar-host's RTN (or
// tuned QDQ with random parameters) and writes the block bytes and ar-host's dequantized values,
// for check_quants.py to compare with the `gguf` package.
//   gguf_quant_tool TYPE rtn|tuned ROWS COLS IN.f32 OUT.bytes OUT_DEQ.f32
#include "gguf_blocks.hpp"
#include "gguf_scheme.hpp"
#include "gguf_types.hpp"
#include "gguf_weight.hpp"

#include <ATen/ATen.h>

#include <cstdio>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

int main(int argc, char** argv) {
  if (argc != 8) {
    std::cerr << "usage: gguf_quant_tool TYPE rtn|tuned ROWS COLS IN.f32 OUT.bytes OUT_DEQ.f32\n";
    return 2;
  }
  try {
    std::string type = argv[1], mode = argv[2];
    int64_t rows = std::stoll(argv[3]), cols = std::stoll(argv[4]);
    std::vector<float> data(static_cast<size_t>(rows * cols));
    std::ifstream in(argv[5], std::ios::binary);
    in.read(reinterpret_cast<char*>(data.data()), static_cast<std::streamsize>(data.size() * 4));
    if (!in) throw std::runtime_error("short input file");
    auto weight = at::from_blob(data.data(), {rows, cols}, at::kFloat).clone();
    ar::gguf::GgufScheme scheme;
    auto spec = *scheme.preset("gguf:" + type);
    ar::TuneParams params;
    if (mode == "tuned") {  // random but fixed tuned parameters in their legal ranges
      at::manual_seed(7);
      int64_t groups = rows * cols / spec.group_size;
      params.round_offset = at::rand({groups, spec.group_size}) - 0.5;
      params.min_scale = 0.8 + 0.2 * at::rand({groups});
      params.max_scale = 0.8 + 0.2 * at::rand({groups});
    }
    auto q = scheme.quantize(weight, spec, params);
    auto bytes = ar::gguf::pack_weight(q);
    auto deq = scheme.dequantize(q).contiguous();
    if (mode == "tuned") {  // the tuned QDQ must equal what the blocks decode to
      auto qdq = scheme.qdq(weight, spec, params);
      if (!at::equal(qdq, deq)) {
        std::cerr << "tuned qdq differs from the dequantized blocks, max diff "
                  << (qdq - deq).abs().max().item<float>() << "\n";
        return 1;
      }
    }
    auto back = ar::gguf::unpack_weight(ar::gguf::type_for(spec), q.spec, bytes.data(), rows, cols);
    if (!at::equal(back.codes, q.codes) || !at::equal(ar::gguf::dequantize(back), deq)) {
      std::cerr << "unpack(pack(q)) differs from q\n";
      return 1;
    }
    std::ofstream(argv[6], std::ios::binary).write(reinterpret_cast<const char*>(bytes.data()),
                                                    static_cast<std::streamsize>(bytes.size()));
    std::ofstream(argv[7], std::ios::binary).write(reinterpret_cast<const char*>(deq.data_ptr<float>()),
                                                    static_cast<std::streamsize>(deq.numel() * 4));
  } catch (const std::exception& e) {
    std::cerr << "error: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
