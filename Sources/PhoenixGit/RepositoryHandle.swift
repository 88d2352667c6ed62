import Clibgit2

/// Sole owner of one `git_repository *`. Non-copyable, so exactly one value frees the pointer, once.
/// It lives inside ``Repository``'s `Mutex`, which is what makes using it from many tasks safe.
struct RepositoryHandle: ~Copyable {
    let pointer: OpaquePointer

    init(_ pointer: sending OpaquePointer) {
        self.pointer = pointer
    }

    deinit {
        git_repository_free(pointer)
    }
}
