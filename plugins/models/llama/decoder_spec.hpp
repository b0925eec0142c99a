// Everything the shared decoder code needs to know about one architecture, read once from
// config.json by the architecture's own file (llama_arch.cpp, gemma3_arch.cpp).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace ar::models {

struct RopeSpec {
  double theta = 10000.0;
  std::string type = "default";  // default | linear | llama3
  double factor = 1.0;
  double low_freq_factor = 1.0;
  double high_freq_factor = 4.0;
  double original_max_positions = 8192;
};

struct LayerSpec {
  bool sliding = false;  // attends only to the last `sliding_window` positions
  RopeSpec rope;
};

enum class Activation { Silu, GeluTanh };

struct DecoderSpec {
  int64_t hidden = 0, heads = 0, kv_heads = 0, head_dim = 0, vocab = 0;
  double rms_eps = 1e-6;
  double attention_scale = 1.0;  // multiplies q.k
  Activation activation = Activation::Silu;
  bool norm_adds_one = false;     // Gemma: x_normed * (1 + w)
  bool sandwich_norms = false;    // Gemma 3: norms after attention and MLP too
  double embedding_scale = 1.0;   // Gemma: sqrt(hidden)
  bool tied_embeddings = false;
  std::optional<int64_t> sliding_window;
  std::optional<double> attention_softcap;
  std::optional<double> final_softcap;
  std::vector<LayerSpec> layers;
  std::string block_prefix = "model.layers";
};

}  // namespace ar::models
