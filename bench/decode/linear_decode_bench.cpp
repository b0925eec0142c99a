// Per-token linear work of batch-1 decode on a model's real layer shapes (from its config.json):
// every q/k/v/o/gate/up/down projection of every block, once per token, through
//   - fp32 torch::linear (what ar-host's fp32 decode runs), and
//   - the cpu backend plugin (W<bits>G<group> sym, random codes: speed does not depend on values),
// for each kernel variant this CPU has; then the same with the lm_head added (fp32, or W8 per
// channel through the cpu backend). Prints ms/step, tokens/s, weight GB/s and the ratios.
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
  fmt::print("{:<28} {:8.3f} ms/step {:9.1f} tokens/s {:7.2f} GB/s of weights", name, s * 1e3, batch / s,
             bytes / s / 1e9);
  if (base_s > 0) fmt::print("   {:.2f}x fp32", base_s / s);
  fmt::print("\n");
}

using Layers = std::vector<std::function<at::Tensor()>>;

Layers fp32_layers(const std::vector<Shape>& shapes, int64_t batch) {
  Layers layers;
  for (auto s : shapes)
    layers.push_back([x = torch::randn({batch, s.in}), w = torch::randn({s.out, s.in}) * 0.02] {
      return torch::linear(x, w);
    });
  return layers;
}

Layers joined(Layers a, const Layers& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

struct Plan {
  std::string model, plugin;
  int tokens, threads, bits, group;
  int64_t batch;
};

void run(const Plan& plan, const nlohmann::json& config) {
  const int64_t n_layers = config.at("num_hidden_layers"), batch = plan.batch;
  std::vector<Shape> shapes;
  for (int64_t l = 0; l < n_layers; ++l)
    for (auto s : block_shapes(config)) shapes.push_back(s);
  double params = 0;
  for (auto s : shapes) params += static_cast<double>(s.out * s.in);
  fmt::print("{}: {} blocks x 7 projections, {:.1f}M weights, W{}G{} sym, batch {}, {} threads, {} tokens\n",
             plan.model, n_layers, params / 1e6, plan.bits, plan.group, batch, plan.threads, plan.tokens);

  const auto fp32 = fp32_layers(shapes, batch);
  const double fp32_s = seconds_per_token(fp32, plan.tokens);
  report("fp32 torch::linear", fp32_s, batch, params * 4, 0);
  std::vector<ar::QuantizedWeight> weights;
  for (auto s : shapes) weights.push_back(random_weight(s, plan.bits, plan.group));
  const double meta = plan.group == -1 ? 3.0 / params : 3.0 / plan.group;  // fp16 scale + uint8 zero
  std::vector<std::pair<std::string, Layers>> cpu;
  for (const char* isa : {"avx512", "avx2"})
    if (auto backend = cpu_backend(plan.plugin, isa)) {
      cpu.emplace_back(isa, backend_layers(*backend, weights, batch));
      report(fmt::format("cpu backend ({})", isa), seconds_per_token(cpu.back().second, plan.tokens), batch,
             params * (plan.bits / 8.0 + meta), fp32_s);
    }
  if (cpu.empty()) throw std::runtime_error("the cpu backend has no kernel for this CPU");

  // The lm_head (tied embeddings, left in fp32 by AutoRound), timed inside the whole token so that
  // it competes for the caches as in decode; W8 per channel through the cpu backend is an option.
  const int64_t vocab = config.at("vocab_size"), hidden = config.at("hidden_size");
  const auto head32 = fp32_layers({{vocab, hidden}}, batch);
  const auto head8 = backend_layers(*cpu_backend(plan.plugin, cpu.front().first),
                                    {random_weight({vocab, hidden}, 8, -1)}, batch);
  const double whole32 = seconds_per_token(joined(fp32, head32), plan.tokens);
  fmt::print("whole token, layers + lm_head:\n");
  report("fp32 + lm_head fp32", whole32, batch, (params + vocab * hidden) * 4, 0);
  for (const auto& [isa, layers] : cpu) {
    report(fmt::format("cpu ({}) + lm_head fp32", isa), seconds_per_token(joined(layers, head32), plan.tokens), batch,
           params * (plan.bits / 8.0 + meta) + vocab * hidden * 4.0, whole32);
    report(fmt::format("cpu ({}) + lm_head W8", isa), seconds_per_token(joined(layers, head8), plan.tokens), batch,
           params * (plan.bits / 8.0 + meta) + vocab * (hidden + 3.0), whole32);
  }
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    fmt::print(stderr, "usage: {} MODEL_DIR PLUGIN_FILE [TOKENS] [THREADS] [BATCH] [BITS] [GROUP]\n", argv[0]);
    return 2;
  }
  auto arg = [&](int i, int fallback) { return argc > i ? std::atoi(argv[i]) : fallback; };
  Plan plan{argv[1], argv[2], arg(3, 20), arg(4, 2), arg(6, 4), arg(7, 128), arg(5, 1)};
  try {
    std::ifstream file(plan.model + "/config.json");
    if (!file) throw std::runtime_error("cannot read " + plan.model + "/config.json");
    at::set_num_threads(plan.threads);
    torch::manual_seed(0);
    run(plan, nlohmann::json::parse(file));
    return 0;
  } catch (const std::exception& e) {
    fmt::print(stderr, "error: {}\n", e.what());
    return 1;
  }
}
