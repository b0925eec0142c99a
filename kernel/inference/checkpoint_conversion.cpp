#include "inference/checkpoint_conversion.hpp"

#include "inference/checkpoint_format.hpp"
#include "inference/reader_weight_source.hpp"
#include "io/hf_config.hpp"
#include "io/model_loader.hpp"
#include "pipeline/export_sink.hpp"

#include <ar/dequantize.hpp>
#include <ar/error.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <set>
#include <vector>

namespace ar::inference {
namespace {

// The spec most layers share: the checkpoint's scheme (other layers are per-layer exceptions).
QuantSpec dominant_spec(const QuantizedCheckpointReader& reader) {
  std::vector<std::pair<QuantSpec, int>> counts;
  for (const auto& layer : reader.quantized_layers()) {
    auto spec = reader.quantized_weight(layer).spec;
    auto it = std::find_if(counts.begin(), counts.end(), [&](const auto& c) { return c.first == spec; });
    if (it == counts.end()) counts.emplace_back(spec, 1);
    else ++it->second;
  }
  if (counts.empty()) throw Error("the checkpoint has no packed layers to convert");
  return std::max_element(counts.begin(), counts.end(), [](const auto& a, const auto& b) { return a.second < b.second; })
      ->first;
}

// "model.layers" for blocks named "model.layers.<i>".
std::string block_prefix_of(const io::LoadedModel& loaded) {
  auto first = loaded.model->block_prefix(0);
  return first.substr(0, first.rfind('.'));
}

}  // namespace

ConversionResult convert_checkpoint(const ConversionRequest& request, const Registry& registry) {
  auto config = io::HfConfig::load(request.model_dir);
  auto source_format = checkpoint_format(*config);
  if (!source_format)
    throw Error(fmt::format("'{}' is not a quantized checkpoint (config.json has no quantization_config)",
                            request.model_dir));
  std::shared_ptr<const QuantizedCheckpointReader> reader = registry.make<Format>(*source_format)->open(request.model_dir);
  if (!reader) throw Error(fmt::format("format '{}' cannot read checkpoints back", *source_format));
  // The model plugin names the Linear layers of each block, so 16-bit ones can be declared as such.
  auto loaded = io::load_model(request.model_dir, registry, c10::kCPU, std::make_shared<ReaderWeightSource>(reader));

  Recipe recipe;
  recipe.source = "ar-host convert";
  recipe.model = request.model_dir;
  recipe.resolved_scheme = dominant_spec(*reader);
  recipe.exports.push_back({{request.format, {}, {}}, request.output_dir, request.force});
  ExportSink sink(recipe, registry, config->json(), block_prefix_of(loaded));

  ConversionResult result{*source_format, request.output_dir, 0, 0};
  auto layers = reader->quantized_layers();
  std::set<std::string> packed_parts;
  for (const auto& layer : layers) {
    auto weight = reader->quantized_weight(layer);
    auto bias_name = layer + ".bias";
    auto bias = loaded.weights->has(bias_name) ? reader->tensor(bias_name) : at::Tensor();
    sink.write_quantized(layer, weight, dequantize_int(weight), bias);
    packed_parts.insert(bias_name);
    ++result.quantized_layers;
  }
  std::set<std::string> quantized(layers.begin(), layers.end());
  for (int64_t i = 0; i < loaded.model->num_blocks(); ++i)
    for (const auto& name : loaded.model->load_block(i)->linear_names())
      if (auto full = loaded.model->block_prefix(i) + "." + name; !quantized.count(full)) {
        sink.note_unquantized_layer(full, "16 bits in the source checkpoint");
        ++result.unquantized_layers;
      }
  for (const auto& name : reader->tensor_names())
    if (!packed_parts.count(name)) sink.write_tensor(name, reader->tensor(name));
  sink.finish();
  return result;
}

}  // namespace ar::inference
