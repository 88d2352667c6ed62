import Foundation

/// Loads a `ConfigSnapshot` from any `ConfigSource`, collecting every finding instead of stopping at
/// the first: missing files, parse errors (with line:column), duplicate keys, wrong types.
///
/// Nothing here touches git or the host: a git commit and a folder load identically.
public enum ConfigLoader {
    /// Reads the config files and stack folders of `layout` from `source`.
    public static func load(
        from source: any ConfigSource, layout: ConfigLayout = .default, options: JSONParserOptions = .default
    ) -> LoadResult {
        var loader = Run(source: source, layout: layout, options: options)
        return loader.run()
    }

    /// One load: the mutable state while reading.
    struct Run {
        let source: any ConfigSource
        let layout: ConfigLayout
        let options: JSONParserOptions
        var diagnostics: [Diagnostic] = []
        var files: [String: ConfigFileContent] = [:]

        init(source: any ConfigSource, layout: ConfigLayout, options: JSONParserOptions) {
            self.source = source
            self.layout = layout
            self.options = options
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
            }
            return LoadResult(
                snapshot: snapshot, files: files.values.sorted { $0.path < $1.path }, diagnostics: diagnostics)
        }

        // MARK: Reading and parsing

        mutating func read(_ path: String) -> Data? {
            do {
                return try source.read(path)
            } catch let error as ConfigSourceError {
                switch error.kind {
                case .tooLarge:
                    report(.error, .fileTooLarge, path, nil, nil, error.message)
                case .unsafePath, .unreadable:
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
                let document = try JSONParser.parse(bytes, options: options)
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
            var stackFiles: [StackFile] = []
            do {
                for path in try source.allFiles(under: folder) {
                    guard let bytes = read(path) else { continue }
                    let relative = String(path.dropFirst(folder.count + 1))
                    stackFiles.append(StackFile(path: path, relativePath: relative, bytes: bytes))
                }
            } catch {
                report(.error, .unreadableFile, folder, nil, nil, "cannot list stack files: \(error)")
            }
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
                        stack.compose = try YAMLParser.parse(file.bytes, maxBytes: options.maxBytes)
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
