import Foundation
import PhoenixCore

/// What the certificates stage needs to know about an existing certificate: its validity, subject CN
/// and subject alternative names, read from the PEM's DER (RFC 5280) without any external tool, so the
/// decision is the same on every driver (the local driver does not run `openssl`).
struct CertificateSummary: Sendable, Hashable {
    /// Start of validity.
    var notBefore: Date
    /// End of validity.
    var notAfter: Date
    /// The subject's common name, if any.
    var commonName: String?
    /// Subject alternative names, normalised.
    var subjectAltNames: SubjectAltNames

    /// Parses the first `CERTIFICATE` block of a PEM file (a chain's leaf comes first).
    static func parse(pem: Data) throws(CertificateParseError) -> CertificateSummary {
        try parse(der: try firstCertificateDER(pem))
    }

    /// Parses a DER-encoded certificate.
    static func parse(der: [UInt8]) throws(CertificateParseError) -> CertificateSummary {
        var outer = DERReader(der[...])
        let certificate = try outer.read(expecting: DERTag.sequence, "Certificate")
        var certificateReader = DERReader(certificate.content)
        let tbs = try certificateReader.read(expecting: DERTag.sequence, "TBSCertificate")
        var fields = DERReader(tbs.content)
        _ = try fields.readIfPresent(DERTag.version)
        _ = try fields.read(expecting: DERTag.integer, "serial number")
        _ = try fields.read(expecting: DERTag.sequence, "signature algorithm")
        _ = try fields.read(expecting: DERTag.sequence, "issuer")
        let validity = try fields.read(expecting: DERTag.sequence, "validity")
        var validityReader = DERReader(validity.content)
        let notBefore = try time(try validityReader.read())
        let notAfter = try time(try validityReader.read())
        let subject = try fields.read(expecting: DERTag.sequence, "subject")
        _ = try fields.read(expecting: DERTag.sequence, "subject public key info")
        var names = SubjectAltNames()
        while !fields.isAtEnd {
            let element = try fields.read()
            guard element.tag == DERTag.extensions else { continue }  // [1]/[2] unique ids are skipped
            names = try subjectAltNames(inExtensions: element.content)
        }
        return CertificateSummary(
            notBefore: notBefore, notAfter: notAfter, commonName: try commonName(subject.content),
            subjectAltNames: names)
    }

    // MARK: - PEM

    private static func firstCertificateDER(_ pem: Data) throws(CertificateParseError) -> [UInt8] {
        let text = String(decoding: pem, as: UTF8.self)
        guard let begin = text.range(of: "-----BEGIN CERTIFICATE-----"),
            let end = text.range(of: "-----END CERTIFICATE-----", range: begin.upperBound..<text.endIndex)
        else { throw .notPEM }
        let body = text[begin.upperBound..<end.lowerBound].filter { !$0.isWhitespace }
        guard let data = Data(base64Encoded: String(body)), !data.isEmpty else { throw .notPEM }
        return [UInt8](data)
    }

    // MARK: - Fields

    /// 2.5.4.3
    private static let commonNameOID: [UInt8] = [0x55, 0x04, 0x03]
    /// 2.5.29.17
    private static let subjectAltNameOID: [UInt8] = [0x55, 0x1D, 0x11]

    private static func commonName(_ name: ArraySlice<UInt8>) throws(CertificateParseError) -> String? {
        var sets = DERReader(name)
        var found: String?
        while !sets.isAtEnd {
            let set = try sets.read(expecting: DERTag.set, "RelativeDistinguishedName")
            var attributes = DERReader(set.content)
            while !attributes.isAtEnd {
                let attribute = try attributes.read(expecting: DERTag.sequence, "AttributeTypeAndValue")
                var parts = DERReader(attribute.content)
                let oid = try parts.read(expecting: DERTag.objectIdentifier, "attribute type")
                let value = try parts.read()
                let textTags = [DERTag.utf8String, DERTag.printableString, DERTag.ia5String, DERTag.teletexString]
                if Array(oid.content) == commonNameOID, textTags.contains(value.tag) {
                    found = String(decoding: value.content, as: UTF8.self)
                }
            }
        }
        return found
    }

