public import Foundation

/// A change to one file for ``Repository/commitFiles(_:onto:expectedTip:message:author:committer:)``.
public enum FileChange: Sendable, Hashable {
    /// Write these bytes (creating the file and any missing folders); `executable` gives mode 100755.
    case write(Data, executable: Bool = false)
    /// Remove the file (or a whole folder); removing a path that does not exist is a no-op.
    case delete
}
