import Foundation

/// The example configuration as editable values while a scripted history is written: the JSON config
/// files as objects, every other file as bytes. Only the files an edit touched are re-serialized.
struct HistoryState {
    /// Parsed JSON config files by path (the certificate manifest is an array, kept under `arrays`).
    var objects: [String: [String: Any]] = [:]
    /// JSON files whose top level is an array.
    var arrays: [String: [Any]] = [:]
    /// Other files, by path.
    var texts: [String: String] = [:]
    /// Paths changed by the current edit.
    private(set) var touched: Set<String> = []
    /// Paths whose next serialization is compact (a formatting-only commit).
    private var compact: Set<String> = []

    static let hypervisor = "config/phoenix_hypervisor_config.json"
    static let lxc = "config/phoenix_lxc_configs.json"
    static let vm = "config/phoenix_vm_configs.json"
    static let stacks = "config/phoenix_stacks_config.json"
    static let certificates = "config/certificate-manifest.json"

    /// The state of `files` (the example's config and stacks).
    init(files: [String: Data]) throws {
        for (path, data) in files {
            if path.hasPrefix("config/") && path.hasSuffix(".json") {
                let value = try JSONSerialization.jsonObject(with: data)
                if let object = value as? [String: Any] {
                    objects[path] = object
                } else if let array = value as? [Any] {
                    arrays[path] = array
                } else {
                    throw BenchError("\(path) is neither a JSON object nor an array")
                }
            } else {
                texts[path] = String(decoding: data, as: UTF8.self)
            }
        }
    }

    /// Starts a new edit.
    mutating func begin() { touched = [] }

    /// Marks `path` as changed by the current edit.
    mutating func touch(_ path: String) { touched.insert(path) }

    /// Re-serializes `path` unchanged but in the other layout (pretty ↔ compact).
    mutating func reformat(_ path: String) {
        if compact.contains(path) { compact.remove(path) } else { compact.insert(path) }
        touched.insert(path)
    }

    /// Edits a JSON object file in place.
    mutating func edit(_ path: String, _ body: (inout [String: Any]) throws -> Void) rethrows {
        var object = objects[path] ?? [:]
        try body(&object)
        objects[path] = object
        touched.insert(path)
    }

    /// Edits the LXC with `id` (a key of `lxc_configs`).
    mutating func editLXC(_ id: String, _ body: (inout [String: Any]) throws -> Void) throws {
        try edit(Self.lxc) { file in
            var configs = file["lxc_configs"] as? [String: Any] ?? [:]
            guard var guest = configs[id] as? [String: Any] else { throw BenchError("history: no LXC \(id)") }
            try body(&guest)
            configs[id] = guest
            file["lxc_configs"] = configs
        }
    }

    /// Edits the VM with `vmid`.
    mutating func editVM(_ vmid: Int, _ body: (inout [String: Any]) throws -> Void) throws {
        try edit(Self.vm) { file in
            var vms = file["vms"] as? [[String: Any]] ?? []
            guard let index = vms.firstIndex(where: { ($0["vmid"] as? Int) == vmid }) else { throw BenchError("history: no VM \(vmid)") }
            try body(&vms[index])
            file["vms"] = vms
        }
    }

    /// Ids of the LXCs, sorted.
    var lxcIDs: [String] { ((objects[Self.lxc]?["lxc_configs"] as? [String: Any]) ?? [:]).keys.sorted() }

    /// The bytes of every file the current edit touched.
    func touchedFiles() throws -> [String: Data] {
        var files: [String: Data] = [:]
        for path in touched {
            if let object = objects[path] {
                files[path] = try serialize(object, path: path)
            } else if let array = arrays[path] {
                files[path] = try serialize(array, path: path)
            } else if let text = texts[path] {
                files[path] = Data(text.utf8)
            }
        }
        return files
    }

    private func serialize(_ value: Any, path: String) throws -> Data {
        var options: JSONSerialization.WritingOptions = [.sortedKeys, .withoutEscapingSlashes]
        if !compact.contains(path) { options.insert(.prettyPrinted) }
        var data = try JSONSerialization.data(withJSONObject: value, options: options)
        data.append(0x0A)
        return data
    }
}
