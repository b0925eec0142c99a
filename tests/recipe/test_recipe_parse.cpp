// Well-formed recipes: values, shorthands, --set and path anchoring.
#include "recipe_test_util.hpp"

#include "recipe/recipe_presets.hpp"

#include <gtest/gtest.h>

#include <filesystem>

namespace fs = std::filesystem;

TEST(RecipeParse, FullRecipe) {
  auto path = ar::test::write_recipe(R"(model: models/tiny
scheme: {preset: W2A16, group_size: 64, sym: false}
layer_config:
  lm_head: {bits: 8}
  "mlp.down_proj": W8A16
dataset: {spec: "calib.txt:num=8", nsamples: 16, seqlen: 256}
algorithm: {name: autoround, iters: 10, lr: 0.01}
export: {format: "auto_gptq,auto_awq", output_dir: out}
eval: {ppl: [a.txt, b.txt], seqlen: 128}
device: cuda:1
threads: 2
seed: 7
)");
  auto r = ar::parse_recipe_file(path, {});
  auto dir = fs::path(path).parent_path();
  EXPECT_EQ(r.model, (dir / "models/tiny").string());
  EXPECT_EQ(r.scheme.preset, "W2A16");
  EXPECT_EQ(r.scheme.group_size, 64);
  EXPECT_EQ(r.scheme.sym, false);
  ASSERT_EQ(r.layer_config.size(), 2u);
  EXPECT_EQ(r.layer_config[0].first, "lm_head");
  EXPECT_EQ(r.layer_config[0].second.bits, 8);
  EXPECT_EQ(r.layer_config[1].second.preset, "W8A16");
  EXPECT_EQ(r.dataset.spec, "calib.txt:num=8");
  EXPECT_EQ(r.dataset.nsamples, 16);
  EXPECT_EQ(r.algorithm.name, "autoround");
  EXPECT_EQ(std::get<int64_t>(r.algorithm.options.at("iters")), 10);
  EXPECT_DOUBLE_EQ(std::get<double>(r.algorithm.options.at("lr")), 0.01);
  ASSERT_EQ(r.exports.size(), 2u);
  EXPECT_EQ(r.exports[0].format.name, "auto_gptq");
  EXPECT_EQ(r.exports[0].output_dir, (dir / "out" / "auto_gptq").string());
  EXPECT_EQ(r.exports[1].output_dir, (dir / "out" / "auto_awq").string());
  EXPECT_EQ(r.eval.ppl, (std::vector<std::string>{(dir / "a.txt").string(), (dir / "b.txt").string()}));
  EXPECT_EQ(r.device, "cuda:1");
  EXPECT_EQ(r.threads, 2);
  EXPECT_EQ(r.seed, 7);
}

TEST(RecipeParse, SetOverridesAndShorthands) {
  auto path = ar::test::write_recipe("model: m\nscheme: W4A16\nalgorithm: autoround\n");
  auto r = ar::parse_recipe_file(path, {"model=/abs/model", "scheme.bits=2", "algorithm.iters=50",
                                        "export.format=fake", "export.output_dir=rel/out"});
  EXPECT_EQ(r.model, "/abs/model");
  EXPECT_EQ(r.scheme.preset, "W4A16");
  EXPECT_EQ(r.scheme.bits, 2);
  EXPECT_EQ(std::get<int64_t>(r.algorithm.options.at("iters")), 50);
  ASSERT_EQ(r.exports.size(), 1u);
  // Values from --set are relative to the current directory, values in the file to the file's folder.
  EXPECT_EQ(r.exports[0].output_dir, (fs::current_path() / "rel/out").string());
}

TEST(RecipeParse, RelativeDatasetFilesAreAnchoredAtTheRecipe) {
  auto path = ar::test::write_recipe("model: m\ndataset: \"./calib.txt:num=4,NeelNanda/pile-10k,../x.jsonl:concat\"\n");
  auto dir = fs::path(path).parent_path();
  EXPECT_EQ(ar::parse_recipe_file(path, {}).dataset.spec,
            (dir / "calib.txt").string() + ":num=4,NeelNanda/pile-10k," + (dir.parent_path() / "x.jsonl").string() +
                ":concat");
}

TEST(RecipeParse, PresetTableMatchesTheSeeds) {
  auto best = ar::recipe_preset("best");
  EXPECT_EQ(best["algorithm"]["iters"].as<int>(), 1000);
  EXPECT_EQ(best["dataset"]["nsamples"].as<int>(), 512);
  auto light = ar::recipe_preset("light");
  EXPECT_EQ(light["algorithm"]["lr"].as<std::string>(), "5e-3");
  EXPECT_EQ(light["algorithm"]["iters"].as<int>(), 50);
  EXPECT_EQ(ar::recipe_preset("rtn")["algorithm"]["name"].as<std::string>(), "rtn");
  EXPECT_EQ(ar::test::error_of([] { ar::recipe_preset("fastest"); }),
            "unknown recipe 'fastest'; available: default, best, light, rtn, opt_rtn");
}
