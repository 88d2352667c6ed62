/// A stable kebab-case id for a kind of finding (`duplicate-ip`, `plaintext-secret`, ...).
///
/// Scripts and tests match on these ids, so existing ones never change meaning. Other modules may
/// define their own codes with `DiagnosticCode("...")`.
public struct DiagnosticCode: RawRepresentable, Sendable, Hashable, Codable, Comparable, CustomStringConvertible,
    ExpressibleByStringLiteral
{
    /// The id text.
    public let rawValue: String

    /// Creates a code.
    public init(rawValue: String) { self.rawValue = rawValue }
    /// Creates a code.
    public init(_ rawValue: String) { self.rawValue = rawValue }
    /// Creates a code from a literal.
    public init(stringLiteral value: String) { self.rawValue = value }

    /// The id text.
    public var description: String { rawValue }

    /// Orders alphabetically.
    public static func < (lhs: DiagnosticCode, rhs: DiagnosticCode) -> Bool { lhs.rawValue < rhs.rawValue }

    /// Encodes as a plain string.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }

    /// Decodes from a plain string.
    public init(from decoder: any Decoder) throws {
        rawValue = try decoder.singleValueContainer().decode(String.self)
    }

    // MARK: Reading and parsing (errors unless noted)

    /// A required config file does not exist.
    public static let missingFile: DiagnosticCode = "missing-file"
    /// The optional certificate manifest does not exist (warning).
    public static let missingCertificateManifest: DiagnosticCode = "missing-certificate-manifest"
    /// The source could not read a file.
    public static let unreadableFile: DiagnosticCode = "unreadable-file"
    /// A file is over the size limit; it was not parsed.
    public static let fileTooLarge: DiagnosticCode = "file-too-large"
    /// A file is not valid UTF-8.
    public static let invalidUTF8: DiagnosticCode = "invalid-utf8"
    /// A UTF-8 byte order mark at the start of a JSON file (warning).
    public static let utf8BOM: DiagnosticCode = "utf8-bom"
    /// JSON syntax error (truncated file, bad token, ...).
    public static let jsonSyntax: DiagnosticCode = "json-syntax"
    /// JSON nested deeper than the parser's limit.
    public static let jsonNestingTooDeep: DiagnosticCode = "json-nesting-too-deep"
    /// The same key twice in an object with different values.
    public static let duplicateKey: DiagnosticCode = "duplicate-key"
    /// The same key twice in an object with the same value (warning).
    public static let duplicateKeyIdentical: DiagnosticCode = "duplicate-key-identical"
    /// YAML syntax error.
    public static let yamlSyntax: DiagnosticCode = "yaml-syntax"
    /// YAML mapping with duplicate keys.
    public static let yamlDuplicateKey: DiagnosticCode = "yaml-duplicate-key"

    // MARK: Input limits (errors; ADR 0019, settings `limits`)

    /// A compose file over its YAML budget once aliases are expanded (nodes, scalar bytes, nesting).
    public static let yamlTooLarge: DiagnosticCode = "yaml-too-large"
    /// Folders nested deeper than `limits.max_stack_depth` below a stack folder.
    public static let stackTooDeep: DiagnosticCode = "stack-too-deep"
    /// More files than `limits.max_stack_files` in one stack folder.
    public static let tooManyFiles: DiagnosticCode = "too-many-files"
    /// A stack folder's files together over `limits.max_stack_bytes`.
    public static let stackTooLarge: DiagnosticCode = "stack-too-large"
    /// The files read from one commit together over `limits.max_commit_bytes`.
    public static let commitTooLarge: DiagnosticCode = "commit-too-large"

    // MARK: Model

    /// A known key holds a value of the wrong JSON type.
    public static let wrongType: DiagnosticCode = "wrong-type"
    /// A required key is missing (e.g. a VM without `vmid`).
    public static let missingKey: DiagnosticCode = "missing-key"
    /// A CTID/VMID that is not a positive integer.
    public static let invalidGuestID: DiagnosticCode = "invalid-guest-id"
    /// Two guests (LXC or VM) share an id.
    public static let duplicateGuestID: DiagnosticCode = "duplicate-guest-id"
    /// Two guests share an IP address on the same network.
    public static let duplicateIP: DiagnosticCode = "duplicate-ip"
    /// An IP address or CIDR that does not parse.
    public static let invalidIP: DiagnosticCode = "invalid-ip"
    /// A port outside 1–65535 (or not a port at all).
    public static let portOutOfRange: DiagnosticCode = "port-out-of-range"
    /// A dependency or certificate names no guest.
    public static let unknownGuest: DiagnosticCode = "unknown-guest"
    /// A VM's `docker_stacks` names a stack with no folder.
    public static let missingStack: DiagnosticCode = "missing-stack"
    /// A stack name that could escape the stacks folder (`..`, `/`, absolute).
    public static let unsafeStackName: DiagnosticCode = "unsafe-stack-name"
    /// A stack folder without `docker-compose.yml` (warning).
    public static let missingComposeFile: DiagnosticCode = "missing-compose-file"
    /// A firewall rule with a missing or invalid `type`/`action`.
    public static let invalidFirewallRule: DiagnosticCode = "invalid-firewall-rule"
    /// Two guests publish the same `traefik_service.name` (duplicate router names and DNS records).
    public static let duplicateTraefikName: DiagnosticCode = "duplicate-traefik-name"
    /// A firewall default policy that is not ACCEPT, DROP or REJECT.
    public static let invalidFirewallPolicy: DiagnosticCode = "invalid-firewall-policy"
    /// An explicit `roles` entry that names no guest.
    public static let invalidRole: DiagnosticCode = "invalid-role"

    // MARK: Warnings

    /// A password/token/secret stored as a literal value.
    public static let plaintextSecret: DiagnosticCode = "plaintext-secret"
    /// The same firewall rule twice in one rule list.
    public static let duplicateFirewallRule: DiagnosticCode = "duplicate-firewall-rule"
    /// A `traefik_service` on a guest with a DHCP address (renders an unusable URL).
    public static let traefikOnDHCP: DiagnosticCode = "traefik-on-dhcp"
    /// A swarm with no manager or more than one manager.
    public static let swarmManagerCount: DiagnosticCode = "swarm-manager-count"
    /// A key that `phoenix sync` ignored and phoenix-gitops ignores too.
    public static let ignoredKey: DiagnosticCode = "ignored-key"
    /// A role resolved only through the legacy container name.
    public static let legacyRoleFallback: DiagnosticCode = "legacy-role-fallback"
    /// A role that no rule resolves (the stages needing it cannot render).
    public static let unresolvedRole: DiagnosticCode = "unresolved-role"
}
