import Foundation

/// Loads a `ConfigSnapshot` from any `ConfigSource`, collecting every finding instead of stopping at
/// the first: missing files, parse errors (with line:column), duplicate keys, wrong types.
///
/// Nothing here touches git or the host: a git commit and a folder load identically.
///
/// Every read is bounded by ``InputLimits`` (ADR 0019): file size, bytes per stack and per commit,
/// files and folder depth per stack, JSON depth, YAML expansion. A limit hit is an error finding naming
/// the file or folder; what is over a limit is not read.
public enum ConfigLoader {
    /// Reads the config files and stack folders of `layout` from `source`.
    public static func load(
        from source: any ConfigSource, layout: ConfigLayout = .default, options: JSONParserOptions
    ) -> LoadResult {
        var limits = InputLimits.default
        limits.maxFileBytes = options.maxBytes
        limits.maxJSONDepth = options.maxDepth
        return load(from: source, layout: layout, limits: limits)
    }

    /// Reads the config files and stack folders of `layout` from `source`, within `limits`.
    public static func load(
        from source: any ConfigSource, layout: ConfigLayout = .default, limits: InputLimits = .default
    ) -> LoadResult {
        var loader = Run(source: source, layout: layout, limits: limits)
        return loader.run()
    }

    /// One load: the mutable state while reading.
    struct Run {
        let source: any ConfigSource
        let layout: ConfigLayout
        let limits: InputLimits
        let options: JSONParserOptions
        var diagnostics: [Diagnostic] = []
        var files: [String: ConfigFileContent] = [:]
        /// Bytes read from the source so far (the commit budget).
        var bytesRead = 0
        /// Set once the commit budget is spent: nothing more is read.
        var commitBudgetSpent = false

        init(source: any ConfigSource, layout: ConfigLayout, limits: InputLimits) {
            self.source = source
            self.layout = layout
            self.limits = limits
            self.options = limits.jsonOptions
        }

        mutating func run() -> LoadResult {
            var documents: [ConfigFileKind: JSONValue] = [:]
            for kind in ConfigFileKind.allCases {
                let path = layout.path(of: kind)
                guard let bytes = read(path) else {
                    reportMissing(kind, path: path)
                    continue
                }
                let json = parseJSON(bytes, path: path)
                files[path] = ConfigFileContent(path: path, kind: kind, bytes: bytes, json: json)
                if let json { documents[kind] = json }
            }

            let hypervisor = documents[.hypervisor].flatMap { value in
                typed(.hypervisor) { HypervisorConfig(value, context: $0) }
            }
            var lxcs: [LXCConfig]?
            if let value = documents[.lxc] {
                lxcs = typed(.lxc) { Self.lxcs(value, context: $0) }
            } else if isAbsent(.lxc) {
                lxcs = []
            }
            var vmFile: (vms: [VMConfig], defaults: JSONValue?)?
            if let value = documents[.vm] {
                vmFile = typed(.vm) { Self.vms(value, context: $0) }
            } else if isAbsent(.vm) {
                vmFile = ([], nil)
            }
            let certificates = documents[.certificates].flatMap { value in
                typed(.certificates) { Self.certificates(value, context: $0) }
            }
            let stacksConfig = documents[.stacksConfig].flatMap { value in
                typed(.stacksConfig) { StacksConfig(value, context: $0) }
            }
            let stacks = loadComposePathStacks(joining: loadStacks(), document: documents[.stacksConfig])

            var snapshot: ConfigSnapshot?
            if let hypervisor, let lxcs, let vmFile {
                snapshot = ConfigSnapshot(
                    layout: layout, hypervisor: hypervisor, lxcs: lxcs, vms: vmFile.vms, vmDefaults: vmFile.defaults,
                    certificates: certificates ?? [], stacksConfig: stacksConfig, stacks: stacks, files: files)
                snapshot?.limits = limits
            }
            return LoadResult(
                snapshot: snapshot, files: files.values.sorted { $0.path < $1.path }, diagnostics: diagnostics)
        }

        // MARK: Reading and parsing

