// Why a plugin file was not used: the file, the load stage and what it has vs what is needed.
#pragma once

#include <string>

namespace ar {

struct Refusal {
  std::string file;
  std::string stage;   // open, symbol, descriptor, abi, torch, score, register, permissions
  std::string reason;  // what it has and what is needed
  std::string hint;    // what to do; may be empty
  bool fatal = false;  // the user named this file explicitly
  std::string text() const;  // one line
};

}  // namespace ar
