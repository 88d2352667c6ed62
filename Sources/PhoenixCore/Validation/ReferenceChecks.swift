/// Reference checks: dependencies and certificates name existing guests; VM `docker_stacks` name
/// existing, safely named stack folders.
enum ReferenceChecks {
    static func run(_ snapshot: ConfigSnapshot, into findings: inout Findings) {
        let ids = Set(snapshot.guests.map(\.id))
        checkDependencies(snapshot, ids: ids, into: &findings)
        checkCertificates(snapshot, into: &findings)
        checkStacks(snapshot, into: &findings)
    }

    private static func checkDependencies(_ snapshot: ConfigSnapshot, ids: Set<Int>, into findings: inout Findings) {
        for guest in snapshot.guests {
            for (index, dependency) in guest.dependencies.enumerated() {
                guard let id = Int(dependency), ids.contains(id) else {
                    findings.add(
                        .error, .unknownGuest, file: guest.origin.file,
                        pointer: guest.origin.pointer.appending("dependencies").appending(index),
                        "dependency \"\(dependency)\" of \(guest.label) names no LXC or VM")
                    continue
                }
            }
        }
    }

    private static func checkCertificates(_ snapshot: ConfigSnapshot, into findings: inout Findings) {
        for entry in snapshot.certificates {
            let name = entry.commonName.map { "certificate \"\($0)\"" } ?? "certificate"
            if let id = entry.guestID {
                if let guest = snapshot.guest(id: id) {
                    if let type = entry.guestType?.lowercased(), type != guest.kind.rawValue {
                        findings.add(
                            .error, .unknownGuest, at: entry.origin, key: "guest_type",
                            "\(name) says guest_type \"\(type)\" but guest \(id) is \(guest.label)")
                    }
                } else {
                    findings.add(.error, .unknownGuest, at: entry.origin, key: "guest_id", "\(name): guest_id \(id) names no LXC or VM")
                }
            }
            if let command = entry.postRenewalCommand, let (kind, id) = commandTarget(command) {
                let exists = kind == .lxc ? snapshot.lxc(id: id) != nil : snapshot.vm(id: id) != nil
                if !exists {
                    findings.add(
                        .error, .unknownGuest, at: entry.origin, key: "post_renewal_command",
                        "\(name): post_renewal_command targets \(kind == .lxc ? "LXC" : "VM") \(id), which does not exist")
                }
            }
        }
    }

    /// The guest a `pct exec <id>` / `qm guest exec <id>` command runs in.
    static func commandTarget(_ command: String) -> (GuestKind, Int)? {
        let words = command.split(whereSeparator: \.isWhitespace).map(String.init)
        if words.count >= 3, words[0] == "pct", words[1] == "exec", let id = Int(words[2]) { return (.lxc, id) }
        if words.count >= 4, words[0] == "qm", words[1] == "guest", words[2] == "exec", let id = Int(words[3]) { return (.vm, id) }
        return nil
    }

    private static func checkStacks(_ snapshot: ConfigSnapshot, into findings: inout Findings) {
        let folders = Set(snapshot.stacks.map(\.name))
        for vm in snapshot.vms {
            for (index, name) in vm.dockerStacks.enumerated() {
                let pointer = vm.origin.pointer.appending("docker_stacks").appending(index)
                if !Stack.isSafeName(name) {
                    findings.add(
                        .error, .unsafeStackName, file: vm.origin.file, pointer: pointer,
                        "stack name \"\(name)\" of \(Guest(vm).label) is unsafe; use letters, digits, '_', '.', '-' (no '/', no '..')")
                } else if !folders.contains(name) {
                    findings.add(
                        .error, .missingStack, file: vm.origin.file, pointer: pointer,
                        "\(Guest(vm).label) deploys stack \"\(name)\" but there is no folder \(snapshot.layout.stackPath(name)) and no compose_file_path for it in \(snapshot.layout.path(of: .stacksConfig))")
                } else if let stack = snapshot.stack(named: name), stack.definedBy != nil, stack.composeBytes == nil,
                    !vm.isTemplate
                {
                    findings.add(
                        .warning, .composeFileMissing, file: vm.origin.file, pointer: pointer,
                        "\(Guest(vm).label) deploys stack \"\(name)\", whose compose file \(stack.namedComposePath ?? "?") does not exist; it is not deployed until it does")
                }
            }
        }
        for definition in snapshot.stacksConfig?.stacks ?? [] where !Stack.isSafeName(definition.name) {
            findings.add(
                .error, .unsafeStackName, at: definition.origin,
                "stack name \"\(definition.name)\" is unsafe; use letters, digits, '_', '.', '-' (no '/', no '..')")
        }
    }
}
