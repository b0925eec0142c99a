// The one exception type that crosses from plugins into the host (layer 1).
// Its key function lives in the kernel library, so its type_info is shared by every plugin.
#pragma once

#include <stdexcept>
#include <string>

namespace ar {

class Error : public std::runtime_error {
 public:
  explicit Error(const std::string& message);
  ~Error() override;
};

}  // namespace ar
