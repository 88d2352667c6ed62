extension Guest {
    /// What a guest holds, once. Immutable (one `let` of a `Sendable` value), so one instance can be shared
    /// across tasks.
    final class Storage: Sendable {
        let fields: Fields

        init(_ fields: Fields) { self.fields = fields }
    }

    /// The fields, as a value: equality and hashing of a guest are theirs.
    struct Fields: Sendable, Hashable {
        var kind: GuestKind
        var id: Int
        var name: String?
        var nics: [GuestNetwork]
        var addressInterface: String?
        var traefikService: TraefikService?
        var firewall: GuestFirewall?
        var isTemplate: Bool
        var origin: ValueOrigin
        var lxc: LXCConfig?
        var vm: VMConfig?
    }
}
