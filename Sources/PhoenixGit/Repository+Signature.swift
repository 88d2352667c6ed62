import Clibgit2
import Foundation

extension Repository {
    /// The signature and signed payload of `commit`, or nil when the commit is not signed.
    ///
    /// - Throws: ``GitError/Code/notFound`` when the commit does not exist.
    public func signature(of commit: ObjectID) throws(GitError) -> CommitSignature? {
        try withRepository { (repo) throws(GitError) -> CommitSignature? in
            // Look the commit up first so "no such commit" and "not signed" (both ENOTFOUND below) differ.
            git_commit_free(try GitObjects.commit(repo, commit))
            var signature = git_buf()
            var payload = git_buf()
            defer {
                git_buf_dispose(&signature)
                git_buf_dispose(&payload)
            }
            var oid = commit.oid
            let rc = git_commit_extract_signature(&signature, &payload, repo, &oid, nil)
            if rc == GIT_ENOTFOUND.rawValue { return nil }
            try GitError.check(rc, function: "git_commit_extract_signature")
            return CommitSignature(signature: Self.data(signature), payload: Self.data(payload))
        }
    }

    private static func data(_ buffer: git_buf) -> Data {
        guard let pointer = buffer.ptr, buffer.size > 0 else { return Data() }
        return Data(bytes: pointer, count: buffer.size)
    }
}
