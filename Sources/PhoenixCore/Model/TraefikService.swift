/// A guest's `traefik_service`: the name it is published under and its backend port.
public struct TraefikService: Sendable, Hashable {
    /// Published name (`<name>.<domain>`).
    public var name: String?
    /// Backend port on the guest.
    public var port: Int?
    /// Backend scheme (`https`); ignored by `phoenix sync`.
    public var scheme: String?
    /// Where the block is.
    public var origin: ValueOrigin
    /// The block's JSON.
    public var json: JSONValue

    /// Creates a service.
    public init(name: String?, port: Int?, scheme: String? = nil, origin: ValueOrigin = .synthetic, json: JSONValue = [:]) {
        self.name = name
        self.port = port
        self.scheme = scheme
        self.origin = origin
        self.json = json
    }

    init?(_ value: JSONValue, pointer: JSONPointer, location: SourceLocation, context: ModelContext) {
        guard let object = value.objectValue else { return nil }
        self.init(
            name: context.string(object, "name", at: pointer),
            port: context.int(object, "port", at: pointer),
            scheme: context.string(object, "scheme", at: pointer),
            origin: context.origin(pointer, location), json: value)
    }
}
