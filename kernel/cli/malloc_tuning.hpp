// Process-wide allocator settings for the ar-host executable.
#pragma once

namespace ar::cli {

// Raise glibc's mmap and trim thresholds so that tensors freed in one tuning iteration are
// reused by the next without page faults (no-op when the environment sets malloc tunables).
void keep_freed_memory_for_reuse();

}  // namespace ar::cli
