// Malformed or unsupported tokenizer files must raise TokenizerError with a
// sentence that names the file and the problem.
#include <gtest/gtest.h>

#include <fstream>

#include "test_support.hpp"
#include "tokenizer.hpp"

namespace ar::tok::test {
namespace {

namespace fs = std::filesystem;

class MalformedInput : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    directory_ = fs::temp_directory_path() /
                 ("ar_tokenizer_" + std::string(info->name()) + "_" + std::to_string(::getpid()));
    fs::create_directories(directory_);
  }
  void TearDown() override { fs::remove_all(directory_); }

  fs::path write(const std::string& name, const std::string& contents) const {
    const fs::path path = directory_ / name;
    std::ofstream(path, std::ios::binary) << contents;
    return path;
  }

  // Loads `contents` as tokenizer.json and returns the error message.
  std::string load_error(const std::string& contents) const {
    const fs::path path = write("tokenizer.json", contents);
    try {
      Tokenizer::load(directory_);
    } catch (const TokenizerError& error) {
      return error.what();
    }
    return "no error";
  }

  std::string prefix() const { return (directory_ / "tokenizer.json").string() + ": "; }

  fs::path directory_;
};

const std::string kVocab = R"("vocab": {"a": 0, "b": 1, "ab": 2})";

std::string with_model(const std::string& model, const std::string& extra = "") {
  return R"({"version": "1.0", "added_tokens": [], "normalizer": null, "pre_tokenizer": null, )" + extra +
         R"("post_processor": null, "decoder": null, "model": )" + model + "}";
}

TEST_F(MalformedInput, BadJson) {
  const std::string message = load_error("{\"model\": {\"type\": \"BPE\",");
  EXPECT_EQ(message.rfind(prefix() + "is not valid JSON (", 0), 0u) << message;
}

TEST_F(MalformedInput, UnknownModelType) {
  EXPECT_EQ(load_error(with_model(R"({"type": "Unigram", "vocab": [["a", 0.0]]})")),
            prefix() + "unsupported model type 'Unigram' (only BPE is supported)");
}

TEST_F(MalformedInput, MissingMerges) {
  EXPECT_EQ(load_error(with_model(R"({"type": "BPE", )" + kVocab + "}")),
            prefix() + "model 'BPE' is missing the required field 'merges'");
}

TEST_F(MalformedInput, MergeOutsideTheVocabulary) {
  EXPECT_EQ(load_error(with_model(R"({"type": "BPE", )" + kVocab + R"(, "merges": ["a b", "b c"]})")),
            prefix() + "model merge #2 ('b', 'c') uses the token 'c', which is not in the vocabulary");
  EXPECT_EQ(load_error(with_model(R"({"type": "BPE", )" + kVocab + R"(, "merges": ["a b c"]})")),
            prefix() + "model merge #1 'a b c' is not of the form \"left right\"");
}

TEST_F(MalformedInput, MissingModel) {
  EXPECT_EQ(load_error(R"({"version": "1.0", "added_tokens": []})"),
            prefix() + "the tokenizer is missing the required field 'model'");
}

TEST_F(MalformedInput, UnsupportedComponents) {
  const std::string model = R"({"type": "BPE", )" + kVocab + R"(, "merges": [["a", "b"]]})";
  EXPECT_EQ(
      load_error(with_model(model, R"("normalizer": {"type": "Precompiled", "precompiled_charsmap": ""}, )")),
      prefix() +
          "unsupported normalizer type 'Precompiled' (supported: Sequence, Replace, Prepend, NFC, "
          "NFD, NFKC, NFKD, Lowercase, Strip, StripAccents, ByteLevel)");
  const std::string pre_tokenizer =
      R"("pre_tokenizer": {"type": "Sequence", "pretokenizers": [{"type": "BertPreTokenizer"}]}, )";
  EXPECT_EQ(load_error(with_model(model, pre_tokenizer)),
            prefix() +
                "unsupported pre_tokenizer type 'BertPreTokenizer' (supported: Sequence, ByteLevel, Split, "
                "Digits, Metaspace, WhitespaceSplit)");
  const std::string bad_regex =
      R"("pre_tokenizer": {"type": "Split", "pattern": {"Regex": "(a"}, "behavior": "Isolated"}, )";
  EXPECT_EQ(load_error(with_model(model, bad_regex))
                .rfind(prefix() + "pre_tokenizer 'Split': invalid regex '(a'", 0),
            0u);
}

// The three owners of a tokenizer.json pattern share one reader: each names itself in the error.
TEST_F(MalformedInput, PatternNeitherStringNorRegex) {
  const std::string model = R"({"type": "BPE", )" + kVocab + R"(, "merges": [["a", "b"]]})";
  const std::string pattern = R"("pattern": {"Glob": "a*"})";
  const std::vector<std::pair<std::string, std::string>> owners = {
      {R"("pre_tokenizer": {"type": "Split", )" + pattern + R"(, "behavior": "Isolated"}, )", "pre_tokenizer 'Split'"},
      {R"("normalizer": {"type": "Replace", )" + pattern + R"(, "content": "b"}, )", "normalizer 'Replace'"},
      {R"("decoder": {"type": "Replace", )" + pattern + R"(, "content": "b"}, )", "decoder 'Replace'"}};
  for (const auto& [component, owner] : owners) {
    auto json = with_model(model, component);
    if (component.rfind(R"("decoder")", 0) == 0) {  // with_model sets "decoder": null itself
      json = R"({"version": "1.0", "added_tokens": [], "normalizer": null, "pre_tokenizer": null, )" + component +
             R"("post_processor": null, "model": )" + model + "}";
    }
    EXPECT_EQ(load_error(json), prefix() + owner + " has a 'pattern' that is neither {\"String\": ...} nor {\"Regex\": ...}");
  }
}

TEST_F(MalformedInput, MissingFilesAreNamed) {
  const fs::path missing = directory_ / "nowhere" / "tokenizer.json";
  try {
    Tokenizer::from_file(missing);
    FAIL() << "no error";
  } catch (const TokenizerError& error) {
    EXPECT_EQ(std::string(error.what()), missing.string() + ": file does not exist");
  }
  try {
    Tokenizer::from_model_dir(directory_);
    FAIL() << "no error";
  } catch (const TokenizerError& error) {
    EXPECT_EQ(std::string(error.what()),
              directory_.string() + ": has no tokenizer.json (only BPE tokenizer.json files are supported)");
  }
}

TEST_F(MalformedInput, ConfigSpecialTokenOutsideTheVocabulary) {
  write("tokenizer.json", with_model(R"({"type": "BPE", )" + kVocab + R"(, "merges": []})"));
  write("tokenizer_config.json", R"({"bos_token": "<s>"})");
  try {
    Tokenizer::load(directory_);
    FAIL() << "no error";
  } catch (const TokenizerError& error) {
    EXPECT_EQ(std::string(error.what()),
              (directory_ / "tokenizer_config.json").string() + ": bos_token '<s>' is not in the vocabulary");
  }
}

TEST_F(MalformedInput, MinimalValidFileLoads) {
  write("tokenizer.json", with_model(R"({"type": "BPE", )" + kVocab + R"(, "merges": [["a", "b"]]})"));
  const Tokenizer tokenizer = Tokenizer::load(directory_ / "tokenizer.json");
  EXPECT_EQ(tokenizer.encode("abab", true), (std::vector<int32_t>{2, 2}));
  EXPECT_EQ(tokenizer.decode({2, 0}, false), "ab a");  // no decoder: tokens joined by spaces
}

}  // namespace
}  // namespace ar::tok::test
