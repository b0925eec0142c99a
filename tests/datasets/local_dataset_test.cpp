#include "data/source_loading.hpp"

#include "datasets_test_support.hpp"

#include <ar/dataset.hpp>

#include <cctype>

namespace ar::testing {
namespace {

std::vector<std::string> load(const std::string& source) {
  const Registry& registry = dataset_registry();
  const ComponentEntry& entry = data::dataset_component_for(registry, source);
  EXPECT_EQ(entry.info.name, "local");
  DatasetRequest request;
  request.source = source;
  return registry.make<Dataset>(entry)->load_texts(request);
}

TEST(LocalDataset, PluginRegistersBothComponents) {
  const auto components = dataset_registry().components(ComponentKind::Dataset);
  ASSERT_EQ(components.size(), 2u);
  EXPECT_EQ(components[0]->info.name, "local");
  EXPECT_EQ(components[1]->info.name, "hub-cache");
}

TEST(LocalDataset, TinyStoriesSplitsAtEndOfText) {
  const auto samples = load(shared_data("tinystories_val100/validation_100.txt"));
  EXPECT_EQ(samples.size(), 100u);  // every story, the first included, ends with a marker
  for (const auto& s : samples) {
    EXPECT_EQ(s.find("<|endoftext|>"), std::string::npos);
    EXPECT_FALSE(s.empty());
    EXPECT_NE(s.back(), '\n');
  }
  EXPECT_EQ(samples[1].rfind("Once upon a time, in a warm and sunny place", 0), 0u);
}

TEST(LocalDataset, WikitextSplitsIntoParagraphsWithoutCarriageReturns) {
  const auto samples = load(shared_data("wikitext2_raw_test/wiki.test.raw"));
  EXPECT_GT(samples.size(), 1000u);
  EXPECT_EQ(samples[0], "= Robert Boulter =");
  for (const auto& s : samples) EXPECT_EQ(s.find('\r'), std::string::npos);
}

TEST(LocalDataset, TextWithoutBlankLinesIsOneSamplePerLine) {
  ScratchDir dir;
  EXPECT_EQ(load(dir.write("lines.txt", "\n\nfirst line\nsecond line\n  \n").string()),
            (std::vector<std::string>{"first line", "second line"}));
  EXPECT_EQ(load(dir.write("paras.txt", "a\nb\n\nc\n").string()), (std::vector<std::string>{"a\nb", "c"}));
}

TEST(LocalDataset, JsonListAndDictAcceptEveryItemShape) {
  ScratchDir dir;
  const std::string list = R"([
    "plain", {"only": "one key"}, {"text": "t", "id": 1}, {"content": "c", "x": 2}, {"code": "k", "y": 3},
    {"messages": [{"role": "user", "content": "hi"}, {"role": "assistant", "content": "hello"}]}])";
  EXPECT_EQ(load(dir.write("list.json", list).string()),
            (std::vector<std::string>{"plain", "one key", "t", "c", "k", "hi\nhello"}));
  EXPECT_EQ(load(dir.write("dict.JSON", R"({"a": "first", "b": {"text": "second"}})").string()),
            (std::vector<std::string>{"first", "second"}));
}

TEST(LocalDataset, JsonlReadsOneItemPerLine) {
  ScratchDir dir;
  const auto file = dir.write("d.jsonl", "{\"text\": \"one\"}\n\n\"two\"\r\n{\"k\": \"three\"}\n");
  EXPECT_EQ(load(file.string()), (std::vector<std::string>{"one", "two", "three"}));
}

TEST(LocalDataset, DirectoryReadsSampleFilesInPathOrder) {
  ScratchDir dir;
  dir.write("b.jsonl", "\"from b\"\n");
  dir.write("a.txt", "from a\n");
  dir.write("sub/c.json", "[\"from c\"]");
  dir.write("notes.md", "ignored");
  dir.write(".hidden/d.txt", "ignored too");
  EXPECT_EQ(load(dir.path().string()), (std::vector<std::string>{"from a", "from b", "from c"}));
}

TEST(LocalDataset, BadInputsHaveExactMessages) {
  ScratchDir dir;
  const auto ids = dir.write("ids.jsonl", "{\"input_ids\": [1, 2, 3], \"n\": 1}\n").string();
  EXPECT_AR_ERROR(load(ids), ids + " line 1: the item is a object ({\"input_ids\":[1,2,3],\"n\":1}); expected a "
                                   "string, an object with a string \"text\", \"content\" or \"code\", an object "
                                   "with a \"messages\" list, or a 1-key object holding a string");
  const auto scalar = dir.write("scalar.json", "42").string();
  EXPECT_AR_ERROR(load(scalar), scalar + ": the top level is a number; expected a list of samples or an object "
                                         "of samples");
  const auto missing = (dir.path() / "missing.txt").string();
  EXPECT_AR_ERROR(load(missing), "dataset file '" + missing + "' does not exist; expected a readable .txt, .raw, "
                                 ".json or .jsonl file");
  const auto empty = dir.path() / "empty";
  std::filesystem::create_directories(empty);
  EXPECT_AR_ERROR(load(empty.string()), "dataset directory '" + empty.string() + "' holds no .txt, .raw, .json or "
                                        ".jsonl file");
  const auto broken = dir.write("broken.json", "[\"a\",").string();
  try {
    load(broken);
    ADD_FAILURE() << "expected ar::Error";
  } catch (const Error& e) {
    EXPECT_EQ(std::string(e.what()).rfind(broken + " is not valid JSON: ", 0), 0u) << e.what();
  }
}

TEST(LocalDataset, KernelRightStripsDropsEmptiesAndShufflesWithTheSeed) {
  ScratchDir dir;
  std::string lines;
  for (int i = 0; i < 20; ++i) lines += "\"text " + std::to_string(i) + "  \\n\"\n";
  lines += "\"   \"\n";
  const auto file = dir.write("d.jsonl", lines).string();
  data::DatasetSource source;
  source.name = file;
  const auto a = data::load_source_texts(dataset_registry(), source, 42);
  ASSERT_FALSE(a.failure.has_value());
  ASSERT_EQ(a.texts.size(), 20u);
  for (const auto& text : a.texts) EXPECT_FALSE(std::isspace(static_cast<unsigned char>(text.back()))) << text;
  EXPECT_EQ(a.texts, data::load_source_texts(dataset_registry(), source, 42).texts);
  EXPECT_NE(a.texts, data::load_source_texts(dataset_registry(), source, 7).texts);
  source.shuffle = false;  // ':shuffle=false' keeps the file's order whatever the seed
  const auto in_order = data::load_source_texts(dataset_registry(), source, 7).texts;
  ASSERT_EQ(in_order.size(), 20u);
  for (int i = 0; i < 20; ++i) EXPECT_EQ(in_order[i], "text " + std::to_string(i));
}

TEST(LocalDataset, UnknownSourcesAreServedByNoComponent) {
  EXPECT_AR_ERROR(data::dataset_component_for(dataset_registry(), "./data.csv"),
                  "dataset './data.csv' is not served by any dataset component (registered: local, hub-cache); "
                  "expected a local .txt/.json/.jsonl file or directory, or a cached hub dataset name");
}

}  // namespace
}  // namespace ar::testing
