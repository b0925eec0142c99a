#include "data/source_loading.hpp"

#include "data/seeded_rng.hpp"

#include <ar/error.hpp>

#include <fmt/format.h>

#include <cctype>
#include <filesystem>

namespace ar::data {
namespace {

std::string right_stripped(const std::string& text) {
  size_t end = text.size();
  while (end > 0 && std::isspace(static_cast<unsigned char>(text[end - 1]))) --end;
  return text.substr(0, end);
}

std::string joined_splits(const DatasetSource& source) {
  std::string joined;
  for (const auto& split : source.splits) joined += (joined.empty() ? "" : "+") + split;
  return joined;
}

std::vector<std::string> cleaned(std::vector<std::string> texts) {
  std::vector<std::string> kept;
  for (auto& text : texts) {
    std::string stripped = right_stripped(text);
    if (!stripped.empty()) kept.push_back(std::move(stripped));
  }
  return kept;
}

}  // namespace

const ComponentEntry& dataset_component_for(const Registry& registry, const std::string& source) {
  std::string names;
  for (const ComponentEntry* entry : registry.components(ComponentKind::Dataset)) {
    if (registry.make<Dataset>(*entry)->accepts(source)) return *entry;
    names += (names.empty() ? "" : ", ") + entry->info.name;
  }
  throw Error(fmt::format("dataset '{}' is not served by any dataset component (registered: {}); expected a local "
                          ".txt/.json/.jsonl file or directory, or a cached hub dataset name",
                          source, names.empty() ? "none" : names));
}

LoadedTexts load_source_texts(const Registry& registry, const DatasetSource& source, uint64_t seed) {
  LoadedTexts loaded;
  std::error_code ignored;
  loaded.names_existing_path = std::filesystem::exists(source.name, ignored);
  const ComponentEntry& entry = dataset_component_for(registry, source.name);
  DatasetRequest request;
  request.source = source.name;
  request.split = joined_splits(source);
  request.seed = seed;
  try {
    loaded.texts = cleaned(registry.make<Dataset>(entry)->load_texts(request));
  } catch (const Error& e) {
    loaded.failure = e.what();
    return loaded;
  }
  if (source.shuffle) SeededRng(seed).shuffle(loaded.texts);
  return loaded;
}

}  // namespace ar::data
