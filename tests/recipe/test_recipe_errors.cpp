// Malformed recipes: each gets one message naming file:line:column, the key, what was found and
// what is allowed.
#include "recipe_test_util.hpp"

#include <gtest/gtest.h>

using ar::test::parse_error;

TEST(RecipeErrors, MalformedYaml) {
  EXPECT_EQ(parse_error("model: m\nscheme: [W4A16\n"), "<recipe>:3:1: malformed YAML: end of sequence flow not found");
}

TEST(RecipeErrors, TopLevelMustBeAMapping) {
  EXPECT_EQ(parse_error("- model: m\n"),
            "<recipe>: a recipe must be a YAML mapping with keys such as model, scheme, algorithm");
}

TEST(RecipeErrors, UnknownTopLevelKeySuggestsNearest) {
  EXPECT_EQ(parse_error("model: m\nshceme: W4A16\n"), "<recipe>:2:1: unknown key 'shceme'; did you mean 'scheme'?");
}

TEST(RecipeErrors, UnknownKeyWithoutNearMatchListsValidKeys) {
  EXPECT_EQ(parse_error("model: m\nfrobnicate: 1\n"),
            "<recipe>:2:1: unknown key 'frobnicate'; valid keys: model, scheme, layer_config, quant_lm_head, "
            "ignore_layers, to_quant_block_names, dataset, algorithm, export, eval, device, threads, seed, plugins");
}

TEST(RecipeErrors, MissingModel) {
  EXPECT_EQ(parse_error("scheme: W4A16\n"),
            "<recipe>: 'model' is required (a Hugging Face model directory; set it in the recipe or with --set "
            "model=DIR)");
}

TEST(RecipeErrors, BitsOutOfRange) {
  EXPECT_EQ(parse_error("model: m\nscheme:\n  bits: 9\n"),
            "<recipe>:3:9: 'scheme.bits' must be one of 2, 3, 4, 5, 6, 7, 8 or 16, got 9");
}

TEST(RecipeErrors, BitsNotANumber) {
  EXPECT_EQ(parse_error("model: m\nscheme:\n  bits: four\n"), "<recipe>:3:9: 'scheme.bits' must be an integer, got 'four'");
}

TEST(RecipeErrors, GroupSizeBelowMinusOne) {
  EXPECT_EQ(parse_error("model: m\nscheme: {preset: W4A16, group_size: -2}\n"),
            "<recipe>:2:37: 'scheme.group_size' must be between -1 and 2147483647, got -2");
}

TEST(RecipeErrors, SymNotABool) {
  EXPECT_EQ(parse_error("model: m\nscheme:\n  sym: maybe\n"), "<recipe>:3:8: 'scheme.sym' must be true or false, got 'maybe'");
}

TEST(RecipeErrors, UnknownSchemeKey) {
  EXPECT_EQ(parse_error("model: m\nscheme:\n  bitz: 4\n"), "<recipe>:3:3: unknown key 'scheme.bitz'; did you mean 'scheme.bits'?");
}

TEST(RecipeErrors, ScaleDtypeChoice) {
  EXPECT_EQ(parse_error("model: m\nscheme:\n  scale_dtype: fp64\n"),
            "<recipe>:3:16: 'scheme.scale_dtype' must be one of fp16, bf16, fp32, got 'fp64'");
}

TEST(RecipeErrors, NsamplesZero) {
  EXPECT_EQ(parse_error("model: m\ndataset:\n  nsamples: 0\n"),
            "<recipe>:3:13: 'dataset.nsamples' must be between 1 and 2147483647, got 0");
}

TEST(RecipeErrors, UnknownDatasetKey) {
  EXPECT_EQ(parse_error("model: m\ndataset:\n  seq_len: 512\n"),
            "<recipe>:3:3: unknown key 'dataset.seq_len'; did you mean 'dataset.seqlen'?");
}

TEST(RecipeErrors, UnknownDevice) {
  EXPECT_EQ(parse_error("model: m\ndevice: tpu\n"), "<recipe>:2:9: 'device' must be cpu, cuda, cuda:N or auto, got 'tpu'");
}

TEST(RecipeErrors, ExportWithoutOutputDir) {
  EXPECT_EQ(parse_error("model: m\nexport:\n  format: auto_round\n"), "<recipe>:3:3: 'export' needs an 'output_dir'");
}

TEST(RecipeErrors, ExportListEntryWithoutFormat) {
  EXPECT_EQ(parse_error("model: m\nexport:\n  - output_dir: out\n"), "<recipe>:3:5: 'export.0' needs a 'format'");
}

TEST(RecipeErrors, NegativeThreads) {
  EXPECT_EQ(parse_error("model: m\nthreads: -1\n"), "<recipe>:2:10: 'threads' must be between 0 and 4096, got -1");
}

TEST(RecipeErrors, EvalMustBeAMapping) {
  EXPECT_EQ(parse_error("model: m\neval: [wiki.txt]\n"), "<recipe>:2:7: 'eval' must be a mapping of keys");
}

TEST(RecipeErrors, UnknownPluginsKey) {
  EXPECT_EQ(parse_error("model: m\nplugins:\n  path: /opt/ar\n"),
            "<recipe>:3:3: unknown key 'plugins.path'; did you mean 'plugins.paths'?");
}

TEST(RecipeErrors, SetWithoutEquals) {
  EXPECT_EQ(parse_error("model: m\n", {"algorithm.iters"}),
            "--set expects key=value (e.g. --set algorithm.iters=50), got 'algorithm.iters'");
}

TEST(RecipeErrors, SetIntoAScalar) {
  EXPECT_EQ(parse_error("model: m\n", {"model.path=x"}), "--set model.path=x: 'model' is a single value, it has no key 'path'");
}

TEST(RecipeErrors, SetValueIsCheckedLikeTheFile) {
  EXPECT_EQ(parse_error("model: m\n", {"dataset.seqlen=long"}),
            "<recipe> (--set): 'dataset.seqlen' must be an integer, got 'long'");
}

TEST(RecipeErrors, MissingFile) {
  EXPECT_EQ(ar::test::error_of([] { ar::parse_recipe_file("/nonexistent/recipe.yaml", {}); }),
            "cannot read recipe '/nonexistent/recipe.yaml': no such file");
}
