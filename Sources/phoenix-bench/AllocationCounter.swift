import CMallocCounter

/// Heap allocations of this whole process, read from the malloc interposer in `CMallocCounter`
/// (every malloc/calloc/realloc/aligned allocation of Swift, Foundation and libgit2 is counted), and
/// the allocator's bytes in use from glibc's `mallinfo2()`.
struct AllocationCounter {
    /// Allocation calls and requested bytes at one moment.
    struct Reading {
        var calls: UInt64
        var bytes: UInt64
        /// `mallinfo2().uordblks`: bytes currently allocated and not freed.
        var inUse: UInt64

        /// Calls and bytes since `earlier`; `inUse` as a signed change.
        func since(_ earlier: Reading) -> (calls: Int, bytes: Int, retained: Int) {
            (Int(calls &- earlier.calls), Int(bytes &- earlier.bytes), Int(inUse) - Int(earlier.inUse))
        }
    }

    /// Whether the counter works on this platform (Linux with glibc).
    static var isActive: Bool { phoenix_malloc_counter_active() != 0 }

    /// The counts now.
    static func read() -> Reading {
        let counts = phoenix_malloc_counter_read()
        return Reading(calls: counts.calls, bytes: counts.bytes, inUse: phoenix_heap_usage_read().in_use)
    }
}
