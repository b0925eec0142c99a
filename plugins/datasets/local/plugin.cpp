// Plugin "dataset-local": calibration text from local files ("local") and from a local cache of
// hub datasets ("hub-cache").
#include "hub_cache_dataset.hpp"
#include "local_dataset.hpp"

#include <ar/plugin.hpp>

#include <memory>

namespace {

void register_components(ar::Registrar& r) {
  ar::ComponentInfo local;
  local.name = "local";
  local.description = "Local .txt/.raw (paragraphs, lines or <|endoftext|> documents), .json and .jsonl files, "
                      "or a directory of them";
  local.capabilities = {{"extensions", ".txt,.raw,.json,.jsonl"}, {"directories", "yes, recursive"}};
  r.add_dataset(local, [] { return std::make_shared<ar::datasets::LocalDataset>(); });

  ar::ComponentInfo hub;
  hub.name = "hub-cache";
  hub.description = "Hub dataset names (NeelNanda/pile-10k, ...) read from $AR_HOST_DATASETS or "
                    "~/.cache/ar-host/datasets/<owner>/<name>/; never downloads";
  hub.capabilities = {{"extensions", ".txt,.json,.jsonl"}, {"download", "no"}};
  r.add_dataset(hub, [] { return std::make_shared<ar::datasets::HubCacheDataset>(); });
}

}  // namespace

AR_PLUGIN_DEFINE("dataset-local", "0.1.0", "Apache-2.0", "Calibration text from local files and a local hub cache",
                 register_components)
