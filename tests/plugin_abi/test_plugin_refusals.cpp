// Each broken fixture plugin is refused at the right stage with its exact one-line reason, and
// the host keeps going with the others.
#include "registry/fingerprint.hpp"
#include "registry/registry.hpp"

#include <ar/error.hpp>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

namespace fs = std::filesystem;

namespace {

std::string fixture(const std::string& name) { return fmt::format("{}/{}/{}.so", AR_FIXTURE_DIR, name, name); }

ar::Refusal only_refusal(const std::string& name) {
  ar::Registry registry;
  registry.load({{fixture(name), false}});
  EXPECT_EQ(registry.plugins().size(), 0u);
  EXPECT_EQ(registry.refusals().size(), 1u);
  return registry.refusals().empty() ? ar::Refusal{} : registry.refusals().front();
}

std::string host_torch() {
  const auto& h = ar::host_fingerprint();
  return fmt::format("{}.{}", h.torch_major, h.torch_minor);
}

}  // namespace

TEST(PluginRefusal, MissingEntrySymbol) {
  auto r = only_refusal("no_symbol");
  EXPECT_EQ(r.stage, "symbol");
  EXPECT_EQ(r.text(), fixture("no_symbol") + " [symbol]: no exported symbol 'ar_plugin_get_descriptor' (hint: is this "
                                             "an ar-host plugin? plugins are built with ar_add_plugin() and "
                                             "AR_PLUGIN_DEFINE)");
}

TEST(PluginRefusal, AbiTooNew) {
  auto r = only_refusal("abi_too_new");
  EXPECT_EQ(r.text(), fixture("abi_too_new") + " [abi]: plugin ABI version 99 is newer than the host's 1 (hint: "
                                               "upgrade ar-host or rebuild the plugin against this host's SDK)");
}

TEST(PluginRefusal, LibTorchMismatch) {
  const auto& h = ar::host_fingerprint();
  auto r = only_refusal("torch_mismatch");
  EXPECT_EQ(r.text(), fmt::format("{} [torch]: built against LibTorch {}.{}, host runs LibTorch {} (hint: rebuild "
                                  "the plugin against LibTorch {})",
                                  fixture("torch_mismatch"), h.torch_major, h.torch_minor + 3, host_torch(),
                                  host_torch()));
}

TEST(PluginRefusal, EmptyDescriptorField) {
  auto r = only_refusal("empty_name");
  EXPECT_EQ(r.text(), fixture("empty_name") + " [descriptor]: descriptor field 'name' is empty");
}

TEST(PluginRefusal, RegisterFunctionThrows) {
  auto r = only_refusal("register_throws");
  EXPECT_EQ(r.text(), fixture("register_throws") +
                          " [register]: register function of plugin 'test-register-throws' failed: device table "
                          "not found");
}

TEST(PluginRefusal, ScoreZero) {
  auto r = only_refusal("score_zero");
  EXPECT_EQ(r.text(), fixture("score_zero") + " [score]: plugin 'test-score-zero' reports score 0: it cannot run on "
                                              "this machine (hint: install a variant built for this CPU/GPU)");
}

TEST(PluginRefusal, UndefinedLibTorchSymbol) {
  auto r = only_refusal("undefined_symbol");
  EXPECT_EQ(r.stage, "open");
  EXPECT_EQ(r.reason, fixture("undefined_symbol") +
                          ": undefined symbol: _ZN3c1041ar_test_symbol_missing_from_this_libtorchEv");
  EXPECT_EQ(r.hint, "the plugin was built against a different LibTorch or C++ ABI; rebuild it against the host's SDK");
}

TEST(PluginRefusal, NotAnElfFile) {
  auto dir = fs::temp_directory_path() / "ar-test-not-elf";
  fs::create_directories(dir);
  fs::permissions(dir, fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec);
  auto file = dir / "garbage.so";
  std::ofstream(file) << "this is not a shared library\n";
  ar::Registry registry;
  registry.load({{dir.string(), false}});
  ASSERT_EQ(registry.refusals().size(), 1u);
  EXPECT_EQ(registry.refusals()[0].stage, "open");
  EXPECT_NE(registry.refusals()[0].text().find("garbage.so [open]: "), std::string::npos);
  EXPECT_NE(registry.refusals()[0].reason.find("file too short"), std::string::npos) << registry.refusals()[0].reason;
  fs::remove_all(dir);
}

TEST(PluginRefusal, DuplicateComponentNamesBothFiles) {
  ar::Registry registry;
  registry.load({{fixture("duplicate_a"), false}, {fixture("duplicate_b"), false}});
  ASSERT_EQ(registry.plugins().size(), 1u);
  ASSERT_EQ(registry.refusals().size(), 1u);
  EXPECT_EQ(registry.refusals()[0].text(),
            fmt::format("{} [register]: dataset 'test-dup' is already registered by {}; {} registers it again "
                        "(hint: remove one of the two plugins from the plugin path)",
                        fixture("duplicate_b"), fixture("duplicate_a"), fixture("duplicate_b")));
}

TEST(PluginRefusal, WritableDirectoryIsRefused) {
  auto dir = fs::temp_directory_path() / "ar-test-writable";
  fs::remove_all(dir);
  fs::create_directories(dir);
  fs::copy_file(fixture("good"), dir / "good.so");
  fs::permissions(dir, fs::perms::all);  // 0777
  ar::Registry registry;
  registry.load({{dir.string(), false}});
  ASSERT_EQ(registry.refusals().size(), 1u);
  EXPECT_EQ(registry.refusals()[0].text(),
            dir.string() + " [permissions]: directory is writable by group or others (mode 0777); plugins are only "
                           "loaded from locations only their owner can change (hint: fix with chmod go-w / chown)");
  EXPECT_TRUE(registry.plugins().empty());
  fs::remove_all(dir);
}

TEST(PluginRefusal, WritableFileIsRefused) {
  auto dir = fs::temp_directory_path() / "ar-test-writable-file";
  fs::remove_all(dir);
  fs::create_directories(dir);
  fs::permissions(dir, fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec);
  fs::copy_file(fixture("good"), dir / "good.so");
  fs::permissions(dir / "good.so", fs::perms::all);
  ar::Registry registry;
  registry.load({{dir.string(), false}});
  ASSERT_EQ(registry.refusals().size(), 1u);
  EXPECT_EQ(registry.refusals()[0].stage, "permissions");
  EXPECT_NE(registry.refusals()[0].reason.find("file is writable by group or others (mode 0777)"), std::string::npos);
  fs::remove_all(dir);
}

TEST(PluginRefusal, ExplicitlyNamedBadPluginIsFatal) {
  ar::Registry registry;
  try {
    registry.load({{fixture("torch_mismatch"), true}});
    FAIL() << "expected ar::Error";
  } catch (const ar::Error& e) {
    EXPECT_EQ(std::string(e.what()).rfind("cannot use plugin " + fixture("torch_mismatch") + " [torch]: built against", 0),
              0u)
        << e.what();
  }
}

TEST(PluginRefusal, HostGoesOnWithTheOthers) {
  ar::Registry registry;
  registry.load({{fixture("abi_too_new"), false}, {fixture("good"), false}, {fixture("register_throws"), false}});
  ASSERT_EQ(registry.plugins().size(), 1u);
  EXPECT_EQ(registry.plugins()[0].name, "test-good");
  EXPECT_EQ(registry.refusals().size(), 2u);
  EXPECT_NE(registry.find(ar::ComponentKind::Dataset, "test-lines"), nullptr);
}
