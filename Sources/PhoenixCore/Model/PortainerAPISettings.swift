/// The hypervisor's `portainer_api` block. The password is kept only as a presence flag: a secret
/// does not belong in the model (validation warns about it; it is never printed).
public struct PortainerAPISettings: Sendable, Hashable {
    /// Admin user name.
    public var adminUser: String?
    /// Whether `admin_password` holds a non-empty literal (the value itself is not kept).
    public var hasLiteralAdminPassword: Bool
    /// Portainer hostname.
    public var portainerHostname: String?
    /// Whether `api_key` holds a non-empty literal (the value itself is not kept).
    public var hasLiteralAPIKey: Bool
    /// Where it is.
    public var origin: ValueOrigin

    init?(_ value: JSONValue, pointer: JSONPointer, location: SourceLocation, context: ModelContext) {
        guard let object = value.objectValue else { return nil }
        adminUser = context.string(object, "admin_user", at: pointer)
        hasLiteralAdminPassword = !(context.string(object, "admin_password", at: pointer) ?? "").isEmpty
        portainerHostname = context.string(object, "portainer_hostname", at: pointer)
        hasLiteralAPIKey = !(context.string(object, "api_key", at: pointer) ?? "").isEmpty
        origin = context.origin(pointer, location)
    }
}
