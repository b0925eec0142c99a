// Finding the Dataset component for a source and reading its texts. Components are asked in
// registration order whether they accept the source; the first that does serves it.
#pragma once

#include "data/dataset_spec.hpp"
#include "registry/registry.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace ar::data {

struct LoadedTexts {
  std::vector<std::string> texts;  // right-stripped, empty ones dropped, shuffled with the seed
  std::optional<std::string> failure;  // set when the source could not be read
  bool names_existing_path = false;    // a failure on an existing path is never "just absent"
};

// Throws ar::Error when no registered component accepts the source (naming the components).
const ComponentEntry& dataset_component_for(const Registry& registry, const std::string& source);

// Reads one source; a component's ar::Error becomes `failure` so the caller can decide.
LoadedTexts load_source_texts(const Registry& registry, const DatasetSource& source, uint64_t seed);

}  // namespace ar::data
