#include "data/source_loading.hpp"

#include "datasets_test_support.hpp"

#include <ar/dataset.hpp>

#include <cstdlib>

namespace ar::testing {
namespace {

// Points $AR_HOST_DATASETS at a scratch folder for one test.
class HubCache : public ::testing::Test {
 protected:
  void SetUp() override { setenv("AR_HOST_DATASETS", cache.path().c_str(), 1); }
  void TearDown() override { unsetenv("AR_HOST_DATASETS"); }

  std::vector<std::string> load(const std::string& source, const std::string& split = "") {
    const Registry& registry = dataset_registry();
    const ComponentEntry& entry = data::dataset_component_for(registry, source);
    EXPECT_EQ(entry.info.name, "hub-cache");
    DatasetRequest request;
    request.source = source;
    request.split = split;
    return registry.make<Dataset>(entry)->load_texts(request);
  }

  ScratchDir cache;
};

TEST_F(HubCache, MissingDatasetSaysHowToPassALocalFile) {
  const std::string folder = (cache.path() / "NeelNanda/pile-10k").string();
  EXPECT_AR_ERROR(load("NeelNanda/pile-10k"),
                  "dataset 'NeelNanda/pile-10k' is not cached in '" + folder + "' and ar-host does not download "
                  "datasets; pass a local file instead (e.g. --dataset ./calib.txt) or put .txt/.json/.jsonl files "
                  "there");
}

TEST_F(HubCache, CachedFolderIsReadLikeALocalDirectory) {
  cache.write("NeelNanda/pile-10k/part-0.jsonl", "{\"text\": \"alpha\"}\n{\"text\": \"beta\"}\n");
  EXPECT_EQ(load("NeelNanda/pile-10k"), (std::vector<std::string>{"alpha", "beta"}));
  EXPECT_EQ(load("pile-10k"), (std::vector<std::string>{"alpha", "beta"}));  // bare name resolves
}

TEST_F(HubCache, OwnFolderWinsOverNameResolution) {
  cache.write("me/10k/a.txt", "mine\n");
  cache.write("NeelNanda/pile-10k/a.txt", "pile\n");
  EXPECT_EQ(load("me/10k"), (std::vector<std::string>{"mine"}));
  EXPECT_EQ(load("other/10k"), (std::vector<std::string>{"pile"}));
}

TEST_F(HubCache, SplitsSelectFilesOrFolders) {
  cache.write("mbpp/train.json", "[\"t\"]");
  cache.write("mbpp/test/a.txt", "x\n");
  EXPECT_EQ(load("mbpp", "train+test"), (std::vector<std::string>{"t", "x"}));
  const std::string folder = (cache.path() / "mbpp").string();
  EXPECT_AR_ERROR(load("mbpp", "validation"),
                  "dataset 'mbpp' has no split 'validation' in its cache '" + folder + "'; expected a folder "
                  "'validation/' or a file 'validation.txt', 'validation.json' or 'validation.jsonl' there");
}

TEST(HubNames, ComponentChoiceFollowsTheShapeOfTheSource) {
  EXPECT_EQ(data::dataset_component_for(dataset_registry(), "swift/pile-val-backup").info.name, "hub-cache");
  EXPECT_EQ(data::dataset_component_for(dataset_registry(), "./calib.txt").info.name, "local");
}

}  // namespace
}  // namespace ar::testing
