import Clibgit2
import Foundation

/// Runs `body` with a `git_strarray` holding copies of `strings`, freed afterwards.
/// Generic over the error type so typed-throws callers keep `GitError` (a `rethrows` version does not).
func withStringArray<R, E: Error>(
    _ strings: [String], _ body: (UnsafeMutablePointer<git_strarray>) throws(E) -> R
) throws(E) -> R {
    var copies: [UnsafeMutablePointer<CChar>?] = strings.map { strdup($0) }
    defer { copies.forEach { free($0) } }
    return try copies.withUnsafeMutableBufferPointer { (buffer) throws(E) -> R in
        var array = git_strarray(strings: buffer.baseAddress, count: buffer.count)
        return try body(&array)
    }
}
