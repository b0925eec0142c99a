// The `fake` format: the quant-dequantized model as a plain Hugging Face directory (no packing),
// so any tool can evaluate it. It stores every scheme.
#include <ar/error.hpp>
#include <ar/format.hpp>
#include <ar/host_services.hpp>
#include <ar/plugin.hpp>

#include <ATen/ATen.h>
#include <nlohmann/json.hpp>

namespace {

c10::ScalarType dtype_named(const std::string& name) {
  if (name == "float16") return at::kHalf;
  if (name == "bfloat16") return at::kBFloat16;
  return at::kFloat;
}

class FakeWriter final : public ar::FormatWriter {
 public:
  explicit FakeWriter(const ar::ExportTarget& target)
      : target_(target), tensors_(ar::open_safetensors_writer(target.directory)) {
    auto config = nlohmann::json::parse(target.model_config_json);
    auto requested = ar::option_string(target.options, "dtype", "auto");
    dtype_name_ = requested != "auto" ? requested : config.value("torch_dtype", std::string("float32"));
    dtype_ = dtype_named(dtype_name_);
  }

  void write_quantized(const std::string& name, const ar::QuantizedWeight&, const at::Tensor& dequantized,
                       const at::Tensor& bias) override {
    tensors_->add(name + ".weight", dequantized.to(dtype_));
    if (bias.defined()) tensors_->add(name + ".bias", bias.to(dtype_));
  }

  void write_tensor(const std::string& name, const at::Tensor& tensor) override {
    tensors_->add(name, tensor.is_floating_point() ? tensor.to(dtype_) : tensor);
  }

  void finish() override {
    tensors_->finish();
    auto config = nlohmann::json::parse(target_.model_config_json);
    config.erase("quantization_config");
    config["torch_dtype"] = dtype_name_;
    ar::write_text_file_atomically(target_.directory + "/config.json", config.dump(2) + "\n");
    ar::copy_model_side_files(target_.source_model_dir, target_.directory);
  }

 private:
  ar::ExportTarget target_;
  std::unique_ptr<ar::TensorFileWriter> tensors_;
  std::string dtype_name_;
  c10::ScalarType dtype_;
};

class FakeFormat final : public ar::Format {
 public:
  std::string check(const ar::QuantSpec&) const override { return ""; }
  std::unique_ptr<ar::FormatWriter> begin(const ar::ExportTarget& target) const override {
    return std::make_unique<FakeWriter>(target);
  }
};

void register_components(ar::Registrar& registrar) {
  ar::OptionSpec dtype{"dtype", ar::OptionType::Choice, std::string("auto"),
                       "weight dtype; auto = the source model's torch_dtype", std::nullopt, std::nullopt,
                       {"auto", "float32", "float16", "bfloat16"}};
  registrar.add_format({"fake", "quant-dequantized weights in a plain Hugging Face directory",
                        {{"schemes", "all"}, {"packing", "none (dequantized)"}, {"readable by", "any HF loader"}},
                        {dtype}},
                       [] { return std::make_shared<FakeFormat>(); });
}

}  // namespace

AR_PLUGIN_DEFINE("format-fake", "0.1.0", "Apache-2.0", "Writes the quant-dequantized model as a Hugging Face directory",
                 register_components)
