import Crypto

/// Comparison of secrets whose duration does not depend on where they differ.
enum ConstantTime {
    /// True when `a` and `b` are equal. Both are hashed first, so the loop always covers 32 bytes and
    /// neither the position of the first difference nor the length of the secret shows in the timing.
    static func equal(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        let x = Array(SHA256.hash(data: a))
        let y = Array(SHA256.hash(data: b))
        var difference: UInt8 = 0
        for index in 0..<x.count { difference |= x[index] ^ y[index] }
        return difference == 0
    }
}
