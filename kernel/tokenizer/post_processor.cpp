#include "post_processor.hpp"

#include <string>

namespace ar::tok {

namespace {

// Wraps the sequence as prefix + ids + suffix (Template, Roberta and Bert
// processing all reduce to this for a single sequence).
class WrappingProcessor : public PostProcessor {
 public:
  WrappingProcessor(std::vector<int32_t> prefix, std::vector<int32_t> suffix)
      : prefix_(std::move(prefix)), suffix_(std::move(suffix)) {}
  void add_special_tokens(std::vector<int32_t>& ids) const override {
    ids.insert(ids.begin(), prefix_.begin(), prefix_.end());
    ids.insert(ids.end(), suffix_.begin(), suffix_.end());
  }
  std::vector<int32_t> prefix_ids() const override { return prefix_; }
  std::vector<int32_t> suffix_ids() const override { return suffix_; }

 private:
  std::vector<int32_t> prefix_;
  std::vector<int32_t> suffix_;
};

class SequenceProcessor : public PostProcessor {
 public:
  explicit SequenceProcessor(std::vector<std::unique_ptr<PostProcessor>> steps) : steps_(std::move(steps)) {}
  void add_special_tokens(std::vector<int32_t>& ids) const override {
    for (const auto& step : steps_) step->add_special_tokens(ids);
  }
  std::vector<int32_t> prefix_ids() const override {
    std::vector<int32_t> ids;
    for (const auto& step : steps_) {
      const auto step_ids = step->prefix_ids();
      ids.insert(ids.begin(), step_ids.begin(), step_ids.end());
    }
    return ids;
  }
  std::vector<int32_t> suffix_ids() const override {
    std::vector<int32_t> ids;
    for (const auto& step : steps_) {
      const auto step_ids = step->suffix_ids();
      ids.insert(ids.end(), step_ids.begin(), step_ids.end());
    }
    return ids;
  }

 private:
  std::vector<std::unique_ptr<PostProcessor>> steps_;
};

std::vector<int32_t> template_special_ids(const Json& config, const std::string& name,
                                          const JsonSource& source) {
  const std::string where = "post_processor 'TemplateProcessing'";
  const Json& specials = source.require(config, "special_tokens", where);
  if (!specials.is_object() || !specials.contains(name)) {
    source.fail(where + " uses the special token '" + name + "', which is not in its special_tokens");
  }
  const Json& ids = source.require(specials[name], "ids", where + " special token '" + name + "'");
  if (!ids.is_array()) source.fail(where + " special token '" + name + "' field 'ids' must be a list");
  std::vector<int32_t> out;
  for (const Json& id : ids) out.push_back(id.get<int32_t>());
  return out;
}

std::unique_ptr<PostProcessor> make_template(const Json& config, const JsonSource& source) {
  const std::string where = "post_processor 'TemplateProcessing'";
  const Json& single = source.require(config, "single", where);
  if (!single.is_array()) source.fail(where + " field 'single' must be a list");
  std::vector<int32_t> prefix;
  std::vector<int32_t> suffix;
  bool seen_sequence = false;
  for (const Json& item : single) {
    if (item.contains("Sequence")) {
      if (seen_sequence) source.fail(where + " field 'single' contains more than one sequence");
      seen_sequence = true;
    } else if (item.contains("SpecialToken")) {
      const std::string name = source.require_string(item["SpecialToken"], "id", where);
      const auto ids = template_special_ids(config, name, source);
      std::vector<int32_t>& target = seen_sequence ? suffix : prefix;
      target.insert(target.end(), ids.begin(), ids.end());
    } else {
      source.fail(where + " has a 'single' entry that is neither Sequence nor SpecialToken");
    }
  }
  return std::make_unique<WrappingProcessor>(std::move(prefix), std::move(suffix));
}

// Roberta/Bert store tokens as [content, id].
int32_t pair_id(const Json& config, const char* key, const std::string& where, const JsonSource& source) {
  const Json& entry = source.require(config, key, where);
  if (!entry.is_array() || entry.size() != 2 || !entry[1].is_number_integer()) {
    source.fail(where + " field '" + key + "' must be [token, id]");
  }
  return entry[1].get<int32_t>();
}

std::unique_ptr<PostProcessor> make_sequence(const Json& config, const JsonSource& source) {
  const Json& items = source.require(config, "processors", "post_processor 'Sequence'");
  if (!items.is_array()) source.fail("post_processor 'Sequence' field 'processors' must be a list");
  std::vector<std::unique_ptr<PostProcessor>> steps;
  for (const Json& item : items) {
    if (auto step = make_post_processor(item, source)) steps.push_back(std::move(step));
  }
  return std::make_unique<SequenceProcessor>(std::move(steps));
}

}  // namespace

std::unique_ptr<PostProcessor> make_post_processor(const Json& config, const JsonSource& source) {
  if (config.is_null()) return nullptr;
  const std::string type = source.require_string(config, "type", "post_processor");
  const std::string where = "post_processor '" + type + "'";
  if (type == "TemplateProcessing") return make_template(config, source);
  if (type == "RobertaProcessing" || type == "BertProcessing") {
    return std::make_unique<WrappingProcessor>(std::vector<int32_t>{pair_id(config, "cls", where, source)},
                                               std::vector<int32_t>{pair_id(config, "sep", where, source)});
  }
  if (type == "ByteLevel")
    return std::make_unique<WrappingProcessor>(std::vector<int32_t>{}, std::vector<int32_t>{});
  if (type == "Sequence") return make_sequence(config, source);
  source.fail("unsupported post_processor type '" + type +
              "' (supported: TemplateProcessing, RobertaProcessing, BertProcessing, ByteLevel, "
              "Sequence)");
}

}  // namespace ar::tok
