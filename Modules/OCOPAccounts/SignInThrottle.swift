import Foundation
import OCOPPluginKit

/// Slows password guessing: after `freeFailures` wrong passwords in a row for one username,
/// that username is refused (429 with Retry-After, before any password check) for a time that
/// doubles with each further failure, up to `maxLockSeconds`. A success clears the count.
///
/// Kept per process and by username (the API sees no client address behind a proxy); an
/// attacker can delay one account's sign-in by at most `maxLockSeconds` at a time.
final class SignInThrottle: @unchecked Sendable {
    let freeFailures: Int
    let baseLockSeconds: Double
    let maxLockSeconds: Double
    let message: String
    private let lock = NSLock()
    private var failures: [String: (count: Int, lockedUntil: Date)] = [:]
    private let capacity = 100_000

    init(freeFailures: Int = 10, baseLockSeconds: Double = 2, maxLockSeconds: Double = 900,
         message: String = "Too many wrong passwords for this account; try again later.") {
        self.message = message
        self.freeFailures = freeFailures
        self.baseLockSeconds = baseLockSeconds
        self.maxLockSeconds = maxLockSeconds
    }

    /// Throws 429 while `username` is locked.
    func check(_ username: String, now: Date = Date()) throws(RetryLater) {
        let until = lock.withLock { failures[username]?.lockedUntil }
        if let until, until > now {
            throw RetryLater.tooManyRequests(message, seconds: Int(until.timeIntervalSince(now).rounded(.up)))
        }
    }

    func failed(_ username: String, now: Date = Date()) {
        lock.withLock {
            if failures.count >= capacity, failures[username] == nil {
                failures = failures.filter { $0.value.lockedUntil > now }
                if failures.count >= capacity { failures.removeAll(keepingCapacity: true) }
            }
            let count = (failures[username]?.count ?? 0) + 1
            var until = now
            if count >= freeFailures {
                let seconds = min(maxLockSeconds, baseLockSeconds * pow(2, Double(count - freeFailures)))
                until = now.addingTimeInterval(seconds)
            }
            failures[username] = (count, until)
        }
    }

    func succeeded(_ username: String) {
        lock.withLock { failures[username] = nil }
    }
}
