// The format contract: what a format writes, its reader (Format::open, where offered) reads back equal.
#include "registry/registry.hpp"

#include <ar/conformance.hpp>

#include <fmt/format.h>
#include <torch/torch.h>

#include <algorithm>
#include <filesystem>
#include <optional>

#include <unistd.h>

namespace fs = std::filesystem;

namespace ar::conformance {
namespace {

const char* const kLayer = "model.layers.0.self_attn.q_proj";

// The first of a few common int specs that the format accepts.
std::optional<QuantSpec> accepted_spec(const Format& format) {
  for (bool sym : {true, false}) {
    QuantSpec spec;
    spec.bits = 4;
    spec.group_size = 32;
    spec.sym = sym;
    if (format.check(spec).empty()) return spec;
  }
  return std::nullopt;
}

QuantizedWeight synthetic_weight(const QuantSpec& spec) {
  torch::manual_seed(0);
  QuantizedWeight w;
  w.spec = spec;
  w.out_features = 64;
  w.in_features = 128;
  w.codes = torch::randint(0, 1 << spec.bits, {64, 128}, torch::kInt);
  w.scales = torch::randn({64, 4}).to(torch::kHalf);
  w.zeros = spec.sym ? torch::full({64, 4}, 1 << (spec.bits - 1), torch::kInt)
                     : torch::randint(0, 1 << spec.bits, {64, 4}, torch::kInt);
  return w;
}

at::Tensor dequantized(const QuantizedWeight& w) {
  auto levels = (w.codes - w.zeros.repeat_interleave(32, 1)).to(torch::kFloat);
  return w.scales.to(torch::kFloat).repeat_interleave(32, 1) * levels;
}

void write_checkpoint(const Format& format, const QuantizedWeight& w, const at::Tensor& norm, const fs::path& dir) {
  fs::create_directories(dir / "out");
  fs::create_directories(dir / "source");
  ExportTarget target{(dir / "out").string(), (dir / "source").string(),
                      R"({"model_type": "llama", "torch_dtype": "float32"})", {}, w.spec, "model.layers", {}};
  auto writer = format.begin(target);
  writer->write_quantized(kLayer, w, dequantized(w), {});
  writer->write_tensor("model.norm.weight", norm);
  writer->finish();
}

void compare(const QuantizedCheckpointReader& reader, const QuantizedWeight& w, const at::Tensor& norm,
             const std::string& name, std::vector<std::string>& problems) {
  auto layers = reader.quantized_layers();
  if (layers != std::vector<std::string>{kLayer})
    return problems.push_back(fmt::format("format '{}': read back {} packed layers, wrote 1", name, layers.size()));
  auto back = reader.quantized_weight(kLayer);
  if (back.out_features != w.out_features || back.in_features != w.in_features || back.spec != w.spec)
    problems.push_back(fmt::format("format '{}': read back {} [{}, {}], wrote {} [{}, {}]", name,
                                   back.spec.to_string(), back.out_features, back.in_features, w.spec.to_string(),
                                   w.out_features, w.in_features));
  if (!back.codes.defined() || !torch::equal(back.codes.to(torch::kInt), w.codes))
    problems.push_back(fmt::format("format '{}': codes differ after write -> read", name));
  if (!back.zeros.defined() || !torch::equal(back.zeros.to(torch::kInt), w.zeros))
    problems.push_back(fmt::format("format '{}': zeros differ after write -> read", name));
  if (!back.scales.defined() || !torch::equal(back.scales.to(torch::kFloat), w.scales.to(torch::kFloat)))
    problems.push_back(fmt::format("format '{}': scales differ after write -> read", name));
  auto names = reader.tensor_names();
  if (std::find(names.begin(), names.end(), "model.norm.weight") == names.end() ||
      !torch::allclose(reader.tensor("model.norm.weight").to(torch::kFloat), norm, 1e-3, 1e-3))
    problems.push_back(fmt::format("format '{}': model.norm.weight differs after write -> read", name));
}

}  // namespace

std::vector<std::string> check_format_contract(const std::string& file) {
  std::vector<std::string> problems;
  Registry registry;
  registry.load({{file, true}});
  for (const auto* c : registry.components(ComponentKind::Format)) {
    auto format = registry.make<Format>(*c);
    auto spec = accepted_spec(*format);
    if (!spec) continue;  // a format of other data types; nothing common to write
    auto dir = fs::temp_directory_path() / fmt::format("ar-format-contract-{}-{}", c->info.name, ::getpid());
    fs::remove_all(dir);
    try {
      auto w = synthetic_weight(*spec);
      auto norm = torch::rand({64}) + 0.5;
      write_checkpoint(*format, w, norm, dir);
      if (auto reader = format->open((dir / "out").string())) compare(*reader, w, norm, c->info.name, problems);
    } catch (const std::exception& e) {
      problems.push_back(fmt::format("format '{}': write -> read threw: {}", c->info.name, e.what()));
    }
    fs::remove_all(dir);
  }
  return problems;
}

}  // namespace ar::conformance
