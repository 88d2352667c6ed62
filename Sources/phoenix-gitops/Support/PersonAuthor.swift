import ArgumentParser
import Foundation

/// Who runs a command that makes a commit people read (`rollback`): `--author "Name <email>"`, else the
/// user's `git config user.name` / `user.email`, else nil (the watcher's own identity is used then).
enum PersonAuthor {
    /// `(name, email)` from `Name <email>`; nil when the text is not of that form.
    static func parse(_ text: String) -> (name: String, email: String)? {
        guard let open = text.lastIndex(of: "<"), text.hasSuffix(">") else { return nil }
        let name = text[..<open].trimmingCharacters(in: .whitespaces)
        let email = String(text[text.index(after: open)..<text.index(before: text.endIndex)])
        guard !name.isEmpty, email.contains("@"), !email.contains(where: { $0 == "<" || $0 == ">" || $0.isNewline }),
            !name.contains(where: \.isNewline)
        else { return nil }
        return (name, email)
    }

    /// `--author`, else the git identity of whoever runs the command, else nil.
    /// - Throws: a usage error when `option` is not `Name <email>`.
    static func resolve(_ option: String?) throws -> (name: String, email: String)? {
        if let option {
            guard let parsed = parse(option) else {
                throw ValidationError("--author must be \"Name <email>\", got \"\(option)\"")
            }
            return parsed
        }
        return fromGitConfig(in: URL(fileURLWithPath: FileManager.default.currentDirectoryPath))
    }

    /// The person as the ledger names them: `Name <email>`, else the login name (`NSUserName()`).
    static func display(_ option: String?) throws -> String {
        if let person = try resolve(option) { return "\(person.name) <\(person.email)>" }
        let user = NSUserName()
        return user.isEmpty ? "unknown user" : user
    }

    /// The git identity of the user running the command (`git config user.name` and `user.email`).
    static func fromGitConfig(in directory: URL) -> (name: String, email: String)? {
        guard let name = gitConfig("user.name", in: directory), let email = gitConfig("user.email", in: directory) else {
            return nil
        }
        return (name, email)
    }

    private static func gitConfig(_ key: String, in directory: URL) -> String? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git", "config", "--get", key]
        process.currentDirectoryURL = directory
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        do { try process.run() } catch { return nil }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { return nil }
        let value = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return value.isEmpty || value.contains("\n") ? nil : value
    }
}
