// Peak memory while evaluating the largest available test model: the growth of the peak RSS over
// the process baseline stays within 1.3x the fp32 weight bytes plus an activation allowance.
#include "io/perplexity.hpp"
#include "io/weight_source.hpp"
#include "model_test_support.hpp"

#include <gtest/gtest.h>
#include <torch/torch.h>

#include <filesystem>
#include <sys/resource.h>

namespace {

int64_t peak_rss_bytes() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<int64_t>(usage.ru_maxrss) * 1024;
}

std::string largest_available_model(uint64_t& fp32_bytes) {
  std::string best;
  fp32_bytes = 0;
  for (std::string dir : {ar::test::stories260k_dir(), ar::test::test_models_dir() + "/smollm2-135m",
                          ar::test::test_models_dir() + "/gemma3-270m"}) {
    if (!std::filesystem::exists(dir + "/config.json")) continue;
    uint64_t bytes = ar::io::SafetensorsWeightSource(dir).fp32_bytes();
    if (bytes > fp32_bytes) best = dir, fp32_bytes = bytes;
  }
  return best;
}

// Generous upper bound of what one forward of `seq` tokens keeps alive at once.
int64_t activation_allowance(const ar::ModelConfig& config, int64_t seq) {
  int64_t hidden = config.require_int("hidden_size"), heads = config.require_int("num_attention_heads");
  int64_t inter = config.require_int("intermediate_size"), vocab = config.require_int("vocab_size");
  int64_t per_block = seq * (16 * hidden + 4 * inter) + 4 * heads * seq * seq;
  int64_t head = 4 * std::min<int64_t>(seq, 256) * vocab;
  return 4 * (per_block + head) + (64ll << 20);  // + allocator slack
}

TEST(PeakRss, EvaluatingTheLargestModelStaysNearItsWeights) {
  at::set_num_threads(2);
  torch::ones({8, 8}).matmul(torch::ones({8, 8}));  // the baseline includes LibTorch's own start-up
  uint64_t weights = 0;
  std::string dir = largest_available_model(weights);
  ASSERT_FALSE(dir.empty()) << ar::test::missing_asset(ar::test::stories260k_dir(), "the shared assets");
  int64_t baseline = peak_rss_bytes();
  auto loaded = ar::test::load_test_model(dir);
  ar::io::ModelRunner runner(loaded.model);
  std::vector<int64_t> window(512);
  for (size_t i = 0; i < window.size(); ++i) window[i] = static_cast<int64_t>((i * 7919) % 500 + 3);
  ar::io::PerplexityTally tally;
  ar::io::score_window(runner, window, tally);
  int64_t growth = peak_rss_bytes() - baseline;
  int64_t allowance = activation_allowance(*loaded.config, 512);
  double limit = 1.3 * static_cast<double>(weights) + static_cast<double>(allowance);
  std::printf("%s: peak RSS growth %.1f MiB, fp32 weights %.1f MiB, activation allowance %.1f MiB, limit %.1f MiB\n",
              dir.c_str(), growth / 1048576.0, weights / 1048576.0, allowance / 1048576.0, limit / 1048576.0);
  EXPECT_LE(static_cast<double>(growth), limit);
}

}  // namespace
