// One function per `ar-host` subcommand; each parses its own flags (Boost.Program_options),
// prints its own --help and returns the process exit code.
#pragma once

#include <string>
#include <vector>

namespace ar::cli {

using Args = std::vector<std::string>;  // the arguments after the subcommand name

int run_list(const Args& args);
int run_run(const Args& args);
int run_quantize(const Args& args);
int run_eval(const Args& args);
int run_generate(const Args& args);
int run_convert(const Args& args);

// Exit codes that mean something.
constexpr int kExitOk = 0;
constexpr int kExitFailure = 1;   // the work failed (bad input file, plugin error, ...)
constexpr int kExitUsage = 2;     // bad command line or recipe

}  // namespace ar::cli
