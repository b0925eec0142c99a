// The streaming writer: shard sizes, names, index json, atomic output, exact round trip.
#include "io/safetensors_reader.hpp"
#include "io/safetensors_writer.hpp"
#include "temp_dir.hpp"

#include <ar/error.hpp>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <torch/torch.h>

#include <filesystem>
#include <fstream>

namespace {

namespace fs = std::filesystem;
using ar::test::TempDir;

std::vector<std::pair<std::string, at::Tensor>> sample_tensors() {
  torch::manual_seed(0);
  std::vector<std::pair<std::string, at::Tensor>> tensors;
  for (int i = 0; i < 10; ++i) {
    auto type = i % 3 == 0 ? torch::kFloat : (i % 3 == 1 ? torch::kBFloat16 : torch::kHalf);
    tensors.emplace_back("model.layers." + std::to_string(i) + ".weight", torch::randn({16, 8 + i}).to(type));
  }
  tensors.emplace_back("model.ids", torch::arange(5, torch::kLong));
  return tensors;
}

std::vector<std::string> files_in(const std::string& dir) {
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(dir)) names.push_back(entry.path().filename().string());
  std::sort(names.begin(), names.end());
  return names;
}

TEST(SafetensorsWriter, ShardedRoundTripEqualsInput) {
  TempDir dir;
  auto tensors = sample_tensors();
  ar::io::SafetensorsWriter writer(dir.path(), {1024, "model", {{"format", "pt"}}});
  for (const auto& [name, tensor] : tensors) writer.add(name, tensor);
  auto written = writer.finish();
  auto names = files_in(dir.path());
  ASSERT_GT(names.size(), 2u);
  size_t shards = names.size() - 1;
  EXPECT_EQ(names.back(), "model.safetensors.index.json");
  EXPECT_EQ(names.front(), "model-00001-of-0000" + std::to_string(shards) + ".safetensors");
  for (const auto& name : names) EXPECT_EQ(name.find(".tmp"), std::string::npos) << name;

  ar::io::SafetensorsReader reader(dir.path());
  EXPECT_EQ(reader.num_files(), shards);
  EXPECT_EQ(reader.names().size(), tensors.size());
  for (const auto& [name, tensor] : tensors) {
    auto back = reader.view(name);
    EXPECT_EQ(back.scalar_type(), tensor.scalar_type()) << name;
    EXPECT_TRUE(torch::equal(back, tensor)) << name;
  }
  for (size_t i = 0; i < shards; ++i) {
    ar::io::SafetensorsFile shard(dir.file(names[i]));
    uint64_t bytes = 0;
    for (const auto& name : shard.names()) bytes += shard.entry(name).end - shard.entry(name).begin;
    if (shard.names().size() > 1) {
      EXPECT_LE(bytes, 1024u) << names[i];  // a bigger tensor gets a shard alone
    }
    EXPECT_EQ(shard.metadata().at("format"), "pt");
  }
  std::ifstream index_file(dir.file("model.safetensors.index.json"));
  auto index = nlohmann::json::parse(index_file);
  EXPECT_EQ(index["weight_map"].size(), tensors.size());
  EXPECT_TRUE(index["metadata"].contains("total_size"));
}

TEST(SafetensorsWriter, OneShardIsModelSafetensorsWithoutIndex) {
  TempDir dir;
  ar::io::SafetensorsWriter writer(dir.path());
  writer.add("a", torch::ones({2, 2}));
  writer.finish();
  EXPECT_EQ(files_in(dir.path()), std::vector<std::string>{"model.safetensors"});
}

TEST(SafetensorsWriter, UnfinishedWriterLeavesNothing) {
  TempDir dir;
  {
    ar::io::SafetensorsWriter writer(dir.path(), {64, "model", {}});
    for (int i = 0; i < 4; ++i) writer.add("t" + std::to_string(i), torch::ones({16}));
  }
  EXPECT_TRUE(files_in(dir.path()).empty());
}

TEST(SafetensorsWriter, DuplicateNameIsRefused) {
  TempDir dir;
  ar::io::SafetensorsWriter writer(dir.path());
  writer.add("a", torch::ones({1}));
  EXPECT_THROW(writer.add("a", torch::ones({1})), ar::Error);
}

}  // namespace
