// Reading well-formed safetensors files: every dtype, zero-copy views, fp32 copies, sharding.
#include "io/safetensors_reader.hpp"
#include "io/safetensors_writer.hpp"
#include "temp_dir.hpp"

#include <ar/error.hpp>

#include <gtest/gtest.h>
#include <torch/torch.h>

namespace {

using ar::test::TempDir;

TEST(SafetensorsReader, ReadsEveryDtype) {
  TempDir dir;
  std::vector<std::pair<std::string, at::Tensor>> tensors;
  for (auto type : {torch::kDouble, torch::kFloat, torch::kHalf, torch::kBFloat16, torch::kLong, torch::kInt,
                    torch::kShort, torch::kChar, torch::kByte, torch::kBool, torch::kFloat8_e4m3fn,
                    torch::kFloat8_e5m2})
    tensors.emplace_back(c10::toString(type), torch::arange(6, torch::kFloat).reshape({2, 3}).to(type));
  ar::io::write_safetensors_file(dir.file("all.safetensors"), tensors);
  ar::io::SafetensorsFile file(dir.file("all.safetensors"));
  EXPECT_EQ(file.metadata().at("format"), "pt");
  for (const auto& [name, expected] : tensors) {
    auto view = file.view(name);
    EXPECT_EQ(view.scalar_type(), expected.scalar_type()) << name;
    EXPECT_EQ(view.sizes(), expected.sizes()) << name;
    EXPECT_TRUE(torch::equal(view.to(torch::kFloat), expected.to(torch::kFloat))) << name;
  }
}

TEST(SafetensorsReader, ViewSharesTheMappingAndOutlivesTheReader) {
  TempDir dir;
  auto values = torch::randn({4, 5});
  ar::io::write_safetensors_file(dir.file("v.safetensors"), {{"w", values}});
  at::Tensor view;
  {
    ar::io::SafetensorsReader reader(dir.file("v.safetensors"));
    view = reader.view("w");
    EXPECT_EQ(view.data_ptr(), reader.view("w").data_ptr());
  }
  EXPECT_TRUE(torch::equal(view, values));
}

TEST(SafetensorsReader, LoadConvertsToFloat32Copies) {
  TempDir dir;
  auto values = torch::randn({3, 7}).to(torch::kBFloat16);
  ar::io::write_safetensors_file(dir.file("h.safetensors"), {{"w", values}});
  ar::io::SafetensorsReader reader(dir.path() + "/h.safetensors");
  auto loaded = reader.load("w", torch::kFloat, torch::kCPU);
  EXPECT_EQ(loaded.scalar_type(), torch::kFloat);
  EXPECT_TRUE(torch::equal(loaded, values.to(torch::kFloat)));
  loaded.add_(1);  // a copy: the next load is unchanged
  EXPECT_TRUE(torch::equal(reader.load("w", torch::kFloat, torch::kCPU), values.to(torch::kFloat)));
}

TEST(SafetensorsReader, MissingTensorIsNamed) {
  TempDir dir;
  ar::io::write_safetensors_file(dir.file("model.safetensors"), {{"a", torch::ones({1})}});
  ar::io::SafetensorsReader reader(dir.path());
  try {
    reader.view("nope");
    FAIL();
  } catch (const ar::Error& e) {
    EXPECT_NE(std::string(e.what()).find("has no tensor 'nope'"), std::string::npos) << e.what();
  }
}

TEST(SafetensorsReader, DirectoryWithoutCheckpointIsRefused) {
  TempDir dir;
  EXPECT_THROW(ar::io::SafetensorsReader reader(dir.path()), ar::Error);
}

}  // namespace
