// A malloc counter for phoenix-bench (docs/benchmarks.md, "idle poll").
//
// On Linux with glibc, defining malloc & co. in the executable interposes them for the whole process
// (the dynamic linker resolves every library's malloc to the executable's definition first). Each
// one bumps two relaxed atomic counters and forwards to glibc's own implementation (__libc_malloc
// and friends, exported by glibc for exactly this purpose), so the allocator itself is unchanged and
// free() needs no wrapper. Elsewhere the file defines only the read functions, returning zeros.
#include "malloc_counter.h"

#if defined(__linux__) && defined(__GLIBC__)
#include <errno.h>
#include <malloc.h>
#include <stdatomic.h>
#include <stddef.h>

extern void *__libc_malloc(size_t size);
extern void *__libc_calloc(size_t count, size_t size);
extern void *__libc_realloc(void *pointer, size_t size);
extern void *__libc_memalign(size_t alignment, size_t size);

static _Atomic uint64_t counted_calls;
static _Atomic uint64_t counted_bytes;

static inline void count(size_t bytes) {
    atomic_fetch_add_explicit(&counted_calls, 1, memory_order_relaxed);
    atomic_fetch_add_explicit(&counted_bytes, (uint64_t)bytes, memory_order_relaxed);
}

void *malloc(size_t size) {
    count(size);
    return __libc_malloc(size);
}

void *calloc(size_t count_, size_t size) {
    count(count_ * size);
    return __libc_calloc(count_, size);
}

void *realloc(void *pointer, size_t size) {
    count(size);
    return __libc_realloc(pointer, size);
}

void *memalign(size_t alignment, size_t size) {
    count(size);
    return __libc_memalign(alignment, size);
}

void *aligned_alloc(size_t alignment, size_t size) {
    count(size);
    return __libc_memalign(alignment, size);
}

int posix_memalign(void **result, size_t alignment, size_t size) {
    // posix_memalign's own contract: a power of two that is a multiple of sizeof(void *).
    if (alignment % sizeof(void *) != 0 || (alignment & (alignment - 1)) != 0) return EINVAL;
    count(size);
    void *pointer = __libc_memalign(alignment, size);
    if (pointer == NULL && size != 0) return ENOMEM;
    *result = pointer;
    return 0;
}

int phoenix_malloc_counter_active(void) { return 1; }

phoenix_malloc_counts phoenix_malloc_counter_read(void) {
    phoenix_malloc_counts counts;
    counts.calls = atomic_load_explicit(&counted_calls, memory_order_relaxed);
    counts.bytes = atomic_load_explicit(&counted_bytes, memory_order_relaxed);
    return counts;
}

phoenix_heap_usage phoenix_heap_usage_read(void) {
    phoenix_heap_usage usage = {0, 0};
#if __GLIBC_PREREQ(2, 33)
    struct mallinfo2 info = mallinfo2();
    usage.in_use = (uint64_t)info.uordblks;
    usage.from_system = (uint64_t)(info.arena + info.hblkhd);
#endif
    return usage;
}

#else

int phoenix_malloc_counter_active(void) { return 0; }

phoenix_malloc_counts phoenix_malloc_counter_read(void) {
    phoenix_malloc_counts counts = {0, 0};
    return counts;
}

phoenix_heap_usage phoenix_heap_usage_read(void) {
    phoenix_heap_usage usage = {0, 0};
    return usage;
}

#endif