    private static func subjectAltNames(inExtensions wrapper: ArraySlice<UInt8>) throws(CertificateParseError)
        -> SubjectAltNames
    {
        var outer = DERReader(wrapper)
        let list = try outer.read(expecting: DERTag.sequence, "Extensions")
        var extensions = DERReader(list.content)
        var names = SubjectAltNames()
        while !extensions.isAtEnd {
            let extensionElement = try extensions.read(expecting: DERTag.sequence, "Extension")
            var parts = DERReader(extensionElement.content)
            let oid = try parts.read(expecting: DERTag.objectIdentifier, "extension id")
            _ = try parts.readIfPresent(DERTag.boolean)
            let value = try parts.read(expecting: DERTag.octetString, "extension value")
            guard Array(oid.content) == subjectAltNameOID else { continue }
            var inner = DERReader(value.content)
            let generalNames = try inner.read(expecting: DERTag.sequence, "GeneralNames")
            var reader = DERReader(generalNames.content)
            while !reader.isAtEnd {
                let name = try reader.read()
                let text = String(decoding: name.content, as: UTF8.self)
                switch name.tag {
                case 0x81: names.email.append(text.lowercased())  // [1] rfc822Name
                case 0x82: names.dns.append(text.lowercased())  // [2] dNSName
                case 0x86: names.uri.append(text)  // [6] uniformResourceIdentifier
                case 0x87: names.ip.append(try ipAddress(name.content))  // [7] iPAddress
                default: continue  // otherName, directoryName, ...: not requested by the manifest
                }
            }
        }
        names.normalise()
        return names
    }

    private static func ipAddress(_ bytes: ArraySlice<UInt8>) throws(CertificateParseError) -> String {
        switch bytes.count {
        case 4:
            return IPAddress.v4(bytes.reduce(UInt32(0)) { $0 << 8 | UInt32($1) }).description
        case 16:
            return IPAddress.v6(Array(bytes)).description
        default:
            throw .malformed("an IP address SAN of \(bytes.count) bytes")
        }
    }

    /// UTCTime `YYMMDDHHMMSSZ` (years 1950–2049) or GeneralizedTime `YYYYMMDDHHMMSSZ`.
    private static func time(_ element: DERReader.Element) throws(CertificateParseError) -> Date {
        let text = String(decoding: element.content, as: UTF8.self)
        let digits: String
        switch element.tag {
        case DERTag.utcTime:
            guard text.count == 13, text.hasSuffix("Z"), let yy = Int(text.prefix(2)) else {
                throw .malformed("UTCTime \(text.debugDescription)")
            }
            digits = String(yy >= 50 ? 1900 + yy : 2000 + yy) + text.dropFirst(2).dropLast()
        case DERTag.generalizedTime:
            guard text.count == 15, text.hasSuffix("Z") else { throw .malformed("GeneralizedTime \(text.debugDescription)") }
            digits = String(text.dropLast())
        default:
            throw .malformed("validity time with tag 0x\(String(element.tag, radix: 16))")
        }
        let chars = Array(digits)
        guard chars.count == 14, chars.allSatisfy(\.isASCII), chars.allSatisfy(\.isNumber) else {
            throw .malformed("time \(text.debugDescription)")
        }
        func number(_ from: Int, _ count: Int) -> Int { Int(String(chars[from..<from + count])) ?? 0 }
        let (year, month, day) = (number(0, 4), number(4, 2), number(6, 2))
        let (hour, minute, second) = (number(8, 2), number(10, 2), number(12, 2))
        guard (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second < 61 else {
            throw .malformed("time \(text.debugDescription) out of range")
        }
        let days = daysFromCivil(year: year, month: month, day: day)
        return Date(timeIntervalSince1970: TimeInterval(days * 86_400 + hour * 3_600 + minute * 60 + second))
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm), so no calendar or
    /// time-zone setting of the machine can shift an expiry.
    private static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }
}
