/// A VM volume (`volumes[]`), e.g. an NFS mount `{type: "nfs", server, path, mount_point}`.
public struct VMVolume: Sendable, Hashable {
    /// `nfs`, ...
    public var type: String?
    /// NFS server address.
    public var server: String?
    /// Exported path on the server.
    public var path: String?
    /// Mount point in the VM.
    public var mountPoint: String?
    /// Where it is.
    public var origin: ValueOrigin

    init?(_ value: JSONValue, pointer: JSONPointer, context: ModelContext) {
        guard let object = context.object(value, at: pointer) else { return nil }
        type = context.string(object, "type", at: pointer)
        server = context.string(object, "server", at: pointer)
        path = context.string(object, "path", at: pointer)
        mountPoint = context.string(object, "mount_point", at: pointer)
        origin = context.origin(pointer, value.location)
    }
}
