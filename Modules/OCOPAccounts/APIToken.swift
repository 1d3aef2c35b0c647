import Crypto
import Foundation

/// API tokens: `ocop_` followed by 32 random bytes in unpadded base64url (43 characters).
///
/// Only the SHA-256 of a token is stored: a stolen database yields no usable tokens, and a
/// fast hash is enough because the token itself has 256 bits of entropy (unlike a password).
enum APIToken {
    static let scheme = "ocop_"
    static let secretLength = 43
    /// Characters of the secret kept in clear as `prefix`, so people can tell their tokens apart.
    static let prefixLength = 8

    static func generate() -> String {
        let bytes = SymmetricKey(size: .bits256).withUnsafeBytes { Data($0) }
        let encoded = bytes.base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
        return scheme + encoded
    }

    /// True for the shape `generate()` produces; anything else is rejected without a database query.
    static func isWellFormed(_ token: String) -> Bool {
        guard token.hasPrefix(scheme) else { return false }
        let secret = token.utf8.dropFirst(scheme.utf8.count)
        return secret.count == secretLength && secret.allSatisfy { byte in
            (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x30 && byte <= 0x39)
                || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_")
        }
    }

    /// Lowercase hex SHA-256 of the token's UTF-8 bytes.
    static func hash(_ token: String) -> String {
        SHA256.hash(data: Data(token.utf8)).map { byte in
            let hex = String(byte, radix: 16)
            return byte < 16 ? "0" + hex : hex
        }.joined()
    }

    /// The first characters of the secret, shown in lists.
    static func prefix(_ token: String) -> String {
        String(token.dropFirst(scheme.count).prefix(prefixLength))
    }

    /// The token in an `Authorization: Bearer …` header; nil if the header is another scheme or empty.
    static func bearer(_ authorization: String) -> String? {
        let trimmed = authorization.trimmingCharacters(in: .whitespaces)
        guard trimmed.count > 7, trimmed.prefix(7).lowercased() == "bearer " else { return nil }
        let token = trimmed.dropFirst(7).trimmingCharacters(in: .whitespaces)
        return token.isEmpty ? nil : token
    }
}
