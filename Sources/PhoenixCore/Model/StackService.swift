/// A service of a stack environment, with the Traefik labels added to it at deploy time.
public struct StackService: Sendable, Hashable {
    /// Compose service name.
    public var name: String
    /// `traefik.*=...` labels.
    public var traefikLabels: [String]
    /// Where it is.
    public var origin: ValueOrigin
}
