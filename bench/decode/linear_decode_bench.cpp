// Per-token linear work of batch-1 decode on a model's real layer shapes (from its config.json):
// every q/k/v/o/gate/up/down projection of every block, once per token, through
//   - fp32 torch::linear (what ar-host's fp32 decode runs), and
//   - the cpu backend plugin (W<bits>G<group> sym, random codes: speed does not depend on values),
// for each kernel variant this CPU has. Prints ms/token, tokens/s, weight GB/s and the ratios.
//   ar-bench-linear-decode MODEL_DIR PLUGIN_FILE [TOKENS] [THREADS] [BATCH] [BITS] [GROUP]
#include "registry/registry.hpp"

#include <ar/backend.hpp>

#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <torch/torch.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <string>
#include <vector>

namespace {

struct Shape {
  int64_t out, in;
};

std::vector<Shape> block_shapes(const nlohmann::json& c) {
  const int64_t hidden = c.at("hidden_size"), inter = c.at("intermediate_size"), heads = c.at("num_attention_heads");
  const int64_t kv = c.value("num_key_value_heads", heads);
  const int64_t head_dim = c.contains("head_dim") ? c.at("head_dim").get<int64_t>() : hidden / heads;
  return {{heads * head_dim, hidden}, {kv * head_dim, hidden}, {kv * head_dim, hidden}, {hidden, heads * head_dim},
          {inter, hidden},           {inter, hidden},         {hidden, inter}};
}

ar::QuantizedWeight random_weight(const Shape& s, int bits, int group) {
  ar::QuantizedWeight w;
  w.spec.bits = bits;
  w.spec.group_size = group;
  w.out_features = s.out;
  w.in_features = s.in;
  const int64_t groups = group == -1 ? 1 : (s.in + group - 1) / group;  // a last partial group
  w.codes = torch::randint(0, 1 << bits, {s.out, s.in}, torch::kInt);
  w.scales = (torch::rand({s.out, groups}) * 0.01).to(torch::kHalf).to(torch::kFloat);  // fp16, as AutoRound's
  w.zeros = torch::full({s.out, groups}, 1 << (bits - 1), torch::kInt);
  return w;
}

// The plugin's cpu backend with its kernel capped at `isa`; null when this CPU lacks it.
std::shared_ptr<ar::Backend> cpu_backend(const std::string& plugin, const std::string& isa) {
  setenv("AR_CPU_BACKEND_ISA", isa.c_str(), 1);  // read when the plugin registers
  static std::vector<std::unique_ptr<ar::Registry>> registries;  // keep the plugin loaded
  registries.push_back(std::make_unique<ar::Registry>());
  registries.back()->load({{plugin, true}});
  unsetenv("AR_CPU_BACKEND_ISA");
  const auto& entry = registries.back()->require(ar::ComponentKind::Backend, "cpu");
  for (const auto& [key, value] : entry.info.capabilities)
    if (key == "kernel" && value == isa) return registries.back()->make<ar::Backend>(entry);
  return nullptr;
}

std::vector<std::function<at::Tensor()>> backend_layers(const ar::Backend& backend,
                                                        const std::vector<ar::QuantizedWeight>& weights, int64_t batch) {
  std::vector<std::function<at::Tensor()>> layers;
  for (const auto& w : weights) {
    std::shared_ptr<ar::QuantLinear> linear = backend.prepare(w, {}, torch::kCPU);
    layers.push_back([x = torch::randn({batch, w.in_features}), linear] { return linear->forward(x); });
  }
  return layers;
}

// Seconds per step (all layers once): the mean over `tokens` steps after 3 warm-up steps.
double seconds_per_token(const std::vector<std::function<at::Tensor()>>& layers, int tokens) {
  for (int t = 0; t < 3; ++t)
    for (const auto& f : layers) f();
  auto start = std::chrono::steady_clock::now();
  for (int t = 0; t < tokens; ++t)
    for (const auto& f : layers) f();
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count() / tokens;
}

// s: seconds per step (one token per batch row through every layer).
void report(const std::string& name, double s, int64_t batch, double bytes, double base_s) {
  fmt::print("{:<26} {:8.3f} ms/step {:9.1f} tokens/s {:7.2f} GB/s of weights", name, s * 1e3, batch / s,
             bytes / s / 1e9);
  if (base_s > 0) fmt::print("   {:.2f}x fp32", base_s / s);
  fmt::print("\n");
}

}  // namespace

