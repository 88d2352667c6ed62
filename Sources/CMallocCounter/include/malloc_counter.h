#ifndef PHOENIX_MALLOC_COUNTER_H
#define PHOENIX_MALLOC_COUNTER_H

#include <stdint.h>

/// Counts of heap allocations made by the whole process since it started (every thread, every
/// library: Swift, Foundation, libgit2), when the counter is active.
typedef struct {
    /// Calls to malloc, calloc, realloc, posix_memalign, aligned_alloc and memalign.
    uint64_t calls;
    /// Bytes those calls asked for.
    uint64_t bytes;
} phoenix_malloc_counts;

/// Whether the interposed allocator is in place (Linux with glibc); zero elsewhere, where the
/// counts stay zero.
int phoenix_malloc_counter_active(void);

/// The counts so far.
phoenix_malloc_counts phoenix_malloc_counter_read(void);

/// glibc's mallinfo2(): bytes in use by the allocator (uordblks) and held from the system
/// (arena + hblkhd); zero where it does not exist.
typedef struct {
    uint64_t in_use;
    uint64_t from_system;
} phoenix_heap_usage;

/// The allocator's current usage.
phoenix_heap_usage phoenix_heap_usage_read(void);

#endif
