import Foundation
import PhoenixGit

/// The watcher's own bare copy of the config repository (`<state-dir>/mirror.git`): the tracked
/// branch is fetched into `refs/remotes/origin/<branch>`, the status branch into
/// `refs/remotes/origin/<status-branch>`, and status commits are built on `refs/heads/<status-branch>`.
/// Nobody works in it, so nothing here touches a working tree.
public struct ConfigMirror: Sendable {
    /// The bare repository folder.
    public let directory: URL

    /// The mirror of a state folder.
    public init(stateDirectory: URL) {
        directory = stateDirectory.appendingPathComponent("mirror.git", isDirectory: true)
    }

    /// Opens the mirror, creating an empty bare repository the first time.
    public func open() throws -> Repository {
        do {
            if FileManager.default.fileExists(atPath: directory.appendingPathComponent("HEAD").path) {
                return try Repository.open(at: directory)
            }
            // The mirror is the whole config repository: 0700 whatever the umask.
            try? PrivateFolder.ensure(directory.deletingLastPathComponent())
            try? PrivateFolder.ensure(directory)
            return try Repository.create(at: directory, bare: true)
        } catch {
            throw EngineError.gitFailure("open mirror \(directory.path)", error)
        }
    }

    /// The local reference the tracked (or status) branch is fetched into.
    public static func trackingReference(_ branch: String) -> String {
        Repository.trackingReference(for: branch)
    }

    /// Fetches `branch`; an idle fetch is one ref negotiation.
    /// - Throws: ``EngineError/fetchFailed(repository:branch:message:)``.
    public static func fetch(_ repository: Repository, branch: String, from endpoint: RemoteEndpoint) throws -> FetchResult {
        do {
            return try repository.fetch(
                remoteURL: endpoint.url, branch: branch, credentials: endpoint.credentials, hostKey: endpoint.hostKey)
        } catch {
            throw EngineError.fetchFailed(repository: endpoint.displayURL, branch: branch, message: error.message)
        }
    }

    /// Fetches `branch` if the remote has it; returns its tip, nil when the remote has no such branch.
    public static func fetchIfPresent(
        _ repository: Repository, branch: String, from endpoint: RemoteEndpoint
    ) throws -> ObjectID? {
        do {
            _ = try repository.fetch(
                remoteURL: endpoint.url, branch: branch, credentials: endpoint.credentials, hostKey: endpoint.hostKey)
        } catch {
            if case .notFound = error.code { return nil }
            throw EngineError.fetchFailed(repository: endpoint.displayURL, branch: branch, message: error.message)
        }
        do {
            return try repository.reference(named: trackingReference(branch))
        } catch {
            throw EngineError.gitFailure("read \(trackingReference(branch))", error)
        }
    }
}
