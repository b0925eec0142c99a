// Building a Tokenizer from tokenizer.json plus, when they sit next to it,
// tokenizer_config.json (bos/eos/pad, chat_template) and chat_template.jinja.
#include <fstream>
#include <set>
#include <sstream>

#include "tokenizer_impl.hpp"

namespace ar::tok {

namespace fs = std::filesystem;

namespace {

std::string read_text_file(const fs::path& path, const JsonSource& source) {
  std::ifstream stream(path, std::ios::binary);
  if (!stream) source.fail("cannot open the file for reading");
  std::ostringstream contents;
  contents << stream.rdbuf();
  return contents.str();
}

Json read_json_file(const fs::path& path) {
  const JsonSource source(path.string());
  const std::string text = read_text_file(path, source);
  try {
    return Json::parse(text);
  } catch (const Json::parse_error& error) {
    source.fail(std::string("is not valid JSON (") + error.what() + ")");
  }
}

std::vector<AddedToken> parse_added_tokens(const Json& root, const BpeModel& model,
                                           const JsonSource& source) {
  std::vector<AddedToken> tokens;
  if (!root.contains("added_tokens") || root["added_tokens"].is_null()) return tokens;
  const Json& list = root["added_tokens"];
  if (!list.is_array()) source.fail("field 'added_tokens' must be a list");
  for (const Json& entry : list) {
    AddedToken token;
    token.content = source.require_string(entry, "content", "an added_tokens entry");
    // tokenizers keeps the model's id for contents it already knows.
    if (auto model_id = model.token_to_id(token.content)) {
      token.id = *model_id;
    } else {
      const Json& id = source.require(entry, "id", "added token '" + token.content + "'");
      if (!id.is_number_integer()) source.fail("added token '" + token.content + "' has a non-integer id");
      token.id = id.get<int32_t>();
    }
    token.single_word = source.optional_bool(entry, "single_word", false);
    token.lstrip = source.optional_bool(entry, "lstrip", false);
    token.rstrip = source.optional_bool(entry, "rstrip", false);
    token.special = source.optional_bool(entry, "special", false);
    token.normalized = source.optional_bool(entry, "normalized", !token.special);
    tokens.push_back(std::move(token));
  }
  return tokens;
}

std::unique_ptr<BpeModel> make_model(const Json& root, const JsonSource& source) {
  const Json& model = source.require(root, "model", "the tokenizer");
  if (!model.is_object()) source.fail("field 'model' must be an object");
  const std::string type = source.optional_string(model, "type", "BPE");
  if (type != "BPE") {
    source.fail("unsupported model type '" + type + "' (only BPE is supported)");
  }
  return std::make_unique<BpeModel>(parse_bpe_config(model, source), source);
}

void compute_sizes(Tokenizer::Impl& impl) {
  std::set<std::string> extra_contents;
  std::size_t id_space = impl.model->tokens_by_id().size();
  for (const AddedToken& token : impl.added_vocabulary.tokens()) {
    if (!impl.model->token_to_id(token.content)) extra_contents.insert(token.content);
    id_space = std::max(id_space, static_cast<std::size_t>(token.id) + 1);
  }
  impl.vocab_size = impl.model->vocab_size() + extra_contents.size();
  impl.id_space_size = id_space;
}

std::optional<int32_t> first_known(const Tokenizer::Impl& impl, std::initializer_list<const char*> names) {
  for (const char* name : names) {
    if (auto id = impl.added_vocabulary.token_to_id(name)) return id;
    if (auto id = impl.model->token_to_id(name)) return id;
  }
  return std::nullopt;
}

// Without tokenizer_config.json: bos/eos come from what the post-processor
// wraps a sequence with, else from conventional special-token names.
void infer_special_ids(Tokenizer::Impl& impl) {
  if (impl.post_processor) {
    const auto prefix = impl.post_processor->prefix_ids();
    const auto suffix = impl.post_processor->suffix_ids();
    if (!prefix.empty()) impl.bos_id = prefix.front();
    if (!suffix.empty()) impl.eos_id = suffix.back();
  }
  if (!impl.bos_id) {
    impl.bos_id =
        first_known(impl, {"<s>", "<bos>", "<|begin_of_text|>", "<|startoftext|>", "<|endoftext|>"});
  }
  if (!impl.eos_id) {
    impl.eos_id = first_known(impl, {"</s>", "<eos>", "<|end_of_text|>", "<|endoftext|>"});
  }
  impl.pad_id = first_known(impl, {"<pad>", "<|pad|>", "[PAD]"});
}

void set_inferred_template_variables(Tokenizer::Impl& impl) {
  const std::pair<const char*, std::optional<int32_t>> fields[] = {
      {"bos_token", impl.bos_id}, {"eos_token", impl.eos_id}, {"pad_token", impl.pad_id}};
  for (const auto& [key, id] : fields) {
    if (!id) continue;
    const std::string* token = impl.added_vocabulary.content_of(*id);
    if (token == nullptr) token = impl.model->id_to_token(*id);
    if (token != nullptr) impl.template_variables[key] = *token;
  }
}

// tokenizer_config.json stores special tokens as a string or as an
// AddedToken object {"content": ...}.
std::optional<std::string> config_token(const Json& value) {
  if (value.is_string()) return value.get<std::string>();
  if (value.is_object() && value.contains("content") && value["content"].is_string()) {
    return value["content"].get<std::string>();
  }
  return std::nullopt;
}

void apply_config_special_tokens(Tokenizer::Impl& impl, const Json& config, const JsonSource& source) {
  const std::pair<const char*, std::optional<int32_t>*> fields[] = {{"bos_token", &impl.bos_id},
                                                                    {"eos_token", &impl.eos_id},
                                                                    {"pad_token", &impl.pad_id},
                                                                    {"unk_token", nullptr},
                                                                    {"mask_token", nullptr}};
  for (const auto& [key, target] : fields) {
    if (!config.contains(key)) continue;
    const std::optional<std::string> token = config_token(config[key]);
    if (token) {
      impl.template_variables[key] = *token;
    } else {
      impl.template_variables.erase(key);
    }
    if (target == nullptr) continue;
    *target = std::nullopt;
    if (!token) continue;
    *target = impl.added_vocabulary.token_to_id(*token);
    if (!*target) *target = impl.model->token_to_id(*token);
    if (!*target) source.fail(std::string(key) + " '" + *token + "' is not in the vocabulary");
  }
}

std::optional<std::string> config_chat_template(const Json& config) {
  if (!config.contains("chat_template")) return std::nullopt;
  const Json& value = config["chat_template"];
  if (value.is_string()) return value.get<std::string>();
  if (!value.is_array()) return std::nullopt;
  // A list of named templates: prefer "default", else the first one.
  std::optional<std::string> first;
  for (const Json& entry : value) {
    if (!entry.is_object() || !entry.contains("template") || !entry["template"].is_string()) continue;
    if (entry.value("name", "") == "default") return entry["template"].get<std::string>();
    if (!first) first = entry["template"].get<std::string>();
  }
  return first;
}

void set_chat_template(Tokenizer::Impl& impl, const std::string& text, const std::string& origin) {
  try {
    impl.chat_template.emplace(text);
  } catch (const TokenizerError& error) {
    impl.chat_template_error = origin + ": chat template is not supported: " + error.what();
  }
}

void load_model_dir_extras(Tokenizer::Impl& impl, const fs::path& dir) {
  const fs::path config_path = dir / "tokenizer_config.json";
  std::optional<std::string> template_text;
  std::string template_origin;
  if (fs::exists(config_path)) {
    const Json config = read_json_file(config_path);
    const JsonSource source(config_path.string());
    if (!config.is_object()) source.fail("must contain a JSON object");
    apply_config_special_tokens(impl, config, source);
    template_text = config_chat_template(config);
    template_origin = config_path.string();
  }
  const fs::path jinja_path = dir / "chat_template.jinja";
  if (!template_text && fs::exists(jinja_path)) {
    template_text = read_text_file(jinja_path, JsonSource(jinja_path.string()));
    template_origin = jinja_path.string();
  }
  if (template_text) set_chat_template(impl, *template_text, template_origin);
}

}  // namespace

std::unique_ptr<Tokenizer::Impl> build_from_tokenizer_json(const Json& root, const JsonSource& source) {
  if (!root.is_object()) source.fail("must contain a JSON object");
  auto impl = std::make_unique<Tokenizer::Impl>();
  impl->source_name = source.file_name();
  impl->model = make_model(root, source);
  impl->normalizer = make_normalizer(root.value("normalizer", Json()), source);
  impl->pre_tokenizer = make_pre_tokenizer(root.value("pre_tokenizer", Json()), source);
  impl->post_processor = make_post_processor(root.value("post_processor", Json()), source);
  impl->decoder = make_decoder(root.value("decoder", Json()), source);
  impl->added_vocabulary =
      AddedVocabulary(parse_added_tokens(root, *impl->model, source), impl->normalizer.get());
  compute_sizes(*impl);
  infer_special_ids(*impl);
  set_inferred_template_variables(*impl);
  return impl;
}

Tokenizer Tokenizer::from_file(const fs::path& tokenizer_json) {
  const JsonSource source(tokenizer_json.string());
  if (!fs::exists(tokenizer_json)) source.fail("file does not exist");
  Tokenizer tokenizer(build_from_tokenizer_json(read_json_file(tokenizer_json), source));
  load_model_dir_extras(*tokenizer.impl_, tokenizer_json.parent_path());
  return tokenizer;
}

Tokenizer Tokenizer::from_model_dir(const fs::path& model_dir) {
  if (!fs::is_directory(model_dir)) JsonSource(model_dir.string()).fail("is not a directory");
  const fs::path json_path = model_dir / "tokenizer.json";
  if (!fs::exists(json_path)) {
    JsonSource(model_dir.string())
        .fail("has no tokenizer.json (only BPE tokenizer.json files are supported)");
  }
  return from_file(json_path);
}

Tokenizer Tokenizer::load(const fs::path& path) {
  return fs::is_directory(path) ? from_model_dir(path) : from_file(path);
}

}  // namespace ar::tok
