/// A minimal reader of DER (ASN.1 distinguished encoding) for the few X.509 fields the certificates
/// stage needs. It only walks tag-length-value triples; every length is checked against the bytes
/// left, so malformed input is an error, never a crash.
struct DERReader {
    /// One tag-length-value element.
    struct Element {
        /// The identifier octet (single-byte tags only: X.509 needs no others).
        var tag: UInt8
        /// The content octets.
        var content: ArraySlice<UInt8>
    }

    private var bytes: ArraySlice<UInt8>

    /// A reader over `bytes`.
    init(_ bytes: ArraySlice<UInt8>) {
        self.bytes = bytes
    }

    /// Whether all bytes were read.
    var isAtEnd: Bool { bytes.isEmpty }

    /// The tag of the next element, if any.
    var peekTag: UInt8? { bytes.first }

    /// Reads the next element.
    mutating func read() throws(CertificateParseError) -> Element {
        guard let tag = bytes.first else { throw .malformed("unexpected end of data") }
        if tag & 0x1F == 0x1F { throw .malformed("multi-byte ASN.1 tag") }
        var index = bytes.index(after: bytes.startIndex)
        guard index < bytes.endIndex else { throw .malformed("missing length") }
        let first = bytes[index]
        index = bytes.index(after: index)
        var length = 0
        if first & 0x80 == 0 {
            length = Int(first)
        } else {
            let count = Int(first & 0x7F)
            guard count > 0, count <= 4 else { throw .malformed("unsupported length encoding") }
            guard bytes.distance(from: index, to: bytes.endIndex) >= count else { throw .malformed("truncated length") }
            for _ in 0..<count {
                length = length << 8 | Int(bytes[index])
                index = bytes.index(after: index)
            }
        }
        guard bytes.distance(from: index, to: bytes.endIndex) >= length else {
            throw .malformed("element longer than the data")
        }
        let end = bytes.index(index, offsetBy: length)
        let element = Element(tag: tag, content: bytes[index..<end])
        bytes = bytes[end...]
        return element
    }

    /// Reads the next element and checks its tag.
    mutating func read(expecting tag: UInt8, _ what: String) throws(CertificateParseError) -> Element {
        let element = try read()
        guard element.tag == tag else {
            throw .malformed("expected \(what) (tag 0x\(String(tag, radix: 16))), found tag 0x\(String(element.tag, radix: 16))")
        }
        return element
    }

    /// Reads the next element if it has `tag`.
    mutating func readIfPresent(_ tag: UInt8) throws(CertificateParseError) -> Element? {
        guard peekTag == tag else { return nil }
        return try read()
    }
}

/// ASN.1 tags used by the X.509 reader.
enum DERTag {
    static let boolean: UInt8 = 0x01
    static let integer: UInt8 = 0x02
    static let octetString: UInt8 = 0x04
    static let objectIdentifier: UInt8 = 0x06
    static let utf8String: UInt8 = 0x0C
    static let printableString: UInt8 = 0x13
    static let teletexString: UInt8 = 0x14
    static let ia5String: UInt8 = 0x16
    static let utcTime: UInt8 = 0x17
    static let generalizedTime: UInt8 = 0x18
    static let sequence: UInt8 = 0x30
    static let set: UInt8 = 0x31
    /// `[0]` constructed: the version of a TBSCertificate.
    static let version: UInt8 = 0xA0
    /// `[3]` constructed: the extensions of a TBSCertificate.
    static let extensions: UInt8 = 0xA3
}
