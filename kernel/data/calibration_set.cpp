#include "data/calibration_set.hpp"

#include "data/dataset_spec.hpp"
#include "data/sample_masks.hpp"
#include "data/sample_mixing.hpp"
#include "data/source_loading.hpp"
#include "data/source_samples.hpp"

#include <ar/error.hpp>

#include <fmt/format.h>

namespace ar::data {
namespace {

int32_t start_token_of(const TextEncoder& encoder) {
  if (encoder.bos) return *encoder.bos;
  if (encoder.eos) return *encoder.eos;
  throw Error("data-free calibration needs a BOS or EOS token to start from, but the tokenizer has neither");
}

CalibrationSet data_free_set(const TextEncoder& encoder, const CalibrationOptions& options,
                             const LogitsFn& logits_of, std::vector<std::string> warnings) {
  warnings.push_back(fmt::format("no calibration text is available; sampling {} sequences of {} tokens from the "
                                 "model itself (data-free calibration, seed {})",
                                 options.nsamples, options.seqlen, options.seed));
  DataFreeRequest request{options.nsamples, options.seqlen, options.seed, start_token_of(encoder)};
  CalibrationSet set = finish_calibration_set(sample_from_model(logits_of, request), encoder, options,
                                              std::move(warnings));
  set.data_free = true;
  return set;
}

// Every source failed: fall back to data-free only if none of them is a path that exists.
// A name written as a local file ("./calib.txt", "/data/x.jsonl") that does not exist is a typo
// to report, not a reason to fall back to data-free calibration.
bool looks_like_local_file(const std::string& name) {
  for (const char* prefix : {"/", "./", "../", "~"})
    if (name.rfind(prefix, 0) == 0) return true;
  for (const char* suffix : {".txt", ".raw", ".json", ".jsonl"}) {
    std::string end(suffix);
    if (name.size() > end.size() && name.compare(name.size() - end.size(), end.size(), end) == 0) return true;
  }
  return false;
}

bool only_absent_sources(const std::vector<DatasetSource>& sources, const std::vector<LoadedTexts>& loaded) {
  for (size_t i = 0; i < loaded.size(); ++i) {
    if (!loaded[i].failure || loaded[i].names_existing_path || looks_like_local_file(sources[i].name)) return false;
  }
  return true;
}

void throw_first_failure(const std::vector<LoadedTexts>& loaded) {
  for (const auto& source : loaded) {
    if (source.failure) throw Error(*source.failure);
  }
}

std::vector<SourceSamples> tokenized_sources(const std::vector<DatasetSource>& sources,
                                             const std::vector<LoadedTexts>& loaded, const TextEncoder& encoder,
                                             const CalibrationOptions& options, std::vector<std::string>& warnings) {
  std::vector<SourceSamples> tokenized;
  for (size_t i = 0; i < sources.size(); ++i) {
    const int64_t wanted = sources[i].num.value_or(options.nsamples);
    SourceSamples result{sources[i].num,
                         source_samples(loaded[i].texts, sources[i], encoder, {options.seqlen, wanted}),
                         sources[i].shuffle};
    if (sources[i].num && static_cast<int64_t>(result.samples.size()) < wanted) {
      warnings.push_back(fmt::format("dataset '{}' has only {} samples of {} tokens; num={} was asked for",
                                     describe_source(sources[i]), result.samples.size(), options.seqlen, wanted));
    }
    tokenized.push_back(std::move(result));
  }
  return tokenized;
}

}  // namespace

CalibrationSet finish_calibration_set(std::vector<std::vector<int32_t>> samples, const TextEncoder& encoder,
                                      const CalibrationOptions& options, std::vector<std::string> warnings) {
  if (samples.empty()) {
    throw Error(fmt::format("the calibration data has no sample of at least seqlen {} tokens; expected longer texts, "
                            "a smaller seqlen, or ':concat' on the dataset to join short texts", options.seqlen));
  }
  if (static_cast<int64_t>(samples.size()) < options.nsamples) {
    warnings.push_back(fmt::format("only {} calibration samples of {} tokens were found; nsamples is {}, "
                                   "calibration continues with fewer", samples.size(), options.seqlen,
                                   options.nsamples));
  }
  CalibrationSet set;
  for (auto& ids : samples) {
    set.attention_mask.emplace_back(ids.size(), 1);
    set.loss_mask.push_back(loss_mask(ids, encoder.pad));
    set.input_ids.push_back(std::move(ids));
  }
  set.warnings = std::move(warnings);
  return set;
}

CalibrationSet build_calibration_set(const std::string& spec, const Registry& registry, const TextEncoder& encoder,
                                     const CalibrationOptions& options, const LogitsFn& logits_of) {
  if (options.nsamples < 1 || options.seqlen < 2) {
    throw Error(fmt::format("calibration needs nsamples >= 1 and seqlen >= 2; found nsamples {} and seqlen {}",
                            options.nsamples, options.seqlen));
  }
  const std::vector<DatasetSource> sources = parse_dataset_spec(spec);
  if (sources.empty()) {
    if (!logits_of) throw Error("the dataset spec is empty and no model is available for data-free calibration");
    return data_free_set(encoder, options, logits_of, {"the dataset spec is empty"});
  }
  std::vector<LoadedTexts> loaded;
  for (const auto& source : sources) loaded.push_back(load_source_texts(registry, source, options.seed));
  if (only_absent_sources(sources, loaded) && logits_of) {
    std::vector<std::string> warnings;
    for (const auto& source : loaded) warnings.push_back(*source.failure);
    return data_free_set(encoder, options, logits_of, std::move(warnings));
  }
  throw_first_failure(loaded);
  std::vector<std::string> warnings;
  auto mixed = mix_samples(tokenized_sources(sources, loaded, encoder, options, warnings), options.nsamples,
                           options.seed);
  return finish_calibration_set(std::move(mixed), encoder, options, std::move(warnings));
}

}  // namespace ar::data
