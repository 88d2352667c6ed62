/// A config file the applied configuration had and the new one lacks: absent would mean "nothing"
/// (a platform under construction), so deleting a file that described something is refused with what
/// it would remove, instead of silently tearing it down (docs/real-data.md, ADR 0012).
public enum DeletedFileChecks {
    /// One error per optional config file present in `previous` and absent from `current` whose content
    /// described something (an emptied file deletes freely: there is nothing left to remove).
    public static func findings(previous: LoadResult, current: LoadResult, layout: ConfigLayout) -> [Diagnostic] {
        guard let before = previous.snapshot else { return [] }
        let present = Set(current.files.map(\.path))
        let unreadable = Set(current.diagnostics.filter { $0.severity == .error }.compactMap(\.file))
        var result: [Diagnostic] = []
        for kind in [ConfigFileKind.lxc, .vm, .certificates, .stacksConfig] {
            let path = layout.path(of: kind)
            guard before.files[path] != nil, !present.contains(path), !unreadable.contains(path),
                let (what, empty) = described(kind, in: before)
            else { continue }
            result.append(
                Diagnostic(
                    severity: .error, code: .fileDeleted, file: path,
                    message: "deleting \(kind.fileName) would remove \(what); write \(empty) to mean it"))
        }
        return result
    }

    /// What `kind`'s file describes in `snapshot` ("3 VMs and their firewall files") and how to write
    /// it empty, or nil when it describes nothing.
    static func described(_ kind: ConfigFileKind, in snapshot: ConfigSnapshot) -> (String, String)? {
        switch kind {
        case .lxc:
            let count = snapshot.lxcs.count
            return count == 0 ? nil : ("\(count) LXC container\(count == 1 ? "" : "s") and their firewall files", "`\"lxc_configs\": {}`")
        case .vm:
            let count = snapshot.vms.count
            return count == 0 ? nil : ("\(count) VM\(count == 1 ? "" : "s") and their firewall files", "`\"vms\": []`")
        case .certificates:
            let count = snapshot.certificates.count
            return count == 0 ? nil : ("\(count) managed certificate\(count == 1 ? "" : "s")", "`[]`")
        case .stacksConfig:
            let count = snapshot.stacksConfig?.stacks.count ?? 0
            return count == 0 ? nil : ("\(count) stack definition\(count == 1 ? "" : "s")", "`\"docker_stacks\": {}`")
        case .hypervisor:
            return nil
        }
    }
}
