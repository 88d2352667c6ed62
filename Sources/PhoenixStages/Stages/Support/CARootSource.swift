import PhoenixCore

/// Where the Step-CA root certificate is on the host: `step_ca.root_ca_path` when the config names
/// it, else `StageSettings.caRootOnHost` (the path `phoenix sync` hard-coded).
enum CARootSource {
    /// The host path and, when it came from the config, its origin.
    static func hostPath(_ snapshot: ConfigSnapshot, settings: StageSettings) -> (path: String, origin: ValueOrigin?) {
        let pointer = JSONPointer(tokens: ["step_ca", "root_ca_path"])
        if let value = snapshot.hypervisor.json.value(at: pointer)?.stringValue, !value.isEmpty {
            let file = snapshot.layout.path(of: .hypervisor)
            let location = snapshot.location(file: file, pointer: pointer) ?? .start
            return (value, ValueOrigin(file: file, pointer: pointer, location: location))
        }
        return (settings.caRootOnHost, nil)
    }
}
