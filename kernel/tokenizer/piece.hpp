// A piece of the input as it flows through the encoding pipeline.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace ar::tok {

struct Piece {
  std::string text;
  // True when the piece begins at byte 0 of the original input (what
  // tokenizers checks via `offsets_original().0 == 0`, e.g. Metaspace "first").
  bool at_input_start = false;
  // Id of the added token this piece is, or -1 for ordinary text.
  int32_t added_token_id = -1;

  bool is_added_token() const { return added_token_id >= 0; }
};

using Pieces = std::vector<Piece>;

}  // namespace ar::tok
