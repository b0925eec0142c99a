#include "data/dataset_spec.hpp"

#include "datasets_test_support.hpp"

namespace ar::data {
namespace {

TEST(DatasetSpec, SeedExampleHasThreeSources) {
  const auto sources = parse_dataset_spec("./tmp.json,NeelNanda/pile-10k:num=256,mbpp:num=128");
  ASSERT_EQ(sources.size(), 3u);
  EXPECT_EQ(sources[0].name, "./tmp.json");
  EXPECT_FALSE(sources[0].num.has_value());
  EXPECT_EQ(sources[1].name, "NeelNanda/pile-10k");
  EXPECT_EQ(sources[1].num, 256);
  EXPECT_EQ(sources[2].num, 128);
}

TEST(DatasetSpec, EveryOptionIsRead) {
  const auto sources =
      parse_dataset_spec(" a.txt : split=train+validation : concat : apply_chat_template=false : num=7 : shuffle=0 ");
  ASSERT_EQ(sources.size(), 1u);
  EXPECT_EQ(sources[0].name, "a.txt");
  EXPECT_EQ(sources[0].splits, (std::vector<std::string>{"train", "validation"}));
  EXPECT_TRUE(sources[0].concat);
  EXPECT_FALSE(sources[0].apply_chat_template);
  EXPECT_EQ(sources[0].num, 7);
  EXPECT_FALSE(sources[0].shuffle);
  EXPECT_TRUE(parse_dataset_spec("b.txt")[0].shuffle);
}

TEST(DatasetSpec, BooleanValuesIgnoreCase) {
  EXPECT_TRUE(parse_dataset_spec("x:concat=True")[0].concat);
  EXPECT_FALSE(parse_dataset_spec("x:concat=false")[0].concat);
  EXPECT_TRUE(parse_dataset_spec("x:apply_chat_template")[0].apply_chat_template);
}

TEST(DatasetSpec, QuotedSystemPromptKeepsColonsAndCommasAndTurnsTemplateOn) {
  const auto sources = parse_dataset_spec("x:system_prompt=\"Be brief: yes, no.\",y");
  ASSERT_EQ(sources.size(), 2u);
  EXPECT_EQ(sources[0].system_prompt, "Be brief: yes, no.");
  EXPECT_TRUE(sources[0].apply_chat_template);
  EXPECT_EQ(sources[1].name, "y");
}

TEST(DatasetSpec, EmptySpecHasNoSource) {
  EXPECT_TRUE(parse_dataset_spec("").empty());
  EXPECT_TRUE(parse_dataset_spec("   ").empty());
}

TEST(DatasetSpec, DescribeRoundTrips) {
  const std::string text = "a.json:num=4:split=a+b:concat:apply_chat_template:system_prompt=\"hi\":shuffle=false";
  EXPECT_EQ(describe_source(parse_dataset_spec(text)[0]), text);
}

TEST(DatasetSpec, MalformedEntriesHaveExactMessages) {
  EXPECT_AR_ERROR(parse_dataset_spec("a.txt,,b.txt"),
                  "dataset spec 'a.txt,,b.txt' has an empty entry; expected comma-separated names such as "
                  "./calib.txt,NeelNanda/pile-10k:num=64");
  EXPECT_AR_ERROR(parse_dataset_spec("a.txt:bogus=1"),
                  "dataset spec entry 'a.txt:bogus=1': unknown option 'bogus'; expected num=N, split=a+b, "
                  "concat[=true|false], apply_chat_template[=true|false], shuffle[=true|false] or system_prompt=TEXT");
  EXPECT_AR_ERROR(parse_dataset_spec("a.txt:num=ten"),
                  "dataset spec entry 'a.txt:num=ten': num='ten' is not a positive integer");
  EXPECT_AR_ERROR(parse_dataset_spec("a.txt:num=0"),
                  "dataset spec entry 'a.txt:num=0': num='0' is not a positive integer");
  EXPECT_AR_ERROR(parse_dataset_spec("a.txt:num=-3"),
                  "dataset spec entry 'a.txt:num=-3': num='-3' is not a positive integer");
  EXPECT_AR_ERROR(parse_dataset_spec("a.txt:num"), "dataset spec entry 'a.txt:num': option 'num' needs a value (num=...)");
  EXPECT_AR_ERROR(parse_dataset_spec("a.txt:concat=maybe"),
                  "dataset spec entry 'a.txt:concat=maybe': concat='maybe' is not a boolean; expected true or false");
  EXPECT_AR_ERROR(parse_dataset_spec(":num=3"), "dataset spec entry ':num=3' has no dataset name before ':'");
  EXPECT_AR_ERROR(parse_dataset_spec("a.txt::concat"), "dataset spec entry 'a.txt::concat': an option is empty");
  EXPECT_AR_ERROR(parse_dataset_spec("a.txt:split=train+"),
                  "dataset spec entry 'a.txt:split=train+': split='train+' has an empty split name; expected e.g. "
                  "split=train or split=train+validation");
  EXPECT_AR_ERROR(parse_dataset_spec("a.txt:system_prompt=\"open"),
                  "dataset spec 'a.txt:system_prompt=\"open' has a double quote that is not closed");
}

}  // namespace
}  // namespace ar::data
