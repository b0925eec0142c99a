// ar::ModelConfig over a Hugging Face config.json (dotted keys reach nested objects), and the
// token ids of generation_config.json.
#pragma once

#include <ar/model.hpp>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace ar::io {

class HfConfig : public ModelConfig {
 public:
  // `path`: config.json or the model directory holding it.
  static std::shared_ptr<HfConfig> load(const std::string& path);
  static std::shared_ptr<HfConfig> from_json_text(const std::string& text, const std::string& origin);
  ~HfConfig() override;

  bool has(const std::string& key) const override;
  std::optional<double> number(const std::string& key) const override;
  std::optional<std::string> text(const std::string& key) const override;
  std::optional<bool> flag(const std::string& key) const override;
  std::vector<std::string> texts(const std::string& key) const override;
  std::string json() const override;

  const std::string& origin() const { return origin_; }

  struct Json;  // the parsed document, kept out of this header

 private:
  HfConfig(std::unique_ptr<Json> document, std::string origin);
  std::unique_ptr<Json> document_;
  std::string origin_;
};

struct GenerationConfig {
  std::optional<int64_t> bos_id;
  std::vector<int64_t> eos_ids;
  std::optional<int64_t> pad_id;
};

// Reads generation_config.json from `model_dir`, falling back to the ids in config.json; an
// absent file gives what config.json says (possibly nothing).
GenerationConfig read_generation_config(const std::string& model_dir);

}  // namespace ar::io
