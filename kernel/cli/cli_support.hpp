// Pieces shared by the subcommands: loading plugins for a recipe, the version line, and
// Boost.Program_options parsing with one-line errors.
#pragma once

#include "inference/inference_model.hpp"
#include "recipe/recipe.hpp"
#include "registry/registry.hpp"

#include <boost/program_options.hpp>

#include <string>
#include <vector>

namespace ar::cli {

std::string version_line();

// Recipe paths and --plugin-path entries are explicit (a refusal is fatal), then the defaults.
// Prints refusals of the other files as warnings unless quiet.
void load_plugins(Registry& registry, const std::vector<std::string>& explicit_paths,
                  const std::vector<std::string>& required, bool quiet);

// Parses args against options (+ positional); throws ar::Error on a bad command line.
boost::program_options::variables_map parse_command_line(
    const std::vector<std::string>& args, const boost::program_options::options_description& options,
    const boost::program_options::positional_options_description& positional);

// A model directory for eval/generate, fp or quantized; the backend choices go to stderr unless quiet.
inference::InferenceModel open_model(const std::string& model_dir, const Registry& registry, const std::string& device,
                                     const std::string& backend, bool quiet);

// `ar-host run --dry-run` and `ar-host quantize --dry-run` print this.
void print_resolved(const Recipe& recipe);

}  // namespace ar::cli