        /// Reads `path` within the commit budget (and `stackBudget`, the bytes the current stack may
        /// still use, when given); a file that would pass either is not read.
        mutating func read(_ path: String, stackBudget: Int? = nil) -> Data? {
            guard !commitBudgetSpent else { return nil }
            do {
                if let size = try source.size(of: path), !withinBudget(path, size: size, stackBudget: stackBudget) {
                    return nil
                }
                guard let data = try source.read(path) else { return nil }
                guard withinBudget(path, size: data.count, stackBudget: stackBudget) else { return nil }
                bytesRead += data.count
                return data
            } catch let error as ConfigSourceError {
                switch error.kind {
                case .tooLarge:
                    report(.error, .fileTooLarge, path, nil, nil, error.message)
                case .unsafePath, .unreadable, .tooDeep, .tooManyFiles:
                    report(.error, .unreadableFile, path, nil, nil, "cannot read: \(error.message)")
                }
            } catch {
                report(.error, .unreadableFile, path, nil, nil, "cannot read: \(error)")
            }
            return nil
        }

        /// Whether `kind`'s file is simply not there (not unreadable, not unparsable).
        func isAbsent(_ kind: ConfigFileKind) -> Bool {
            let path = layout.path(of: kind)
            return files[path] == nil && !diagnostics.contains { $0.file == path && $0.severity == .error }
        }

                /// Whether `size` more bytes fit the commit budget and `stackBudget`; reports the one passed.
        private mutating func withinBudget(_ path: String, size: Int, stackBudget: Int?) -> Bool {
            if size > limits.maxCommitBytes - bytesRead {
                commitBudgetSpent = true
                report(
                    .error, .commitTooLarge, path, nil, nil,
                    "the files read from \(source.sourceDescription) pass \(limits.maxCommitBytes) bytes at this "
                        + "file (\(size) bytes); nothing more is read (limits.max_commit_bytes)")
                return false
            }
            if let stackBudget, size > stackBudget {
                report(
                    .error, .stackTooLarge, path, nil, nil,
                    "the stack's files pass \(limits.maxStackBytes) bytes at this file (\(size) bytes); "
                        + "the rest of the stack is not read (limits.max_stack_bytes)")
                return false
            }
            return true
        }

        mutating func reportMissing(_ kind: ConfigFileKind, path: String) {
            // A read error was already reported; only a truly absent file is "missing".
            guard !diagnostics.contains(where: { $0.file == path }) else { return }
            switch kind {
            case .hypervisor:
                report(.error, .missingFile, path, nil, nil, "required file \(kind.fileName) is missing from \(source.sourceDescription)")
            case .stacksConfig:
                break  // optional by design: stack folders need no stacks config
            case .lxc, .vm, .certificates:
                // A platform under construction: a file that is not there yet stands for nothing
                // (docs/real-data.md). Deleting a file an applied commit had is refused elsewhere.
                report(.info, .absentFile, path, nil, nil, "\(kind.fileName) is not in \(source.sourceDescription): \(Self.absentMeaning(kind))")
            }
        }

        /// What an absent optional file stands for.
        static func absentMeaning(_ kind: ConfigFileKind) -> String {
            switch kind {
            case .hypervisor: "no platform"
            case .lxc: "no LXC containers"
            case .vm: "no VMs"
            case .certificates: "no managed certificates; the certificates stage will manage nothing"
            case .stacksConfig: "no stack definitions (stack folders still count)"
            }
        }

        mutating func parseJSON(_ bytes: Data, path: String) -> JSONValue? {
            do {
                // A document parsed from the same bytes before (same blob id) is the same document: its
                // issues are reported again, so the findings do not depend on the cache.
                let document: JSONDocument
                if let known = source.parsedDocument(at: path, options: options) {
                    document = known
                } else {
                    document = try JSONParser.parse(bytes, options: options)
                    source.remember(document, at: path, bytes: bytes.count, options: options)
                }
                for issue in document.issues {
                    report(issue.severity, DiagnosticCode(issue.code), path, issue.pointer, issue.location, issue.message)
                }
                return document.root
            } catch {
                report(.error, DiagnosticCode(error.code), path, nil, error.location, error.message)
                return nil
            }
        }

        mutating func typed<T>(_ kind: ConfigFileKind, _ build: (ModelContext) -> T?) -> T? {
            typed(path: layout.path(of: kind), build)
        }

        mutating func typed<T>(path: String, _ build: (ModelContext) -> T?) -> T? {
            let context = ModelContext(file: path)
            let result = build(context)
            diagnostics += context.diagnostics
            return result
        }

