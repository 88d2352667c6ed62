import Clibgit2

/// An error from PhoenixGit: what went wrong (`code`), libgit2's own words (`message`), its error class,
/// and the libgit2 (or PhoenixGit) function that failed.
///
/// Every libgit2 return code passes through one choke point, ``check(_:function:redacting:)``, which reads
/// `git_error_last()` immediately, on the same thread, before anything else can overwrite it.
/// Messages never contain credentials: URLs with userinfo are redacted and resolved secrets are scrubbed.
public struct GitError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of failure this is; callers switch on it instead of parsing messages.
    public enum Code: Sendable, Hashable {
        /// An object, reference, path, remote branch or repository does not exist (`GIT_ENOTFOUND`).
        case notFound
        /// Something that should be new already exists (`GIT_EEXISTS`).
        case exists
        /// A short id or revision matches more than one object (`GIT_EAMBIGUOUS`).
        case ambiguous
        /// Input that libgit2 or PhoenixGit rejects: a bad revision spec, path, ref name or URL.
        case invalid
        /// A push that would not fast-forward the remote ref (`GIT_ENONFASTFORWARD`).
        case nonFastForward
        /// A reference is not where the caller expected it (optimistic locking lost; `GIT_EMODIFIED`).
        case tipMoved
        /// A merge or revert produced conflicts in these paths; nothing was written.
        case conflict(paths: [String])
        /// Authentication failed, or the configured credentials cannot be used (`GIT_EAUTH`).
        case auth
        /// The server's certificate or SSH host key was not accepted (`GIT_ECERTIFICATE`).
        case certificate
        /// The server refused to update `ref` during a push (hook declined, non-fast-forward on the server, ...).
        case rejected(ref: String, reason: String)
        /// The remote could not be reached or the transport failed (connection refused, DNS, protocol error).
        case network
        /// A lock file is in the way (`GIT_ELOCKED`).
        case locked
        /// A path names a tree (folder) or other non-blob where a file was expected.
        case notABlob
        /// A path names a blob (file) where a folder was expected.
        case notATree
        /// HEAD points at a branch with no commits yet (`GIT_EUNBORNBRANCH`).
        case unbornBranch
        /// A bound on input was passed (too many files, an object too large); `path` names the folder or
        /// object where it happened. Nothing past the bound was read.
        case limitExceeded(path: String)
        /// A tree walk met a folder deeper than its limit; `path` is that folder. It was not entered.
        case tooDeep(path: String)
        /// Any other libgit2 return code, kept for diagnostics.
        case other(Int)
    }

    /// What kind of failure this is.
    public let code: Code
    /// The human-readable message (libgit2's, or PhoenixGit's own), with secrets redacted.
    public let message: String
    /// libgit2's error class (`git_error_t`, e.g. 4 = reference, 12 = net), 0 when PhoenixGit raised it.
    public let errorClass: Int
    /// The C function (or PhoenixGit operation) that failed, e.g. `git_remote_push`.
    public let function: String

    /// Creates an error raised by PhoenixGit itself (not read from libgit2).
    public init(_ code: Code, _ message: String, function: String, errorClass: Int = 0) {
        self.code = code
        self.message = Redaction.redactingURLUserinfo(message)
        self.errorClass = errorClass
        self.function = function
    }

    /// A short name of ``errorClass`` (`reference`, `net`, `ssh`, ...), or `none`.
    public var errorClassName: String {
        let names = [
            "none", "nomemory", "os", "invalid", "reference", "zlib", "repository", "config", "regex", "odb",
            "index", "object", "net", "tag", "tree", "indexer", "ssl", "submodule", "thread", "stash", "checkout",
            "fetchhead", "merge", "ssh", "filter", "revert", "callback", "cherrypick", "describe", "rebase",
            "filesystem", "patch", "worktree", "sha1", "http", "internal",
        ]
        return names.indices.contains(errorClass) ? names[errorClass] : "class \(errorClass)"
    }

    /// `function failed: message [code]`, safe to log.
    public var description: String {
        "\(function) failed: \(message) [\(code), \(errorClassName)]"
    }

    /// Throws a ``GitError`` built from `git_error_last()` when `rc` is negative, and returns `rc` otherwise.
    ///
    /// Call it directly after the libgit2 call, on the same thread: the error slot is thread-local and the
    /// next libgit2 call may overwrite it. `redacting` lists secret strings to scrub from the message.
    @discardableResult
    static func check(_ rc: Int32, function: String, redacting secrets: [String] = []) throws(GitError) -> Int32 {
        guard rc < 0 else { return rc }
        throw lastError(rc, function: function, redacting: secrets)
    }

    /// Builds a ``GitError`` for a negative libgit2 return code from the thread's last error.
    static func lastError(_ rc: Int32, function: String, redacting secrets: [String] = []) -> GitError {
        var message = "libgit2 returned \(rc)"
        var klass: Int32 = 0
        if let last = git_error_last() {
            klass = last.pointee.klass
            if let text = last.pointee.message {
                message = String(cString: text)
            }
        }
        for secret in secrets where !secret.isEmpty {
            message = message.replacingAll(secret, with: "***")
        }
        return GitError(classify(rc, errorClass: klass), message, function: function, errorClass: Int(klass))
    }

    /// Maps a libgit2 return code (and, for the generic -1, the error class) to a ``Code``.
    static func classify(_ rc: Int32, errorClass: Int32) -> Code {
        switch rc {
        case GIT_ENOTFOUND.rawValue: return .notFound
        case GIT_EEXISTS.rawValue: return .exists
        case GIT_EAMBIGUOUS.rawValue: return .ambiguous
        case GIT_ENONFASTFORWARD.rawValue: return .nonFastForward
        case GIT_EMODIFIED.rawValue: return .tipMoved
        case GIT_ECONFLICT.rawValue, GIT_EMERGECONFLICT.rawValue: return .conflict(paths: [])
        case GIT_EAUTH.rawValue: return .auth
        case GIT_ECERTIFICATE.rawValue: return .certificate
        case GIT_ELOCKED.rawValue: return .locked
        case GIT_EUNBORNBRANCH.rawValue: return .unbornBranch
        case GIT_EINVALIDSPEC.rawValue, GIT_EINVALID.rawValue, GIT_EPEEL.rawValue, GIT_EBAREREPO.rawValue:
            return .invalid
        default:
            break
        }
        switch UInt32(bitPattern: errorClass) {
        case GIT_ERROR_NET.rawValue, GIT_ERROR_SSH.rawValue, GIT_ERROR_HTTP.rawValue, GIT_ERROR_SSL.rawValue:
            return .network
        case GIT_ERROR_INVALID.rawValue:
            return .invalid
        default:
            return .other(Int(rc))
        }
    }
}

extension String {
    /// Replaces every occurrence of `target` (non-empty) without Foundation's regex machinery.
    func replacingAll(_ target: String, with replacement: String) -> String {
        guard !target.isEmpty else { return self }
        return components(separatedBy: target).joined(separator: replacement)
    }
}
