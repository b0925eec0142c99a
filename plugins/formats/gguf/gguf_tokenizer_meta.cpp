#include "gguf_tokenizer_meta.hpp"

#include <ar/error.hpp>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <sstream>

namespace ar::gguf {

namespace {

using nlohmann::json;

// llama.cpp's token types.
enum TokenType : int32_t { kNormal = 1, kUnknown = 2, kControl = 3, kUserDefined = 4, kUnused = 5, kByte = 6 };

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

json read_json(const std::string& path, bool required) {
  if (!std::filesystem::exists(path)) {
    if (required) throw Error(fmt::format("the gguf format needs '{}' for the tokenizer metadata", path));
    return json::object();
  }
  try {
    return json::parse(read_file(path));
  } catch (const json::exception& e) {
    throw Error(fmt::format("'{}' is not valid JSON: {}", path, e.what()));
  }
}

struct Vocab {
  std::vector<std::string> tokens;
  std::vector<int32_t> types;
  std::map<std::string, int64_t> ids;
};

Vocab read_vocab(const json& tok, int64_t vocab_size, bool byte_fallback) {
  Vocab v;
  std::map<int64_t, std::string> by_id;
  for (auto it = tok["model"]["vocab"].begin(); it != tok["model"]["vocab"].end(); ++it)
    by_id[it.value().get<int64_t>()] = it.key();
  std::map<int64_t, bool> added_special;
  for (const auto& a : tok.value("added_tokens", json::array())) {
    by_id[a["id"].get<int64_t>()] = a["content"].get<std::string>();
    added_special[a["id"].get<int64_t>()] = a.value("special", false);
  }
  int64_t n = std::max<int64_t>(vocab_size, by_id.empty() ? 0 : by_id.rbegin()->first + 1);
  static const std::regex byte_token("<0x[0-9A-Fa-f]{2}>");
  for (int64_t i = 0; i < n; ++i) {
    auto it = by_id.find(i);
    if (it == by_id.end()) {
      v.tokens.push_back(fmt::format("[PAD{}]", i));
      v.types.push_back(kUnused);
      continue;
    }
    int32_t type = kNormal;
    if (auto a = added_special.find(i); a != added_special.end()) type = a->second ? kControl : kUserDefined;
    else if (byte_fallback && std::regex_match(it->second, byte_token)) type = kByte;
    v.tokens.push_back(it->second);
    v.types.push_back(type);
    v.ids[it->second] = i;
  }
  return v;
}

std::vector<std::string> merges_of(const json& model) {
  std::vector<std::string> merges;
  for (const auto& m : model.value("merges", json::array()))
    merges.push_back(m.is_string() ? m.get<std::string>() : m[0].get<std::string>() + " " + m[1].get<std::string>());
  return merges;
}

// SentencePiece-style scores: the merge that makes a token earlier ranks higher, as a BPE applies them.
std::vector<float> merge_rank_scores(const Vocab& v, const std::vector<std::string>& merges) {
  std::vector<float> scores(v.tokens.size(), 0.f);
  for (size_t r = 0; r < merges.size(); ++r) {
    auto space = merges[r].find(' ');
    auto merged = merges[r].substr(0, space) + merges[r].substr(space + 1);
    if (auto it = v.ids.find(merged); it != v.ids.end() && scores[size_t(it->second)] == 0.f)
      scores[size_t(it->second)] = -static_cast<float>(r + 1);
  }
  return scores;
}

// llama.cpp's pre-tokenizer name for a byte-level BPE, from the shape of its pre_tokenizer.
std::string pre_tokenizer_name(const json& tok) {
  const auto& pre = tok["pre_tokenizer"];
  if (pre.is_object() && pre.value("type", "") == "ByteLevel" && pre.value("use_regex", true)) return "gpt-2";
  if (pre.is_object() && pre.value("type", "") == "Sequence") {
    auto dumped = pre.dump();
    if (dumped.find("Digits") != std::string::npos && dumped.find("ByteLevel") != std::string::npos) return "smollm";
    if (dumped.find("\\\\p{N}{1,3}") != std::string::npos) return "llama-bpe";
    if (dumped.find("\\\\p{N}") != std::string::npos) return "qwen2";
  }
  return "default";
}

std::string token_text(const json& v) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_object() && v.contains("content")) return v["content"].get<std::string>();
  return "";
}

