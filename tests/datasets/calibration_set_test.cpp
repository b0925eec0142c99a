#include "data/calibration_set.hpp"
#include "data/calibration_tensors.hpp"
#include "data/sample_masks.hpp"
#include "data/sample_mixing.hpp"
#include "data/source_samples.hpp"

#include "datasets_test_support.hpp"

#include <torch/torch.h>

namespace ar::data {
namespace {

using testing::byte_encoder;
using Ids = std::vector<int32_t>;

Ids bytes(const std::string& text, bool with_bos) {
  Ids ids;
  if (with_bos) ids.push_back(1);
  for (unsigned char c : text) ids.push_back(c + 3);
  return ids;
}

TEST(Mixing, NumIsExactAndTheRestShareEvenlySmallestFirst) {
  EXPECT_EQ(mixing_counts({{5, 10}, {std::nullopt, 2}, {std::nullopt, 100}}, 20), (std::vector<int64_t>{5, 2, 13}));
  EXPECT_EQ(mixing_counts({{std::nullopt, 50}, {std::nullopt, 50}, {std::nullopt, 50}}, 10),
            (std::vector<int64_t>{4, 3, 3}));
  EXPECT_EQ(mixing_counts({{5, 3}, {std::nullopt, 10}}, 8), (std::vector<int64_t>{3, 3}));  // num capped, not moved
  EXPECT_EQ(mixing_counts({{12, 20}, {std::nullopt, 10}}, 8), (std::vector<int64_t>{12, 0}));
}

TEST(Mixing, ShuffleIsSeededAndTruncatesToNsamples) {
  auto sources = [] {
    std::vector<SourceSamples> s(2);
    for (int32_t i = 0; i < 10; ++i) s[0].samples.push_back({i});
    for (int32_t i = 100; i < 110; ++i) s[1].samples.push_back({i});
    s[0].num = 3;
    return s;
  };
  const auto a = mix_samples(sources(), 8, 42);
  EXPECT_EQ(a, mix_samples(sources(), 8, 42));
  EXPECT_NE(a, mix_samples(sources(), 8, 43));
  ASSERT_EQ(a.size(), 8u);
  EXPECT_EQ(std::count_if(a.begin(), a.end(), [](const Ids& s) { return s[0] < 100; }), 3);
  auto in_order = sources();
  for (auto& source : in_order) source.shuffle = false;
  EXPECT_EQ(mix_samples(in_order, 8, 42), (std::vector<Ids>{{0}, {1}, {2}, {100}, {101}, {102}, {103}, {104}}));
}

TEST(SourceSamples, ShortAreDroppedLongAreCutPaddedAreDropped) {
  DatasetSource source;
  const auto samples =
      source_samples({"abc", "abcdefghij", "zaaaaaaaaa", "0123456"}, source, byte_encoder(), {8, 10});
  EXPECT_EQ(samples, (std::vector<Ids>{bytes("abcdefg", true), bytes("0123456", true)}));
}

TEST(SourceSamples, StopsAtMaxSamples) {
  DatasetSource source;
  EXPECT_EQ(source_samples({"abcd", "efgh", "ijkl"}, source, byte_encoder(), {3, 2}).size(), 2u);
}

Ids framed(const std::string& text) {
  Ids ids = bytes(text, true);
  ids.push_back(2);
  return ids;
}

TEST(SourceSamples, ConcatStripsSpecialsJoinsAndReaddsBosAndEos) {
  DatasetSource source;
  source.concat = true;
  // Chunks span text boundaries; the tail "ij" is too short for a chunk of 6 (BOS, 4, EOS).
  const auto samples = source_samples({"abc", "defg", "hij"}, source, byte_encoder(), {6, 10});
  EXPECT_EQ(samples, (std::vector<Ids>{framed("abcd"), framed("efgh")}));
}

TEST(SourceSamples, ConcatCutsEachTextToSeqlenFirst) {
  DatasetSource source;
  source.concat = true;
  // "abcdefgh" is cut to BOS a b c, so "d".."h" never reach the stream.
  const auto samples = source_samples({"abcdefgh", "xy"}, source, byte_encoder(), {4, 10});
  EXPECT_EQ(samples, (std::vector<Ids>{framed("ab"), framed("cx")}));
}

TEST(SourceSamples, ChatTemplateUsesDefaultOrGivenSystemPrompt) {
  DatasetSource source;
  source.apply_chat_template = true;
  const auto encoder = testing::chat_byte_encoder();
  const std::string expected = "<system>You are a helpful assistant.\n<user>hi\n<assistant>";
  EXPECT_EQ(source_samples({"hi"}, source, encoder, {8, 1})[0], bytes(expected.substr(0, 7), true));
  source.system_prompt = "S";
  EXPECT_EQ(source_samples({"hi"}, source, encoder, {16, 1})[0], bytes("<system>S\n<user", true));
  EXPECT_AR_ERROR(source_samples({"hi"}, source, byte_encoder(), {4, 1}),
                  "dataset '' asks for apply_chat_template, but the model's tokenizer has no chat template; drop "
                  "the option or use a model with one");
}

TEST(Masks, LossMaskFollowsPadOrTrailingRepeatsAndAlwaysDropsTheLast) {
  EXPECT_EQ(loss_mask({5, 6, 7, 7, 7}, std::nullopt), (std::vector<uint8_t>{1, 1, 1, 0, 0}));
  EXPECT_EQ(loss_mask({5, 6, 7}, std::nullopt), (std::vector<uint8_t>{1, 1, 0}));
  EXPECT_EQ(loss_mask({5, 0, 6, 0, 9}, 0), (std::vector<uint8_t>{1, 0, 1, 0, 0}));
  EXPECT_EQ(raw_list_attention_mask({4, 4, 4}), (std::vector<uint8_t>{1, 0, 0}));
  EXPECT_TRUE(looks_padded({1, 7, 7, 7}, 4));
  EXPECT_FALSE(looks_padded({1, 7, 2, 7}, 4));
}

class CalibrationSetTest : public ::testing::Test {
 protected:
  CalibrationSet build(const std::string& spec, CalibrationOptions options, const LogitsFn& logits = {}) {
    return build_calibration_set(spec, testing::dataset_registry(), testing::word_encoder(), options, logits);
  }
  const std::string stories = testing::shared_data("tinystories_val100/validation_100.txt");
};

TEST_F(CalibrationSetTest, TinyStoriesGiveFullSamplesWithMasks) {
  const auto set = build(stories, {16, 32, 42});
  ASSERT_EQ(set.input_ids.size(), 16u);
  EXPECT_TRUE(set.warnings.empty());
  EXPECT_FALSE(set.data_free);
  for (size_t i = 0; i < set.input_ids.size(); ++i) {
    EXPECT_EQ(set.input_ids[i].size(), 32u);
    EXPECT_EQ(set.input_ids[i][0], 1);
    EXPECT_EQ(set.attention_mask[i], std::vector<uint8_t>(32, 1));
    EXPECT_EQ(set.loss_mask[i].back(), 0);
  }
}

TEST_F(CalibrationSetTest, TensorsHaveTheSetsShapeAndValues) {
  const auto set = build(stories, {4, 12, 42});
  const auto tensors = to_tensors(set);
  EXPECT_EQ(tensors.input_ids.sizes(), (std::vector<int64_t>{4, 12}));
  EXPECT_EQ(tensors.input_ids.scalar_type(), torch::kInt64);
  EXPECT_EQ(tensors.loss_mask.scalar_type(), torch::kBool);
  EXPECT_EQ(tensors.input_ids[2][5].item<int64_t>(), set.input_ids[2][5]);
  EXPECT_EQ(tensors.attention_mask.sum().item<int64_t>(), 48);
  EXPECT_FALSE(tensors.loss_mask[3][11].item<bool>());
}

TEST_F(CalibrationSetTest, SameSeedSameSamplesOtherSeedOthers) {
  const auto decoded_first_words = [&](uint64_t seed) {
    // Word ids depend on encounter order, so compare the sample sets through their lengths and
    // the positions where words repeat, which are independent of the id numbering.
    std::vector<std::vector<int>> shapes;
    for (const auto& ids : build(stories, {8, 24, seed}).input_ids) {
      std::vector<int> shape;
      for (size_t i = 0; i < ids.size(); ++i) shape.push_back(std::find(ids.begin(), ids.end(), ids[i]) - ids.begin());
      shapes.push_back(shape);
    }
    return shapes;
  };
  EXPECT_EQ(decoded_first_words(42), decoded_first_words(42));
  EXPECT_NE(decoded_first_words(42), decoded_first_words(7));
}

TEST_F(CalibrationSetTest, FewerThanNsamplesWarns) {
  const auto set = build(stories, {500, 16, 42});
  EXPECT_LT(set.input_ids.size(), 500u);
  ASSERT_EQ(set.warnings.size(), 1u);
  EXPECT_EQ(set.warnings[0], "only " + std::to_string(set.input_ids.size()) +
                                 " calibration samples of 16 tokens were found; nsamples is 500, calibration "
                                 "continues with fewer");
}

TEST_F(CalibrationSetTest, ConcatFillsEveryChunk) {
  const auto set = build(stories + ":concat", {40, 256, 42});
  ASSERT_EQ(set.input_ids.size(), 40u);
  for (const auto& ids : set.input_ids) {
    EXPECT_EQ(ids.size(), 256u);
    EXPECT_EQ(ids[0], 1);
    EXPECT_EQ(std::count(ids.begin(), ids.end(), 1), 1);  // BOS once per chunk
  }
}

TEST_F(CalibrationSetTest, NumShortfallWarnsAndMixesTwoSources) {
  const auto wiki = testing::shared_data("wikitext2_raw_test/wiki.test.raw");
  // 100 stories for num=200 (the shortfall is not moved to wiki), 240 - 200 = 40 wiki paragraphs.
  const auto set = build(stories + ":num=200," + wiki, {240, 16, 42});
  EXPECT_EQ(set.input_ids.size(), 140u);
  ASSERT_EQ(set.warnings.size(), 2u);
  EXPECT_EQ(set.warnings[0], "dataset '" + stories + ":num=200' has only 100 samples of 16 tokens; num=200 was asked for");
  EXPECT_EQ(set.warnings[1].rfind("only 140 calibration samples", 0), 0u) << set.warnings[1];
}

TEST_F(CalibrationSetTest, UncachedHubNameFailsOrFallsBackToTheModel) {
  setenv("AR_HOST_DATASETS", "/nonexistent-ar-cache", 1);
  EXPECT_AR_ERROR(build("NeelNanda/pile-10k", {4, 8, 42}),
                  "dataset 'NeelNanda/pile-10k' is not cached in '/nonexistent-ar-cache/NeelNanda/pile-10k' and "
                  "ar-host does not download datasets; pass a local file instead (e.g. --dataset ./calib.txt) or "
                  "put .txt/.json/.jsonl files there");
  const LogitsFn uniform = [](const at::Tensor& ids) { return torch::zeros({1, ids.size(1), 50}); };
  const auto set = build("NeelNanda/pile-10k", {4, 8, 42}, uniform);
  unsetenv("AR_HOST_DATASETS");
  EXPECT_TRUE(set.data_free);
  ASSERT_EQ(set.input_ids.size(), 4u);
  EXPECT_EQ(set.input_ids[0].size(), 8u);
  EXPECT_EQ(set.warnings.size(), 2u);  // the hub failure, then the data-free notice
  EXPECT_TRUE(build("", {2, 4, 42}, uniform).data_free);
}

TEST_F(CalibrationSetTest, MissingLocalFileIsAnErrorNotADataFreeFallback) {
  const LogitsFn uniform = [](const at::Tensor& ids) { return torch::zeros({1, ids.size(1), 50}); };
  EXPECT_AR_ERROR(build("/nonexistent/calib.txt", {2, 8, 42}, uniform),
                  "dataset file '/nonexistent/calib.txt' does not exist; expected a readable .txt, .raw, .json or "
                  ".jsonl file");
  EXPECT_AR_ERROR(build(stories + ",/nonexistent/calib.txt", {2, 8, 42}, uniform),
                  "dataset file '/nonexistent/calib.txt' does not exist; expected a readable .txt, .raw, .json or "
                  ".jsonl file");
}

TEST_F(CalibrationSetTest, ExistingButUnreadableSourceNeverFallsBack) {
  testing::ScratchDir dir;
  const auto bad = dir.write("bad.json", "{").string();
  const LogitsFn uniform = [](const at::Tensor& ids) { return torch::zeros({1, ids.size(1), 50}); };
  EXPECT_THROW(build(bad, {4, 8, 42}, uniform), Error);
}

}  // namespace
}  // namespace ar::data
