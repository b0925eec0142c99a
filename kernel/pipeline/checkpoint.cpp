#include "pipeline/checkpoint.hpp"

#include "io/safetensors_reader.hpp"
#include "io/safetensors_writer.hpp"

#include <ar/error.hpp>

#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <torch/torch.h>

#include <filesystem>

namespace fs = std::filesystem;

namespace ar {
namespace {

nlohmann::json spec_json(const QuantSpec& s) {
  return {{"data_type", s.data_type}, {"bits", s.bits},           {"group_size", s.group_size},
          {"sym", s.sym},             {"act_bits", s.act_bits},   {"super_bits", s.super_bits},
          {"super_group_size", s.super_group_size}, {"scale_dtype", s.scale_dtype}};
}

QuantSpec spec_from(const nlohmann::json& j) {
  QuantSpec s;
  s.data_type = j.at("data_type");
  s.bits = j.at("bits");
  s.group_size = j.at("group_size");
  s.sym = j.at("sym");
  s.act_bits = j.at("act_bits");
  s.super_bits = j.at("super_bits");
  s.super_group_size = j.at("super_group_size");
  s.scale_dtype = j.at("scale_dtype");
  return s;
}

nlohmann::json reports_json(const std::vector<BlockReport>& reports) {
  auto out = nlohmann::json::array();
  for (const auto& r : reports)
    out.push_back({r.block, r.quantized_layers, r.loss_before, r.loss_after, r.seconds, r.peak_rss_mb});
  return out;
}

}  // namespace

std::string stable_hash(const std::string& text) {
  uint64_t hash = 1469598103934665603ull;
  for (unsigned char c : text) hash = (hash ^ c) * 1099511628211ull;
  return fmt::format("{:016x}", hash);
}

RunCheckpoint::RunCheckpoint(std::string directory, std::string fingerprint)
    : directory_(std::move(directory)), fingerprint_(std::move(fingerprint)) {}

std::string RunCheckpoint::block_file(int64_t index) const {
  return fmt::format("{}/block-{:05}.safetensors", directory_, index);
}

std::string RunCheckpoint::state_file() const { return directory_ + "/state.safetensors"; }

int64_t RunCheckpoint::finished_blocks() const {
  if (!enabled() || !fs::exists(state_file())) return -1;
  io::SafetensorsFile state(state_file());
  auto it = state.metadata().find("fingerprint");
  if (it == state.metadata().end() || it->second != fingerprint_)
    throw Error(fmt::format("'{}' holds a checkpoint of a different run (the recipe or the model changed); delete "
                            "it to start over, or restore the recipe to resume",
                            directory_));
  return std::stoll(state.metadata().at("finished_block"));
}

NamedTensors RunCheckpoint::load_state() const {
  io::SafetensorsFile state(state_file());
  NamedTensors tensors;
  for (const auto& name : state.names()) tensors.emplace_back(name, state.view(name).clone());
  return tensors;
}

std::vector<BlockReport> RunCheckpoint::load_reports() const {
  io::SafetensorsFile state(state_file());
  std::vector<BlockReport> reports;
  for (const auto& r : nlohmann::json::parse(state.metadata().at("reports")))
    reports.push_back({r[0], r[1], r[2], r[3], r[4], r[5]});
  return reports;
}

std::map<std::string, QuantizedWeight> RunCheckpoint::load_block(int64_t index) const {
  io::SafetensorsFile file(block_file(index));
  auto specs = nlohmann::json::parse(file.metadata().at("layers"));
  std::map<std::string, QuantizedWeight> weights;
  for (const auto& [name, layer] : specs.items()) {
    QuantizedWeight w;
    w.spec = spec_from(layer.at("spec"));
    w.out_features = layer.at("out");
    w.in_features = layer.at("in");
    w.codes = file.view(name + ".codes").to(torch::kInt32);
    w.scales = file.view(name + ".scales").clone();
    if (file.has(name + ".zeros")) w.zeros = file.view(name + ".zeros").clone();
    if (file.has(name + ".super_scales")) w.super_scales = file.view(name + ".super_scales").clone();
    if (file.has(name + ".super_mins")) w.super_mins = file.view(name + ".super_mins").clone();
    weights[name] = std::move(w);
  }
  return weights;
}

void RunCheckpoint::save_block(int64_t index, const std::map<std::string, QuantizedWeight>& weights) const {
  fs::create_directories(directory_);
  NamedTensors tensors;
  nlohmann::json layers = nlohmann::json::object();
  for (const auto& [name, w] : weights) {
    bool small = w.spec.bits <= 8 && w.codes.min().item<int64_t>() >= 0;
    tensors.emplace_back(name + ".codes", small ? w.codes.to(torch::kUInt8) : w.codes);
    tensors.emplace_back(name + ".scales", w.scales);
    if (w.zeros.defined()) tensors.emplace_back(name + ".zeros", w.zeros);
    if (w.super_scales.defined()) tensors.emplace_back(name + ".super_scales", w.super_scales);
    if (w.super_mins.defined()) tensors.emplace_back(name + ".super_mins", w.super_mins);
    layers[name] = {{"spec", spec_json(w.spec)}, {"out", w.out_features}, {"in", w.in_features}};
  }
  io::write_safetensors_file(block_file(index), tensors, {{"layers", layers.dump()}});
}

void RunCheckpoint::save_state(int64_t finished_index, const NamedTensors& tensors,
                               const std::vector<BlockReport>& reports) const {
  io::write_safetensors_file(state_file(), tensors,
                             {{"fingerprint", fingerprint_},
                              {"finished_block", std::to_string(finished_index)},
                              {"reports", reports_json(reports).dump()}});
}

void RunCheckpoint::remove() const {
  std::error_code ec;
  if (enabled()) fs::remove_all(directory_, ec);
}

}  // namespace ar
