// The seeds' dataset-spec grammar: comma-separated sources, each `name[:opt[:opt...]]`, where an
// opt is `key=value` or a bare flag. Keys: num=N, split=a+b, concat[=true|false],
// apply_chat_template[=true|false], system_prompt=TEXT (also turns the chat template on).
// Whitespace around names, options and values is ignored; a value in double quotes is taken
// verbatim, so it may contain ',' or ':' (e.g. system_prompt="Be brief: answer, then stop.").
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace ar::data {

struct DatasetSource {
  std::string name;                  // a local path or a hub-style name
  std::optional<int64_t> num;        // exact sample count wanted from this source
  std::vector<std::string> splits;   // empty: the source's default split
  bool concat = false;
  bool apply_chat_template = false;
  std::optional<std::string> system_prompt;
  bool shuffle = true;               // false: texts in file order (auto-round's order for a list of texts)
};

// Throws ar::Error naming the offending entry for empty entries, unknown options, bad values.
std::vector<DatasetSource> parse_dataset_spec(const std::string& spec);

// The spec text of one source, e.g. "a.json:num=4:concat" (for messages and logs).
std::string describe_source(const DatasetSource& source);

}  // namespace ar::data
