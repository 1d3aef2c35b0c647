import Foundation
import HummingbirdBcrypt
import OCOPDomain
import OCOPPluginKit

/// bcrypt hashing at the configured cost, plus the password policy.
///
/// bcrypt is deliberately slow, so it runs on a Dispatch thread rather than blocking one of
/// the few cooperative threads that serve every request.
final class PasswordHasher: @unchecked Sendable {
    /// Minimum length in characters.
    static let minimumLength = 10
    /// bcrypt reads at most 72 bytes; longer passwords would be silently truncated.
    static let maximumBytes = 72

    let cost: UInt8
    private let lock = NSLock()
    private var decoy: String?

    /// `cost` is clamped to the range the configuration allows, so the bcrypt library's own
    /// precondition can never trip.
    init(cost: Int) {
        self.cost = UInt8(min(max(cost, AccountsConfig.bcryptCostRange.lowerBound), AccountsConfig.bcryptCostRange.upperBound))
    }

    /// Why `password` is not acceptable, as field errors at `path`; empty when it is.
    static func policyErrors(_ password: String, path: String = "/password") -> [InvalidField] {
        let normalized = VietnameseText.nfc(password)
        var errors: [InvalidField] = []
        if normalized.count < minimumLength {
            errors.append(.init(path: path, message: "must be at least \(minimumLength) characters"))
        }
        if normalized.utf8.count > maximumBytes {
            errors.append(.init(path: path, message: "must be at most \(maximumBytes) bytes in UTF-8"))
        }
        if normalized.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
            errors.append(.init(path: path, message: "must not contain control characters"))
        }
        return errors
    }

    func hash(_ password: String) async -> String {
        let text = VietnameseText.nfc(password)
        let cost = self.cost
        return await Self.offload { Bcrypt.hash(text, cost: cost) }
    }

    /// False for a wrong password, a malformed hash, or a password the policy could never have
    /// accepted (which bcrypt would otherwise truncate at a NUL or at 72 bytes).
    func verify(_ password: String, hash: String) async -> Bool {
        let text = VietnameseText.nfc(password)
        guard text.utf8.count <= Self.maximumBytes, !text.utf8.contains(0) else { return false }
        return await Self.offload { Bcrypt.verify(text, hash: hash) }
    }

    /// Spends the time a real verification takes, so a sign-in for an unknown username is not
    /// measurably faster than one with a wrong password.
    func verifyDecoy(_ password: String) async {
        let existing = lock.withLock { decoy }
        let decoyHash: String
        if let existing {
            decoyHash = existing
        } else {
            decoyHash = await hash(UUID().uuidString + UUID().uuidString)
            lock.withLock { decoy = decoy ?? decoyHash }
        }
        _ = await verify(password, hash: decoyHash)
    }

    private static func offload<T: Sendable>(_ work: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in
            DispatchQueue.global(qos: .userInitiated).async { continuation.resume(returning: work()) }
        }
    }
}
