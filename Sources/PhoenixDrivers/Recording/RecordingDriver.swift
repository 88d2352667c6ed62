import Foundation

/// An in-memory driver for tests of other modules: files per location, every operation recorded in
/// order, scripted command answers and guest states, and counters, so a test can assert "the second
/// apply wrote nothing and ran nothing".
///
/// It validates paths like the real drivers and, like them, refuses to reach a stopped or missing guest
/// (`DriverError.guestUnavailable`). Commands without a scripted answer succeed with empty output.
public actor RecordingDriver: HostDriver {
    /// Every call, oldest first.
    public private(set) var operations: [RecordedOperation] = []
    private var files: [Location: [String: RecordedFile]]
    private var states: [Location: GuestState]
    private var answers: [(prefix: [String], location: Location?, reply: Result<CommandResult, DriverError>)] = []

    /// Masks secrets in the errors `runChecked` throws.
    public nonisolated let redactor: Redactor
    /// What the driver claims about its commands: true (the default) stands for a real target whose
    /// answers are scripted with `answer`; false stands for a journalling target like `LocalDriver`.
    public nonisolated let observesGuests: Bool

    /// Creates a driver holding `files` (path → bytes per location); guests default to `.running`.
    public init(
        files: [Location: [String: Data]] = [:], guestStates: [Location: GuestState] = [:],
        redactor: Redactor = .standard, observesGuests: Bool = true
    ) {
        self.files = files.mapValues { $0.mapValues { RecordedFile(contents: $0) } }
        self.states = guestStates
        self.redactor = redactor
        self.observesGuests = observesGuests
    }

    // MARK: - Set-up

    /// Puts a file in place without recording an operation.
    public func setFile(_ path: String, contents: Data, mode: Int = 0o644, owner: String? = nil, at location: Location) {
        files[location, default: [:]][path] = RecordedFile(contents: contents, mode: mode, owner: owner)
    }

    /// Sets a guest's state (the default is `.running`).
    public func setGuestState(_ state: GuestState, for location: Location) {
        states[location] = state
    }

    /// Answers commands whose argv starts with `prefix` (at `location`, or anywhere when nil) with
    /// `result`. The most recently added matching answer wins.
    public func answer(_ prefix: [String], at location: Location? = nil, with result: CommandResult) {
        answers.append((prefix, location, .success(result)))
    }

    /// Makes matching commands throw `error` (e.g. a timeout).
    public func fail(_ prefix: [String], at location: Location? = nil, with error: DriverError) {
        answers.append((prefix, location, .failure(error)))
    }

    /// Forgets the recorded operations (files, answers and states stay), e.g. between two applies.
    public func resetRecording() {
        operations.removeAll()
    }

    // MARK: - Inspection

    /// The bytes of a file, or nil.
    public func file(_ path: String, at location: Location) -> Data? {
        files[location]?[path]?.contents
    }

    /// A file with its mode and owner, or nil.
    public func recordedFile(_ path: String, at location: Location) -> RecordedFile? {
        files[location]?[path]
    }

    /// All files at a location, path → bytes.
    public func files(at location: Location) -> [String: Data] {
        files[location]?.mapValues(\.contents) ?? [:]
    }

    /// Number of `writeFile` calls.
    public var writeCount: Int { operations.count { if case .write = $0 { true } else { false } } }
    /// Number of `removeFile` calls.
    public var removeCount: Int { operations.count { if case .remove = $0 { true } else { false } } }
    /// Number of `run` calls.
    public var runCount: Int { operations.count { if case .run = $0 { true } else { false } } }
    /// Number of `readFile` calls.
    public var readCount: Int { operations.count { if case .read = $0 { true } else { false } } }
    /// Number of writes, removals and commands together.
    public var mutationCount: Int { operations.count(where: \.isMutation) }

    /// The argv of every `run`, in order, optionally only at one location.
    public func commands(at location: Location? = nil) -> [[String]] {
        operations.compactMap {
            guard case .run(let argv, let at, _) = $0, location == nil || location == at else { return nil }
            return argv
        }
    }

    // MARK: - HostDriver

    /// Returns the in-memory file.
    public func readFile(_ path: String, at location: Location) async throws -> Data? {
        let normalized = try GuestPath.normalize(path, at: location)
        operations.append(.read(path: normalized, location: location))
        try requireReachable(location)
        return files[location]?[normalized]?.contents
    }

    /// Stores the bytes, mode and owner.
    public func writeFile(_ path: String, contents: Data, mode: Int, owner: String?, at location: Location) async throws {
        let normalized = try GuestPath.normalize(path, at: location)
        try validateMode(mode, at: location)
        if let owner { _ = try FileOwner(parsing: owner, at: location) }
        operations.append(.write(path: normalized, location: location, mode: mode, owner: owner, bytes: contents.count))
        try requireReachable(location)
        files[location, default: [:]][normalized] = RecordedFile(contents: contents, mode: mode, owner: owner)
    }

    /// Drops the file.
    public func removeFile(_ path: String, at location: Location) async throws {
        let normalized = try GuestPath.normalize(path, at: location)
        operations.append(.remove(path: normalized, location: location))
        try requireReachable(location)
        files[location]?[normalized] = nil
    }

    /// Files below the folder, relative and sorted.
    public func listFiles(in directory: String, at location: Location) async throws -> [String] {
        let normalized = try GuestPath.normalize(directory, at: location, allowRoot: true)
        operations.append(.list(directory: normalized, location: location))
        try requireReachable(location)
        let prefix = normalized == "/" ? "/" : normalized + "/"
        return (files[location] ?? [:]).keys.filter { $0.hasPrefix(prefix) }.map { String($0.dropFirst(prefix.count)) }
            .sorted()
    }

    /// Records the command and answers from the script (default: success, empty output).
    public func run(_ argv: [String], at location: Location, stdin: Data?) async throws -> CommandResult {
        guard let first = argv.first, !first.isEmpty else {
            throw DriverError.invalidRequest(location: location, reason: "empty argv")
        }
        operations.append(.run(argv: argv, location: location, stdin: stdin))
        try requireReachable(location)
        let match = answers.last {
            argv.starts(with: $0.prefix) && ($0.location == nil || $0.location == location)
        }
        guard let match else { return .success }
        return try match.reply.get()
    }

    /// The scripted state, `.running` by default.
    public func guestState(_ location: Location) async throws -> GuestState {
        operations.append(.guestState(location: location))
        return location == .host ? .running : states[location] ?? .running
    }

    private func requireReachable(_ location: Location) throws {
        guard location != .host else { return }
        let state = states[location] ?? .running
        if state == .stopped || state == .missing {
            throw DriverError.guestUnavailable(location: location, state: state)
        }
    }
}
