/// One entry of `certificate-manifest.json` (a top-level array).
public struct CertificateEntry: Sendable, Hashable {
    /// Certificate CN.
    public var commonName: String?
    /// Subject alternative names.
    public var sans: [String]
    /// The guest the certificate belongs to (number or numeric string in the file).
    public var guestID: Int?
    /// `lxc` or `vm`.
    public var guestType: String?
    /// Host path of the certificate.
    public var certPath: String?
    /// Host path of the key.
    public var keyPath: String?
    /// `user:group` (ignored by `phoenix sync`).
    public var owner: String?
    /// File mode, e.g. `"600"`.
    public var permissions: String?
    /// Whether the CA chain is appended.
    public var includeCA: Bool?
    /// `client`, ... (ignored by `phoenix sync`).
    public var certType: String?
    /// Shell string run after renewal (`pct exec 101 -- systemctl reload nginx`); never run through a shell
    /// by phoenix-gitops without parsing it into an argv.
    public var postRenewalCommand: String?
    /// Where the entry is (`/<index>`).
    public var origin: ValueOrigin
    /// The entry's JSON.
    public var json: JSONValue

    init?(_ value: JSONValue, pointer: JSONPointer, context: ModelContext) {
        guard let object = context.object(value, at: pointer, expected: "a certificate object") else { return nil }
        commonName = context.string(object, "common_name", at: pointer)
        sans = context.strings(object, "sans", at: pointer)
        guestID = context.flexibleInt(object, "guest_id", at: pointer)
        guestType = context.string(object, "guest_type", at: pointer)
        certPath = context.string(object, "cert_path", at: pointer)
        keyPath = context.string(object, "key_path", at: pointer)
        owner = context.string(object, "owner", at: pointer)
        permissions = context.stringOrNumber(object, "permissions", at: pointer)
        includeCA = context.bool(object, "include_ca", at: pointer)
        certType = context.string(object, "cert_type", at: pointer)
        postRenewalCommand = context.string(object, "post_renewal_command", at: pointer)
        origin = context.origin(pointer, value.location)
        json = value
    }
}
