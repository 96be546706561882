// How the C library's allocator treats the memory a training loop frees.
#pragma once

namespace sg {

// Keeps freed memory in the process for the next allocation instead of
// giving it back to the system. Why: a training step builds a graph and frees
// it; glibc then returns the top of its heap to the system once more than a
// threshold is free there (a threshold it adapts to the largest block freed),
// and the next step grows the heap again, one page fault per 4 KB. On the
// 784-256-128-10 MLP at batch 64 that was 2/3 of the step's time
// (docs/performance.md). This sets glibc's trim threshold to 1 GiB and its
// mmap threshold to 32 MiB (blocks above it still go straight back), once,
// for the whole process: call it at the start of main, as every chapter,
// app and benchmark of this repository does. Elsewhere than glibc it does
// nothing and returns false.
bool keep_freed_memory();

}  // namespace sg