// The template's first/last piece is a special token: the tokenizer adds BOS/EOS by itself.
std::pair<bool, bool> template_adds(const json& tok) {
  const auto& post = tok["post_processor"];
  if (!post.is_object() || post.value("type", "") != "TemplateProcessing") return {false, false};
  const auto& single = post["single"];
  if (!single.is_array() || single.empty()) return {false, false};
  return {single.front().contains("SpecialToken"), single.size() > 1 && single.back().contains("SpecialToken")};
}

void write_special_tokens(GgufFileWriter& f, const Vocab& v, const json& tok, const json& cfg, const json& config) {
  const std::pair<const char*, const char*> specials[] = {
      {"bos", "bos_token_id"}, {"eos", "eos_token_id"}, {"unk", "unknown_token_id"}, {"pad", "padding_token_id"}};
  for (const auto& [hf, gguf_key] : specials) {
    auto text = token_text(cfg.value(std::string(hf) + "_token", json()));
    int64_t id = -1;
    if (auto it = v.ids.find(text); !text.empty() && it != v.ids.end()) id = it->second;
    else if (auto c = config.find(std::string(hf) + "_token_id"); c != config.end() && c->is_number_integer())
      id = c->get<int64_t>();
    if (id >= 0) f.add_u32(std::string("tokenizer.ggml.") + gguf_key, static_cast<uint32_t>(id));
  }
  auto [adds_bos, adds_eos] = template_adds(tok);
  auto flag = [&](const char* key, bool fallback) {
    return cfg.contains(key) && cfg[key].is_boolean() ? cfg[key].get<bool>() : fallback;
  };
  f.add_bool("tokenizer.ggml.add_bos_token", flag("add_bos_token", adds_bos));
  f.add_bool("tokenizer.ggml.add_eos_token", flag("add_eos_token", adds_eos));
}

}  // namespace

void write_tokenizer_metadata(GgufFileWriter& f, const std::string& dir, int64_t vocab_size) {
  auto tok = read_json(dir + "/tokenizer.json", true);
  auto cfg = read_json(dir + "/tokenizer_config.json", false);
  auto config = read_json(dir + "/config.json", false);
  if (!tok.contains("model") || tok["model"].value("type", "") != "BPE")
    throw Error(fmt::format("'{}/tokenizer.json': the gguf format writes BPE tokenizers only", dir));
  const bool byte_fallback = tok["model"].value("byte_fallback", false);
  auto vocab = read_vocab(tok, vocab_size, byte_fallback);
  auto merges = merges_of(tok["model"]);
  if (byte_fallback) {
    f.add_string("tokenizer.ggml.model", "llama");
    f.add_string("tokenizer.ggml.pre", "default");
    f.add_strings("tokenizer.ggml.tokens", vocab.tokens);
    f.add_f32s("tokenizer.ggml.scores", merge_rank_scores(vocab, merges));
    f.add_i32s("tokenizer.ggml.token_type", vocab.types);
    if (cfg.contains("add_prefix_space") && cfg["add_prefix_space"].is_boolean())
      f.add_bool("tokenizer.ggml.add_space_prefix", cfg["add_prefix_space"].get<bool>());
  } else {
    f.add_string("tokenizer.ggml.model", "gpt2");
    f.add_string("tokenizer.ggml.pre", pre_tokenizer_name(tok));
    f.add_strings("tokenizer.ggml.tokens", vocab.tokens);
    f.add_i32s("tokenizer.ggml.token_type", vocab.types);
    f.add_strings("tokenizer.ggml.merges", merges);
  }
  write_special_tokens(f, vocab, tok, cfg, config);
  std::string chat_template = cfg.contains("chat_template") && cfg["chat_template"].is_string()
                                  ? cfg["chat_template"].get<std::string>() : std::string();
  if (chat_template.empty() && std::filesystem::exists(dir + "/chat_template.jinja"))
    chat_template = read_file(dir + "/chat_template.jinja");
  if (!chat_template.empty()) f.add_string("tokenizer.chat_template", chat_template);
}

}  // namespace ar::gguf
