import PhoenixCore
import PhoenixStages

/// Finds the changes no stage applies and phrases them as notices (DESIGN §3: "reported as a notice,
/// never silently dropped").
///
/// A changed pointer is applied when a rule of any stage in the catalogue matches it. An added or
/// removed subtree below a guest (a new `firewall` block) is looked at leaf by leaf, so a new block
/// whose `enabled` flag a stage reads but whose other keys none does still yields a notice for those.
/// A whole guest added or removed always gets a notice, since sync never creates or destroys guests.
struct NoticeBuilder {
    /// Every rule of every stage.
    let rules: [InputRule]
    /// Leaves looked at per added/removed subtree; a larger subtree is judged by its own pointer.
    var maxLeaves = 10_000

    /// The notices for `changes`.
    func notices(for changes: ChangeSet) -> [PlanNotice] {
        var groups: [GroupKey: [JSONPointer]] = [:]
        var order: [GroupKey] = []
        var notices: [PlanNotice] = []
        func add(_ key: GroupKey, _ pointer: JSONPointer) {
            if groups[key] == nil { order.append(key) }
            groups[key, default: []].append(pointer)
        }
        for input in changes.inputs {
            switch input {
            case .json(let kind, let path, let change):
                if let notice = guestLifecycle(kind, path: path, change) {
                    notices.append(notice)
                    continue
                }
                guard !change.pointer.isRoot else { continue }
                // A NIC added, moved or re-addressed must also be told to Proxmox (`phoenix converge`),
                // even when stages read its address (ADR 0010).
                for leaf in leaves(of: change) where !consumed(kind, leaf) || Self.isNIC(kind, leaf) {
                    add(classify(kind, path: path, leaf, change: change), leaf)
                }
            case .stackFile(let path, let relative, _):
                if !rules.contains(where: { $0.matches(stackPath: relative) }) {
                    notices.append(
                        PlanNotice(kind: .notRead, file: path, guest: nil, pointers: [], message: "\(path) changed; no stage reads it"))
                }
            case .unread(let path, _):
                notices.append(
                    PlanNotice(kind: .notRead, file: path, guest: nil, pointers: [], message: "\(path) changed; no stage reads it"))
            }
        }
        for key in order {
            let pointers = groups[key] ?? []
            notices.append(
                PlanNotice(kind: key.kind, file: key.path, guest: key.guest, pointers: pointers, message: message(key, pointers)))
        }
        return notices
    }

    // MARK: Classification

    /// What a group of notices shares.
    private struct GroupKey: Hashable {
        var kind: PlanNotice.Kind
        var path: String
        var guest: Int?
        /// Tokens before the keys listed in the message (`["lxc_configs", "105"]`).
        var prefix: [String]
        var detail: String?
    }

    /// Whether `pointer` is inside a guest's NIC block (`/lxc_configs/101/secondary_network_config/ip`).
    static func isNIC(_ kind: ConfigFileKind, _ pointer: JSONPointer) -> Bool {
        let tokens = pointer.tokens
        guard tokens.count >= 3, (kind == .lxc && tokens[0] == "lxc_configs") || (kind == .vm && tokens[0] == "vms") else {
            return false
        }
        return GuestNetwork.namedKeys.contains(tokens[2]) || GuestNetwork.slot(ofKey: tokens[2]) != nil
    }

    private func consumed(_ kind: ConfigFileKind, _ pointer: JSONPointer) -> Bool {
        rules.contains { $0.matches(file: kind, pointer: pointer) }
    }

    /// A notice for a whole guest added or removed, or nil.
    private func guestLifecycle(_ kind: ConfigFileKind, path: String, _ change: JSONChange) -> PlanNotice? {
        guard change.kind != .changed, let guest = guestPrefix(kind, change), guest.prefix.count == change.pointer.tokens.count
        else { return nil }
        let name = guest.id.map { "guest \($0)" } ?? "a guest (\(change.identityPath))"
        let added = change.kind == .added
        return PlanNotice(
            kind: added ? .guestAdded : .guestRemoved, file: path, guest: guest.id, pointers: [change.pointer],
            message: added
                ? "\(name) added; sync renders what refers to it but does not create it (needs create)"
                : "\(name) removed; sync stops rendering it but does not destroy it")
    }

    /// The guest a change is under: the pointer prefix naming it (`/lxc_configs/105`, `/vms/3`) and its id.
    private func guestPrefix(_ kind: ConfigFileKind, _ change: JSONChange) -> (prefix: [String], id: Int?)? {
        let tokens = change.pointer.tokens
        switch kind {
        case .lxc:
            guard tokens.count >= 2, tokens[0] == "lxc_configs" else { return nil }
            return (Array(tokens.prefix(2)), Int(tokens[1]))
        case .vm:
            guard tokens.count >= 2, tokens[0] == "vms" else { return nil }
            return (Array(tokens.prefix(2)), vmid(change))
        default:
            return nil
        }
    }

