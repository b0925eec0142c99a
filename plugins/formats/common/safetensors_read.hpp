// Reads every tensor of the *.safetensors files of a directory (the SDK offers plugins a writer only).
#pragma once

#include <ATen/core/Tensor.h>

#include <map>
#include <string>

namespace ar::formats {

std::map<std::string, at::Tensor> read_safetensors_dir(const std::string& directory);

}  // namespace ar::formats
