// Runs a whole CausalLM: keeps every block resident, so one call is one full forward pass.
// Used by evaluation and generation (not by quantization, which goes block by block).
#pragma once

#include <ar/model.hpp>

#include <ATen/core/Tensor.h>
#include <c10/core/Device.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <vector>

namespace ar::io {

class ModelRunner {
 public:
  // Called on each block right after it is loaded, e.g. to give its Linear layers quantized runners.
  using BlockHook = std::function<void(int64_t index, Block& block)>;
  explicit ModelRunner(std::shared_ptr<CausalLM> model, const BlockHook& prepare_block = {});

  // ids int64 [batch, seq]; mask [batch, seq] with 0 for padding (undefined = no padding).
  // Positions count the non-padding tokens, so left padding does not shift them.
  at::Tensor final_hidden(const at::Tensor& ids, const at::Tensor& attention_mask = {});
  at::Tensor logits(const at::Tensor& ids, const at::Tensor& attention_mask = {});
  // Greedy continuation of `prompt` by up to `count` tokens, stopping after an id in `stop_ids`.
  // With use_cache (and blocks that support it) the prompt is one prefill forward and each new
  // token one forward over a KV cache; otherwise every step recomputes the whole sequence.
  std::vector<int64_t> greedy(const std::vector<int64_t>& prompt, int64_t count,
                              const std::vector<int64_t>& stop_ids = {}, bool use_cache = true);
  bool supports_kv_cache() const;
  // One step of cached decoding: the final hidden states of `ids`, which sit at positions
  // start, start + 1, ..., attending over `caches` (one per block, kept by the caller between
  // steps, empty at start 0) and appended to them.
  at::Tensor final_hidden_cached(const std::vector<int64_t>& ids, int64_t start, std::vector<KvCache>& caches);

  struct DecodeTiming {
    int64_t prefill_tokens = 0, decoded_tokens = 0;  // decoded: tokens after the first generated one
    double prefill_seconds = 0, decode_seconds = 0;
  };
  const DecodeTiming& last_timing() const { return timing_; }

  CausalLM& model() { return *model_; }
  c10::Device device() const { return device_; }

 private:
  std::shared_ptr<CausalLM> model_;
  std::vector<std::shared_ptr<Block>> blocks_;
  int64_t next_token(const at::Tensor& hidden);
  std::vector<int64_t> greedy_recompute(const std::vector<int64_t>& prompt, int64_t count,
                                        const std::vector<int64_t>& stop_ids);
  std::vector<int64_t> greedy_cached(const std::vector<int64_t>& prompt, int64_t count,
                                     const std::vector<int64_t>& stop_ids);

  c10::Device device_ = c10::kCPU;
  DecodeTiming timing_;
};

}  // namespace ar::io
