// A Pattern as tokenizer.json spells it: {"String": literal} or {"Regex": expression}, read from
// the field "pattern" of a Split pre-tokenizer, Replace normalizer or Replace decoder.
#pragma once

#include "json_fields.hpp"
#include "pattern.hpp"

#include <memory>
#include <string>

namespace ar::tok {

// `where` names the owner for errors ("decoder 'Replace'"); throws through source.fail().
std::unique_ptr<Pattern> pattern_from_json(const Json& config, const JsonSource& source, const std::string& where);

}  // namespace ar::tok