        mutating func report(
            _ severity: Severity, _ code: DiagnosticCode, _ file: String, _ pointer: JSONPointer?, _ location: SourceLocation?,
            _ message: String
        ) {
            diagnostics.append(
                Diagnostic(severity: severity, code: code, file: file, pointer: pointer, location: location, message: message))
        }

        // MARK: Stacks

        mutating func loadStacks() -> [Stack] {
            let entries: [ConfigSourceEntry]
            do {
                entries = try source.list(layout.stacksPath)
            } catch {
                report(.error, .unreadableFile, layout.stacksPath, nil, nil, "cannot list stacks: \(error)")
                return []
            }
            var stacks: [Stack] = []
            for entry in entries where entry.isFolder && !entry.name.hasPrefix(".") {
                stacks.append(loadStack(entry.name))
            }
            return stacks.sorted { $0.name < $1.name }
        }

        mutating func loadStack(_ name: String) -> Stack {
            let folder = layout.stackPath(name)
            let stackFiles = readStackFiles(under: folder)
            var stack = Stack(
                name: name, path: folder, composeBytes: nil, composePath: nil, compose: nil, manifest: nil,
                manifestJSON: nil, files: stackFiles)
            for file in stackFiles {
                var json: JSONValue?
                switch file.relativePath {
                case "docker-compose.yml", "docker-compose.yaml":
                    guard stack.composeBytes == nil else { break }
                    stack.composeBytes = file.bytes
                    stack.composePath = file.path
                    do {
                        stack.compose = try YAMLParser.parse(
                            file.bytes, maxBytes: options.maxBytes, budget: limits.yamlBudget)
                    } catch {
                        report(.error, DiagnosticCode(error.code), file.path, nil, error.location, error.message)
                    }
                case "phoenix.json":
                    json = parseJSON(file.bytes, path: file.path)
                    if let json {
                        stack.manifestJSON = json
                        stack.manifest = typed(path: file.path) {
                            StackDefinition(name: name, value: json, pointer: .root, location: json.location, context: $0)
                        }
                    }
                default:
                    break
                }
                files[file.path] = ConfigFileContent(path: file.path, kind: nil, bytes: file.bytes, json: json)
            }
            if stack.composeBytes == nil {
                report(.warning, .missingComposeFile, folder, nil, nil, "stack folder \"\(name)\" has no docker-compose.yml")
            }
            return stack
        }

        /// A path short enough for a message (a folder 20,000 levels deep is a 40 KB path).
        static func abbreviated(_ path: String) -> String {
            path.count <= 160 ? path : String(path.prefix(120)) + "… (\(path.count) characters)"
        }

        // MARK: File shapes

        private static func lxcs(_ value: JSONValue, context: ModelContext) -> [LXCConfig]? {
            guard let object = context.object(value, at: .root) else { return nil }
            guard let member = object.member("lxc_configs") else {
                context.report(.error, .missingKey, at: .root, value.location, "no \"lxc_configs\" object; add \"lxc_configs\": {}")
                return []
            }
            let pointer = JSONPointer(tokens: ["lxc_configs"])
            guard let configs = context.object(member.value, at: pointer, expected: "an object keyed by CTID") else { return [] }
            return configs.members.compactMap {
                LXCConfig(
                    ctid: $0.key, value: $0.value, pointer: pointer.appending($0.key), keyLocation: $0.keyLocation,
                    context: context)
            }
        }

        private static func vms(_ value: JSONValue, context: ModelContext) -> (vms: [VMConfig], defaults: JSONValue?)? {
            guard let object = context.object(value, at: .root) else { return nil }
            guard object.member("vms") != nil else {
                context.report(.error, .missingKey, at: .root, value.location, "no \"vms\" array; add \"vms\": []")
                return ([], object["vm_defaults"])
            }
            let vms = context.elements(object, "vms", at: .root).compactMap {
                VMConfig($0.0, pointer: $0.1, context: context)
            }
            return (vms, object["vm_defaults"])
        }

        private static func certificates(_ value: JSONValue, context: ModelContext) -> [CertificateEntry]? {
            guard let array = value.arrayValue else {
                context.wrongType(value, at: .root, expected: "an array of certificate entries")
                return nil
            }
            return array.enumerated().compactMap {
                CertificateEntry($0.element, pointer: JSONPointer.root.appending($0.offset), context: context)
            }
        }
    }
}