    /// The VMID of a change under `/vms/<index>`: from the identity path (`/vms/vmid=1001/...`), else
    /// from the element's value.
    private func vmid(_ change: JSONChange) -> Int? {
        let parts = change.identityPath.split(separator: "/", omittingEmptySubsequences: false)
        if parts.count > 2, parts[2].hasPrefix("vmid="), let id = Int(parts[2].dropFirst(5)) { return id }
        if change.pointer.tokens.count == 2 { return (change.newValue ?? change.oldValue)?["vmid"]?.intValue }
        return nil
    }

    private func classify(_ kind: ConfigFileKind, path: String, _ leaf: JSONPointer, change: JSONChange) -> GroupKey {
        let guest = guestPrefix(kind, change)
        if let ignored = IgnoredKeyRule.all.first(where: { $0.file == kind && Self.matches($0.pattern, leaf) }) {
            return GroupKey(
                kind: .ignoredKey, path: path, guest: guest?.id, prefix: guest?.prefix ?? [], detail: ignored.reason)
        }
        if let guest {
            return GroupKey(kind: .needsConverge, path: path, guest: guest.id, prefix: guest.prefix, detail: nil)
        }
        switch kind {
        case .vm where leaf.tokens.first == "vm_defaults":
            return GroupKey(kind: .needsConverge, path: path, guest: nil, prefix: [], detail: nil)
        case .hypervisor:
            return GroupKey(kind: .hostSetup, path: path, guest: nil, prefix: [], detail: nil)
        default:
            return GroupKey(kind: .notRead, path: path, guest: nil, prefix: [], detail: nil)
        }
    }

    /// Whether `pointer` is at or below a node matched by an ignored-key pattern (`*` = one token).
    private static func matches(_ pattern: String, _ pointer: JSONPointer) -> Bool {
        let tokens = pattern.split(separator: "/", omittingEmptySubsequences: false).dropFirst().map(String.init)
        guard pointer.tokens.count >= tokens.count else { return false }
        return zip(tokens, pointer.tokens).allSatisfy { $0 == "*" || $0 == $1 }
    }

    private func message(_ key: GroupKey, _ pointers: [JSONPointer]) -> String {
        let keys = Self.list(pointers.map { pointer in
            pointer.tokens.dropFirst(key.prefix.count).map { JSONPointer.escape($0) }.joined(separator: "/")
        })
        switch key.kind {
        case .needsConverge:
            if let guest = key.guest { return "guest \(guest) needs converge: \(keys) changed; not applied by sync" }
            if key.prefix.isEmpty && pointers.allSatisfy({ $0.tokens.first == "vm_defaults" }) {
                return "\(keys) changed; used only when VMs are created or converged; not applied by sync"
            }
            return "a guest needs converge: \(keys) changed; not applied by sync"
        case .hostSetup:
            return "host settings \(keys) changed; applied by host setup, not by sync"
        case .ignoredKey:
            let subject = key.guest.map { "guest \($0): \(keys)" } ?? keys
            return "\(subject) changed; phoenix-gitops ignores it: \(key.detail ?? "not used")"
        default:
            return "\(key.path) \(keys) changed; no stage reads it"
        }
    }

    /// Up to six items, then "and N more".
    private static func list(_ items: [String]) -> String {
        var unique: [String] = []
        for item in items where !unique.contains(item) { unique.append(item) }
        let shown = unique.prefix(6).joined(separator: ", ")
        return unique.count > 6 ? shown + " and \(unique.count - 6) more" : shown
    }

    // MARK: Leaves

    /// The pointers looked at for one change: the leaves of an added or removed object/array value,
    /// otherwise the change's own pointer.
    private func leaves(of change: JSONChange) -> [JSONPointer] {
        guard change.kind != .changed, let value = change.newValue ?? change.oldValue else { return [change.pointer] }
        var result: [JSONPointer] = []
        var pending: [(JSONPointer, JSONValue)] = [(change.pointer, value)]
        while let (pointer, value) = pending.popLast() {
            guard result.count + pending.count < maxLeaves else { return [change.pointer] }
            switch value.kind {
            case .object(let object) where !object.isEmpty:
                for member in object.members.reversed() { pending.append((pointer.appending(member.key), member.value)) }
            case .array(let elements) where !elements.isEmpty:
                for (index, element) in elements.enumerated().reversed() { pending.append((pointer.appending(index), element)) }
            default:
                result.append(pointer)
            }
        }
        return result
    }
}
