// Helpers for recipe tests: write a recipe to a temporary file and capture the error message.
#pragma once

#include "recipe/recipe_parser.hpp"

#include <ar/error.hpp>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

namespace ar::test {

inline std::string write_recipe(const std::string& text, const std::string& name = "recipe.yaml") {
  auto dir = std::filesystem::temp_directory_path() / "ar-recipe-tests";
  std::filesystem::create_directories(dir);
  auto path = (dir / name).string();
  std::ofstream(path) << text;
  return path;
}

// The ar::Error message `action` throws, or "(no error)".
template <class F>
std::string error_of(F&& action) {
  try {
    action();
  } catch (const ar::Error& e) {
    return e.what();
  }
  return "(no error)";
}

inline std::string parse_error(const std::string& text, const std::vector<std::string>& sets = {}) {
  auto path = write_recipe(text);
  auto message = error_of([&] { parse_recipe_file(path, sets); });
  // Messages start with the file name; tests compare what follows it.
  return message.rfind(path, 0) == 0 ? "<recipe>" + message.substr(path.size()) : message;
}

}  // namespace ar::test
