// Format::open for the gguf format: the GGUF file of an output directory read back with Hugging
// Face names. Block Linear weights of a GGUF type come back as QuantizedWeight (rows in Hugging
// Face order again), everything else (norms, bf16 layers, the embedding) as float tensors.
#pragma once

#include <ar/format.hpp>

#include <memory>
#include <string>

namespace ar::gguf {

std::unique_ptr<QuantizedCheckpointReader> open_gguf_checkpoint(const std::string& directory);

}  // namespace ar::gguf