int run(int argc, char** argv) {
  if (argc < 3) {
    fmt::print(stderr, "usage: {} MODEL_DIR PLUGIN_FILE [TOKENS] [THREADS] [BATCH] [BITS] [GROUP]\n", argv[0]);
    return 2;
  }
  const std::string model = argv[1], plugin = argv[2];
  const int tokens = argc > 3 ? std::atoi(argv[3]) : 20, threads = argc > 4 ? std::atoi(argv[4]) : 2;
  const int64_t batch = argc > 5 ? std::atoi(argv[5]) : 1;
  const int bits = argc > 6 ? std::atoi(argv[6]) : 4, group = argc > 7 ? std::atoi(argv[7]) : 128;
  std::ifstream file(model + "/config.json");
  if (!file) {
    fmt::print(stderr, "cannot read {}/config.json\n", model);
    return 1;
  }
  auto config = nlohmann::json::parse(file);
  at::set_num_threads(threads);
  torch::manual_seed(0);
  const int64_t n_layers = config.at("num_hidden_layers");
  std::vector<Shape> shapes;
  for (int64_t l = 0; l < n_layers; ++l)
    for (auto s : block_shapes(config)) shapes.push_back(s);
  double params = 0;
  for (auto s : shapes) params += static_cast<double>(s.out * s.in);
  fmt::print("{}: {} blocks x 7 projections, {:.1f}M weights, W{}G{} sym, batch {}, {} threads, {} tokens\n", model,
             n_layers, params / 1e6, bits, group, batch, threads, tokens);

  std::vector<at::Tensor> fp32_weights;
  std::vector<std::function<at::Tensor()>> fp32_layers;
  for (auto s : shapes) {
    fp32_weights.push_back(torch::randn({s.out, s.in}) * 0.02);
    auto x = torch::randn({batch, s.in});
    fp32_layers.push_back([x, w = fp32_weights.back()] { return torch::linear(x, w); });
  }
  const double fp32_s = seconds_per_token(fp32_layers, tokens);
  report("fp32 torch::linear", fp32_s, batch, params * 4, 0);

  std::vector<ar::QuantizedWeight> weights;
  for (auto s : shapes) weights.push_back(random_weight(s, bits, group));
  const double groups_per_row = group == -1 ? 1.0 : 1.0 / group;
  const double q_bytes = params * (bits / 8.0 + 3 * groups_per_row);  // codes + fp16 scale + uint8 zero
  std::vector<std::pair<std::string, double>> cpu_s;
  for (const char* isa : {"avx512", "avx2"})
    if (auto backend = cpu_backend(plugin, isa)) {
      cpu_s.emplace_back(isa, seconds_per_token(backend_layers(*backend, weights, batch), tokens));
      report(fmt::format("cpu backend ({})", isa), cpu_s.back().second, batch, q_bytes, fp32_s);
    }

  const int64_t vocab = config.at("vocab_size"), hidden = config.at("hidden_size");
  auto head = torch::randn({vocab, hidden}) * 0.02;
  auto hx = torch::randn({batch, hidden});
  const double head_s = seconds_per_token({[&] { return torch::linear(hx, head); }}, tokens);
  report("lm_head fp32 (not quant.)", head_s, batch, static_cast<double>(vocab * hidden) * 4, 0);
  // An option for the runner: the lm_head as int8 per channel through the cpu backend.
  auto backend = cpu_backend(plugin, cpu_s.empty() ? "" : cpu_s.front().first);
  const double head8_s = seconds_per_token(backend_layers(*backend, {random_weight({vocab, hidden}, 8, -1)}, batch), tokens);
  report("lm_head W8 per-channel cpu", head8_s, batch, static_cast<double>(vocab * (hidden + 3)), head_s);
  // What the lm_head leaves of the gain once it is added to both sides.
  for (const auto& [isa, s] : cpu_s)
    fmt::print("with the lm_head fp32 / W8: fp32 {:.1f} tokens/s, cpu backend ({}) {:.1f} / {:.1f} tokens/s, "
               "{:.2f}x / {:.2f}x fp32\n",
               batch / (fp32_s + head_s), isa, batch / (s + head_s), batch / (s + head8_s),
               (fp32_s + head_s) / (s + head_s), (fp32_s + head_s) / (s + head8_s));
  return 0;
}

int main(int argc, char** argv) {
  try {
    return run(argc, argv);
  } catch (const std::exception& e) {
    fmt::print(stderr, "error: {}\n", e.what());
    return 1;
  }
}
