#include "registry/discovery.hpp"

#include <fmt/format.h>

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <set>

namespace fs = std::filesystem;

namespace ar {
namespace {

std::string executable_dir() {
  std::error_code ec;
  auto exe = fs::read_symlink("/proc/self/exe", ec);
  return ec ? std::string() : exe.parent_path().string();
}

std::vector<std::string> split_path_list(const std::string& text) {
  std::vector<std::string> parts;
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find(':', start);
    if (end == std::string::npos) end = text.size();
    if (end > start) parts.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return parts;
}

bool is_shared_object(const fs::path& path) { return path.extension() == ".so"; }

std::vector<fs::path> shared_objects_in(const fs::path& dir) {
  std::vector<fs::path> files;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    if (entry.is_regular_file() && is_shared_object(entry.path())) files.push_back(entry.path());
    if (!entry.is_directory()) continue;
    for (const auto& inner : fs::directory_iterator(entry.path(), ec))
      if (inner.is_regular_file() && is_shared_object(inner.path())) files.push_back(inner.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

struct Collector {
  DiscoveryResult result;
  std::set<std::string> seen;

  bool safe(const fs::path& path, bool explicit_) {
    auto problem = unsafe_permissions(path.string());
    if (problem.empty()) return true;
    result.refusals.push_back({path.string(), "permissions", problem, "fix with chmod go-w / chown", explicit_});
    return false;
  }

  void add_file(const fs::path& file, bool explicit_) {
    std::error_code ec;
    auto canonical = fs::canonical(file, ec).string();
    if (ec || !seen.insert(canonical).second) return;
    if (!safe(file.parent_path(), explicit_) || !safe(file, explicit_)) return;
    result.candidates.push_back({canonical, explicit_});
  }

  void add(const PluginSearchPath& entry) {
    fs::path path(entry.path);
    std::error_code ec;
    if (!fs::exists(path, ec)) {
      if (entry.explicit_)
        result.refusals.push_back({entry.path, "open", "no such file or directory", "", true});
      return;
    }
    if (!fs::is_directory(path)) return add_file(path, entry.explicit_);
    if (!safe(path, entry.explicit_)) return;
    for (const auto& file : shared_objects_in(path)) add_file(file, entry.explicit_);
  }
};

}  // namespace

std::string unsafe_permissions(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return "cannot be read (stat failed)";
  const char* what = S_ISDIR(st.st_mode) ? "directory" : "file";
  if (st.st_mode & (S_IWGRP | S_IWOTH))
    return fmt::format("{} is writable by group or others (mode {:04o}); plugins are only loaded from "
                       "locations only their owner can change",
                       what, st.st_mode & 07777);
  if (st.st_uid != ::geteuid() && st.st_uid != 0)
    return fmt::format("{} is owned by uid {}, not by the current user (uid {}) or root", what, st.st_uid,
                       ::geteuid());
  return "";
}

std::vector<PluginSearchPath> default_plugin_paths() {
  std::vector<PluginSearchPath> paths;
  if (const char* env = std::getenv("AR_HOST_PLUGIN_PATH"))
    for (const auto& part : split_path_list(env))
      if (fs::path(part).is_absolute()) paths.push_back({part, false});
  auto exe_dir = executable_dir();
  if (!exe_dir.empty()) paths.push_back({(fs::path(exe_dir) / ".." / "lib" / "ar-host" / "plugins").string(), false});
  return paths;
}

DiscoveryResult discover_plugins(const std::vector<PluginSearchPath>& paths) {
  Collector collector;
  for (const auto& entry : paths) collector.add(entry);
  return collector.result;
}

}  // namespace ar
