// Registry behaviour with well-formed plugins: variants by score, lookups, lifetime.
#include "registry/registry.hpp"

#include <ar/error.hpp>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

namespace fs = std::filesystem;

namespace {
std::string fixture(const std::string& name) { return fmt::format("{}/{}/{}.so", AR_FIXTURE_DIR, name, name); }
}  // namespace

TEST(PluginRegistry, HighestScoringVariantWins) {
  ar::Registry registry;
  registry.load({{fixture("variant_low"), false}, {fixture("variant_high"), false}});
  ASSERT_EQ(registry.plugins().size(), 1u);
  EXPECT_EQ(registry.plugins()[0].file, fixture("variant_high"));
  EXPECT_EQ(registry.plugins()[0].score, 7);
  ASSERT_EQ(registry.refusals().size(), 1u);
  EXPECT_EQ(registry.refusals()[0].text(),
            fmt::format("{} [score]: variant of plugin 'test-variant' with score 2 not chosen: {} scores 7",
                        fixture("variant_low"), fixture("variant_high")));
}

TEST(PluginRegistry, DescriptorFieldsAreRecorded) {
  ar::Registry registry;
  registry.load({{fixture("good"), false}});
  ASSERT_EQ(registry.plugins().size(), 1u);
  const auto& p = registry.plugins()[0];
  EXPECT_EQ(p.name, "test-good");
  EXPECT_EQ(p.version, "1.2.3");
  EXPECT_EQ(p.license, "Apache-2.0");
  EXPECT_NE(p.build.find("LibTorch"), std::string::npos);
}

TEST(PluginRegistry, LookupIgnoresCaseAndDashes) {
  ar::Registry registry;
  registry.load({{fixture("good"), false}});
  EXPECT_NE(registry.find(ar::ComponentKind::Dataset, "TEST_LINES"), nullptr);
  EXPECT_EQ(registry.find(ar::ComponentKind::Format, "test-lines"), nullptr);
}

TEST(PluginRegistry, MissingComponentListsWhatExists) {
  ar::Registry registry;
  registry.load({{fixture("good"), false}, {fixture("abi_too_new"), false}});
  try {
    registry.require(ar::ComponentKind::Dataset, "pile");
    FAIL();
  } catch (const ar::Error& e) {
    EXPECT_STREQ(e.what(), "no dataset named 'pile' is registered; available: test-lines (1 plugin file(s) were "
                           "refused; run `ar-host list` to see why)");
  }
}

TEST(PluginRegistry, ObjectsKeepTheirLibraryAlive) {
  auto dir = fs::temp_directory_path() / "ar-test-lifetime";
  fs::create_directories(dir);
  std::ofstream(dir / "data.lines") << "first\n\nsecond\n";
  auto registry = std::make_unique<ar::Registry>();
  registry->load({{fixture("good"), false}});
  auto dataset = registry->make<ar::Dataset>("test-lines");
  registry.reset();  // the plugin's code must stay mapped while `dataset` lives
  auto texts = dataset->load_texts({(dir / "data.lines").string(), "", 1, -1});
  ASSERT_EQ(texts.size(), 2u);
  EXPECT_EQ(texts[1], "second");
  fs::remove_all(dir);
}

TEST(PluginRegistry, MissingExplicitPathIsFatal) {
  ar::Registry registry;
  EXPECT_THROW(registry.load({{"/nonexistent/ar-plugin.so", true}}), ar::Error);
}

TEST(PluginRegistry, InTreePluginsEachExportOneSymbol) {
  int checked = 0;
  for (const auto& entry : fs::directory_iterator(AR_PLUGIN_DIR)) {
    if (entry.path().extension() != ".so") continue;
    std::string command = "nm -D --defined-only '" + entry.path().string() + "' | awk '{print $3}'";
    FILE* pipe = popen(command.c_str(), "r");
    ASSERT_NE(pipe, nullptr);
    std::string symbols;
    char buffer[256];
    while (fgets(buffer, sizeof buffer, pipe)) symbols += buffer;
    pclose(pipe);
    EXPECT_EQ(symbols, "ar_plugin_get_descriptor\n") << entry.path();
    ++checked;
  }
  EXPECT_GT(checked, 0) << "no plugins found in " << AR_PLUGIN_DIR;
}
