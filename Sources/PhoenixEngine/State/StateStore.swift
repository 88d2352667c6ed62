import Foundation

/// Reads and writes `<state-dir>/state.json`. Every save is atomic (temporary file, fsync, rename,
/// fsync of the folder), so the file is always the state after some completed step.
public struct StateStore: Sendable {
    /// The state file.
    public let url: URL

    /// The store of a state folder.
    public init(stateDirectory: URL) {
        url = stateDirectory.appendingPathComponent("state.json")
    }

    /// The saved state, or nil when there is none.
    /// - Throws: ``EngineError/state(path:message:)`` when the file exists but cannot be read or decoded.
    public func load() throws -> EngineState? {
        guard FileManager.default.fileExists(atPath: url.path) else { return nil }
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw EngineError.state(path: url.path, message: "cannot read: \(error.localizedDescription)")
        }
        do {
            let state = try JSONCoding.decoder().decode(EngineState.self, from: data)
            guard state.schema == EngineState.currentSchema else {
                throw EngineError.state(
                    path: url.path, message: "unknown schema \(state.schema) (expected \(EngineState.currentSchema))")
            }
            return state
        } catch let error as EngineError {
            throw error
        } catch {
            throw EngineError.state(path: url.path, message: "not a valid state file: \(error)")
        }
    }

    /// Writes `state` atomically.
    public func save(_ state: EngineState) throws {
        do {
            try PrivateFolder.ensure(url.deletingLastPathComponent())
            try AtomicFile.write(try JSONCoding.data(state), to: url, mode: 0o600)
        } catch {
            throw EngineError.state(path: url.path, message: "cannot write: \(error.localizedDescription)")
        }
    }

    /// Moves an unreadable state file aside (`state.json.corrupt-<time>`) so it can be rebuilt and
    /// still be inspected; returns where it went.
    @discardableResult
    public func quarantine(now: Date = Date()) -> URL? {
        let target = url.deletingLastPathComponent().appendingPathComponent("state.json.corrupt-\(Timestamp.compact(now))")
        do {
            try FileManager.default.moveItem(at: url, to: target)
            return target
        } catch {
            return nil
        }
    }
}
