#include "pipeline/export_sink.hpp"

#include <ar/error.hpp>

#include <fmt/format.h>

#include <filesystem>

namespace fs = std::filesystem;

namespace ar {

namespace {

Options tuning_record(const Recipe& recipe) {
  Options tuning = recipe.algorithm.options;
  tuning["algorithm"] = recipe.algorithm.name;
  tuning["nsamples"] = recipe.dataset.nsamples;
  tuning["seqlen"] = recipe.dataset.seqlen;
  tuning["dataset"] = recipe.dataset.spec;
  tuning["seed"] = recipe.seed;
  return tuning;
}

}  // namespace

ExportSink::ExportSink(const Recipe& recipe, const Registry& registry, const std::string& model_config_json,
                       const std::string& block_prefix) {
  for (const auto& e : recipe.exports) {
    if (fs::exists(e.output_dir) && !e.force)
      throw Error(fmt::format("output directory '{}' already exists; choose another or set force: true (--force)",
                              e.output_dir));
    Target target{e.format.name, e.output_dir, e.output_dir + ".partial", e.force, nullptr};
    std::error_code ec;
    fs::remove_all(target.partial_dir, ec);
    fs::create_directories(target.partial_dir, ec);
    if (ec) throw Error(fmt::format("cannot create '{}': {}", target.partial_dir, ec.message()));
    auto format = registry.make<Format>(e.format.name);
    target.writer = format->begin({target.partial_dir, recipe.model, model_config_json, e.format.options,
                                   recipe.resolved_scheme, block_prefix, tuning_record(recipe)});
    targets_.push_back(std::move(target));
  }
}

ExportSink::~ExportSink() {
  if (finished_) return;
  for (auto& t : targets_) {
    t.writer.reset();
    std::error_code ec;
    fs::remove_all(t.partial_dir, ec);
  }
}

void ExportSink::write_quantized(const std::string& name, const QuantizedWeight& weight, const at::Tensor& dequantized,
                                 const at::Tensor& bias) {
  for (auto& t : targets_) t.writer->write_quantized(name, weight, dequantized, bias);
}

void ExportSink::note_unquantized_layer(const std::string& name, const std::string& reason) {
  for (auto& t : targets_) t.writer->note_unquantized_layer(name, reason);
}

void ExportSink::write_tensor(const std::string& name, const at::Tensor& tensor) {
  for (auto& t : targets_) t.writer->write_tensor(name, tensor);
}

std::vector<std::string> ExportSink::finish() {
  std::vector<std::string> dirs;
  for (auto& t : targets_) {
    t.writer->finish();
    t.writer.reset();
    std::error_code ec;
    if (t.force) fs::remove_all(t.final_dir, ec);
    fs::rename(t.partial_dir, t.final_dir, ec);
    if (ec) throw Error(fmt::format("cannot move '{}' to '{}': {}", t.partial_dir, t.final_dir, ec.message()));
    dirs.push_back(t.final_dir);
  }
  finished_ = true;
  return dirs;
}

}  // namespace ar
