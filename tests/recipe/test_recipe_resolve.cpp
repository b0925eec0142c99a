// Recipes checked against the real in-tree plugins: component names and options, scheme
// presets, and the equivalence of `ar-host quantize` flags with YAML recipes.
#include "recipe_test_util.hpp"

#include "recipe/recipe_presets.hpp"
#include "recipe/recipe_printer.hpp"
#include "recipe/recipe_resolve.hpp"
#include "registry/registry.hpp"

#include <gtest/gtest.h>

#include <filesystem>

namespace {

const ar::Registry& plugins() {
  static ar::Registry registry = [] {
    ar::Registry r;
    r.load({{AR_PLUGIN_DIR, true}});
    return r;
  }();
  return registry;
}

ar::Recipe resolved_file(const std::string& path, const std::vector<std::string>& sets) {
  auto recipe = ar::parse_recipe_file(path, sets);
  ar::resolve_recipe(recipe, plugins());
  return recipe;
}

ar::Recipe resolved_flags(const ar::FlagValues& flags) {
  auto recipe = ar::parse_recipe_node(ar::recipe_node_from_flags(flags), "command line",
                                      std::filesystem::current_path().string());
  ar::resolve_recipe(recipe, plugins());
  return recipe;
}

std::string resolve_error(const std::string& text) {
  auto path = ar::test::write_recipe(text);
  auto message = ar::test::error_of([&] { resolved_file(path, {}); });
  return message.rfind(path, 0) == 0 ? "<recipe>" + message.substr(path.size()) : message;
}

}  // namespace

TEST(RecipeResolve, UnknownAlgorithmListsRegistered) {
  auto message = resolve_error("model: m\nalgorithm: signround\n");
  EXPECT_EQ(message.rfind("no algorithm named 'signround' is registered; available: ", 0), 0u) << message;
  EXPECT_NE(message.find("autoround"), std::string::npos) << message;
}

TEST(RecipeResolve, UnknownAlgorithmOptionSuggestsNearest) {
  EXPECT_EQ(resolve_error("model: m\nalgorithm:\n  name: autoround\n  iterz: 10\n"),
            "<recipe>:4:3: unknown option 'algorithm.iterz' for algorithm 'autoround'; did you mean 'algorithm.iters'?");
}

TEST(RecipeResolve, WrongOptionType) {
  EXPECT_EQ(resolve_error("model: m\nalgorithm:\n  name: autoround\n  iters: many\n"),
            "<recipe>:4:3: 'algorithm.iters' must be an integer, got 'many'");
}

TEST(RecipeResolve, NotANumberOrAuto) {
  EXPECT_EQ(resolve_error("model: m\nalgorithm: {name: autoround, lr: fast}\n"),
            "<recipe>:2:30: 'algorithm.lr' must be a number or auto, got 'fast'");
}

TEST(RecipeResolve, UnknownPresetSuggestsNearest) {
  EXPECT_EQ(resolve_error("model: m\nscheme: W4A61\n"), "<recipe>: scheme: unknown scheme preset 'W4A61'; did you mean 'W4A16'?");
}

TEST(RecipeResolve, UnknownFormat) {
  auto message = resolve_error("model: m\nexport: {format: onnx, output_dir: out}\n");
  EXPECT_EQ(message.rfind("no format named 'onnx' is registered; available: ", 0), 0u) << message;
}

TEST(RecipeResolve, DefaultsAreFilledForDryRun) {
  auto path = ar::test::write_recipe("model: m\nscheme: W2A16G64\nalgorithm: autoround\n");
  auto recipe = resolved_file(path, {});
  EXPECT_EQ(recipe.resolved_scheme.bits, 2);
  EXPECT_EQ(recipe.resolved_scheme.group_size, 64);
  EXPECT_EQ(std::get<int64_t>(recipe.algorithm.options.at("iters")), 200);
  EXPECT_EQ(std::get<std::string>(recipe.algorithm.options.at("lr")), "auto");
  auto yaml = ar::recipe_to_yaml(recipe);
  EXPECT_NE(yaml.find("enable_minmax_tuning: true"), std::string::npos) << yaml;
  EXPECT_NE(yaml.find("group_size: 64"), std::string::npos) << yaml;
}

// Each config file equals `ar-host quantize --recipe NAME` with the same model.
class ConfigEquivalence : public ::testing::TestWithParam<std::string> {};

TEST_P(ConfigEquivalence, ConfigFileEqualsQuantizeRecipeFlag) {
  auto file = resolved_file(std::string(AR_CONFIGS_DIR) + "/" + GetParam() + ".yaml", {"model=/models/x"});
  auto flags = resolved_flags({{"model", "/models/x"}, {"recipe", GetParam()}});
  EXPECT_EQ(ar::recipe_to_yaml(file), ar::recipe_to_yaml(flags));
  EXPECT_TRUE(file == flags);
}

INSTANTIATE_TEST_SUITE_P(Configs, ConfigEquivalence, ::testing::Values("default", "best", "light"));

TEST(RecipeEquivalence, QuantizeFlagsEqualYaml) {
  auto path = ar::test::write_recipe(R"(model: /models/x
scheme: {preset: W2A16, group_size: 64, sym: false}
dataset: {spec: "calib.txt:num=8", nsamples: 16, seqlen: 512}
algorithm: {name: autoround, iters: 100, batch_size: 4, lr: 0.01, minmax_lr: 0.02, enable_minmax_tuning: false,
            enable_quanted_input: false, gradient_accumulate_steps: 2, enable_adam: true, amp: true}
export: {format: fake, output_dir: /tmp/out}
layer_config: {lm_head: {bits: 8}}
quant_lm_head: true
seed: 7
device: cpu
threads: 2
)");
  auto from_file = resolved_file(path, {});
  auto from_flags = resolved_flags({{"model", "/models/x"},
                                    {"scheme", "W2A16"},
                                    {"group_size", "64"},
                                    {"asym", "true"},
                                    {"dataset", "calib.txt:num=8"},
                                    {"nsamples", "16"},
                                    {"seqlen", "512"},
                                    {"iters", "100"},
                                    {"batch_size", "4"},
                                    {"lr", "0.01"},
                                    {"minmax_lr", "0.02"},
                                    {"disable_minmax_tuning", "true"},
                                    {"disable_quanted_input", "true"},
                                    {"gradient_accumulate_steps", "2"},
                                    {"enable_adam", "true"},
                                    {"amp", "true"},
                                    {"format", "fake"},
                                    {"output_dir", "/tmp/out"},
                                    {"layer_config", R"({"lm_head": {"bits": 8}})"},
                                    {"quant_lm_head", "true"},
                                    {"seed", "7"},
                                    {"device", "cpu"},
                                    {"threads", "2"}});
  EXPECT_EQ(ar::recipe_to_yaml(from_file), ar::recipe_to_yaml(from_flags));
  EXPECT_TRUE(from_file == from_flags);
}

TEST(RecipeEquivalence, ItersZeroSelectsOptRtnOrRtn) {
  EXPECT_EQ(resolved_flags({{"model", "/m"}, {"iters", "0"}}).algorithm.name, "opt-rtn");
  EXPECT_EQ(resolved_flags({{"model", "/m"}, {"iters", "0"}, {"disable_opt_rtn", "true"}}).algorithm.name, "rtn");
  EXPECT_EQ(resolved_flags({{"model", "/m"}, {"recipe", "rtn"}}).algorithm.name, "rtn");
}
