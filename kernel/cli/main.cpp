// ar-host: the command-line entry point. Dispatches to one subcommand; errors become one line
// on stderr and a non-zero exit code.
#include "cli/commands.hpp"
#include "cli/malloc_tuning.hpp"

#include <ar/error.hpp>

#include <fmt/format.h>

#include <cstring>
#include <exception>
#include <map>

namespace {

struct Command {
  int (*run)(const ar::cli::Args&);
  const char* summary;
};

const std::map<std::string, Command>& commands() {
  static const std::map<std::string, Command> table = {
      {"run", {ar::cli::run_run, "run a YAML recipe (quantize, export, evaluate)"}},
      {"quantize", {ar::cli::run_quantize, "AutoRound-style flags, same as a recipe"}},
      {"list", {ar::cli::run_list, "plugins, components and refused plugin files"}},
      {"eval", {ar::cli::run_eval, "perplexity of a model on a text file"}},
      {"generate", {ar::cli::run_generate, "greedy text generation"}},
      {"convert", {ar::cli::run_convert, "rewrite a GPTQ/AWQ checkpoint in auto_round format"}},
  };
  return table;
}

void print_usage() {
  fmt::print("usage: ar-host <command> [options]   (ar-host <command> --help for details)\n\ncommands:\n");
  for (const auto& [name, command] : commands()) fmt::print("  {:<10} {}\n", name, command.summary);
  fmt::print("\n  --version  print the version and build fingerprint\n");
}

}  // namespace

int main(int argc, char** argv) {
  ar::cli::keep_freed_memory_for_reuse();
  if (argc < 2 || !std::strcmp(argv[1], "--help") || !std::strcmp(argv[1], "-h")) {
    print_usage();
    return argc < 2 ? ar::cli::kExitUsage : ar::cli::kExitOk;
  }
  std::string name = argv[1];
  if (name == "--version") return ar::cli::run_list({"--version"});
  auto it = commands().find(name);
  if (it == commands().end()) {
    fmt::print(stderr, "ar-host: unknown command '{}'\n", name);
    print_usage();
    return ar::cli::kExitUsage;
  }
  try {
    return it->second.run(ar::cli::Args(argv + 2, argv + argc));
  } catch (const std::exception& e) {
    fmt::print(stderr, "ar-host {}: error: {}\n", name, e.what());
    return ar::cli::kExitFailure;
  }
}
