#if canImport(Glibc)
    import Glibc

    /// glibc functions that Swift's Glibc module does not import (they are GNU extensions, declared only
    /// under `_GNU_SOURCE`). They are looked up at run time; every caller has a fallback for a libc that
    /// lacks them.
    enum LibcExtensions {
        private typealias Pipe2 = @convention(c) (UnsafeMutablePointer<Int32>?, Int32) -> Int32
        private typealias AddChdir =
            @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>?, UnsafePointer<CChar>?) -> Int32
        private typealias AddClosefrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>?, Int32) -> Int32

        private static func lookup<F>(_ name: String, as type: F.Type) -> F? {
            // RTLD_DEFAULT is the null handle on glibc.
            guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), name) else { return nil }
            return unsafeBitCast(symbol, to: type)
        }

        /// `pipe2(fds, flags)`, or nil when the symbol is missing.
        static func pipe2(_ fds: UnsafeMutablePointer<Int32>, _ flags: Int32) -> Int32? {
            lookup("pipe2", as: Pipe2.self).map { $0(fds, flags) }
        }

        /// `posix_spawn_file_actions_addchdir_np`, or nil when the symbol is missing (glibc < 2.29).
        static func addChdir(_ actions: UnsafeMutablePointer<posix_spawn_file_actions_t>, _ path: String) -> Int32? {
            guard let function = lookup("posix_spawn_file_actions_addchdir_np", as: AddChdir.self) else { return nil }
            return path.withCString { function(actions, $0) }
        }

        /// `posix_spawn_file_actions_addclosefrom_np`, or nil when the symbol is missing (glibc < 2.34).
        static func addClosefrom(_ actions: UnsafeMutablePointer<posix_spawn_file_actions_t>, _ lowest: Int32) -> Int32? {
            lookup("posix_spawn_file_actions_addclosefrom_np", as: AddClosefrom.self).map { $0(actions, lowest) }
        }
    }
#endif
