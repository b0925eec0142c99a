// config.json (dotted keys) and generation_config.json token ids.
#include "io/hf_config.hpp"
#include "temp_dir.hpp"

#include <ar/error.hpp>

#include <gtest/gtest.h>

namespace {

using ar::test::TempDir;

TEST(HfConfig, ReadsDottedKeysAndTypes) {
  auto config = ar::io::HfConfig::from_json_text(
      R"({"hidden_size": 64, "rope_scaling": {"rope_type": "llama3", "factor": 8.0}, "tie_word_embeddings": true,
          "architectures": ["LlamaForCausalLM"], "pad_token_id": null})", "inline");
  EXPECT_EQ(config->require_int("hidden_size"), 64);
  EXPECT_EQ(config->text("rope_scaling.rope_type"), "llama3");
  EXPECT_DOUBLE_EQ(*config->number("rope_scaling.factor"), 8.0);
  EXPECT_EQ(config->flag("tie_word_embeddings"), true);
  EXPECT_EQ(config->texts("architectures"), std::vector<std::string>{"LlamaForCausalLM"});
  EXPECT_FALSE(config->has("pad_token_id"));
  EXPECT_FALSE(config->number("rope_scaling.missing"));
  EXPECT_FALSE(config->number("hidden_size.deeper"));
  EXPECT_DOUBLE_EQ(config->number_or("rms_norm_eps", 1e-6), 1e-6);
}

TEST(HfConfig, MissingRequiredKeyIsNamed) {
  auto config = ar::io::HfConfig::from_json_text("{}", "inline");
  try {
    config->require_int("num_hidden_layers");
    FAIL();
  } catch (const ar::Error& e) {
    EXPECT_NE(std::string(e.what()).find("'num_hidden_layers'"), std::string::npos);
  }
}

TEST(HfConfig, BadJsonNamesTheFile) {
  TempDir dir;
  dir.write("config.json", "{\"a\": ");
  try {
    ar::io::HfConfig::load(dir.path());
    FAIL();
  } catch (const ar::Error& e) {
    EXPECT_NE(std::string(e.what()).find(dir.file("config.json") + "' is not valid JSON"), std::string::npos) << e.what();
  }
}

TEST(GenerationConfig, ReadsEosListAndBos) {
  TempDir dir;
  dir.write("config.json", R"({"bos_token_id": 5, "eos_token_id": 6})");
  dir.write("generation_config.json", R"({"bos_token_id": 2, "eos_token_id": [1, 106]})");
  auto generation = ar::io::read_generation_config(dir.path());
  EXPECT_EQ(generation.bos_id, 2);
  EXPECT_EQ(generation.eos_ids, (std::vector<int64_t>{1, 106}));
}

TEST(GenerationConfig, FallsBackToConfigJson) {
  TempDir dir;
  dir.write("config.json", R"({"bos_token_id": 5, "eos_token_id": 6})");
  auto generation = ar::io::read_generation_config(dir.path());
  EXPECT_EQ(generation.bos_id, 5);
  EXPECT_EQ(generation.eos_ids, (std::vector<int64_t>{6}));
}

}  // namespace
