import Clibgit2
public import Foundation

/// Who made a commit and when: git's author or committer line.
public struct Signature: Sendable, Hashable {
    /// The person's name, e.g. `Phoenix GitOps`.
    public var name: String
    /// The e-mail address, without angle brackets.
    public var email: String
    /// The time, at one-second precision (git stores whole seconds).
    public var date: Date
    /// The time-zone offset from UTC in minutes, as written in the commit (`+0200` is 120).
    public var timeZoneOffsetMinutes: Int

    /// Creates a signature; `date` defaults to now, the offset to UTC.
    public init(name: String, email: String, date: Date = Date(), timeZoneOffsetMinutes: Int = 0) {
        self.name = name
        self.email = email
        self.date = date
        self.timeZoneOffsetMinutes = timeZoneOffsetMinutes
    }

    /// Copies a `git_signature` out of libgit2 memory.
    init(_ signature: UnsafePointer<git_signature>?) {
        guard let signature else {
            self.init(name: "", email: "", date: Date(timeIntervalSince1970: 0))
            return
        }
        let value = signature.pointee
        self.init(
            name: value.name.map { String(cString: $0) } ?? "",
            email: value.email.map { String(cString: $0) } ?? "",
            date: Date(timeIntervalSince1970: TimeInterval(value.when.time)),
            timeZoneOffsetMinutes: Int(value.when.offset))
    }

    /// Runs `body` with a libgit2 copy of this signature, freed afterwards.
    /// libgit2 rejects empty names/e-mails and angle brackets; that surfaces as ``GitError/Code/invalid``.
    func withGitSignature<R>(_ body: (UnsafePointer<git_signature>) throws(GitError) -> R) throws(GitError) -> R {
        var raw: UnsafeMutablePointer<git_signature>?
        let seconds = git_time_t(date.timeIntervalSince1970.rounded(.down))
        let rc = git_signature_new(&raw, name, email, seconds, Int32(timeZoneOffsetMinutes))
        do {
            try GitError.check(rc, function: "git_signature_new")
        } catch {
            throw GitError(.invalid, "invalid signature '\(name) <\(email)>': \(error.message)", function: "git_signature_new")
        }
        guard let raw else { throw GitError(.invalid, "git_signature_new returned no signature", function: "git_signature_new") }
        defer { git_signature_free(raw) }
        return try body(raw)
    }
}
