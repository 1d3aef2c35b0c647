import Foundation

/// A semantic version (`MAJOR.MINOR.PATCH`, optionally `-prerelease`), as plugins declare them.
///
/// Build metadata (`+…`) is accepted and ignored, as semver says it must not affect precedence.
public struct SemanticVersion: Sendable, Hashable, Comparable, CustomStringConvertible, Codable {
    public var major: Int
    public var minor: Int
    public var patch: Int
    public var prerelease: [String]

    public init(_ major: Int, _ minor: Int, _ patch: Int, prerelease: [String] = []) {
        self.major = major
        self.minor = minor
        self.patch = patch
        self.prerelease = prerelease
    }

    /// Parses `1.2.3`, `1.2.3-beta.1`, `1.2.3+build`; nil for anything else.
    public init?(_ text: String) {
        var core = Substring(text)
        if let plus = core.firstIndex(of: "+") { core = core[..<plus] }
        var pre: [String] = []
        if let dash = core.firstIndex(of: "-") {
            pre = core[core.index(after: dash)...].split(separator: ".", omittingEmptySubsequences: false).map(String.init)
            guard !pre.isEmpty, pre.allSatisfy({ !$0.isEmpty }) else { return nil }
            core = core[..<dash]
        }
        let parts = core.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3 else { return nil }
        var numbers: [Int] = []
        for part in parts {
            // No leading zeros and digits only, as semver requires.
            guard !part.isEmpty, part.allSatisfy(\.isASCII), part.allSatisfy(\.isNumber),
                  part == "0" || !part.hasPrefix("0"), let value = Int(part) else { return nil }
            numbers.append(value)
        }
        self.init(numbers[0], numbers[1], numbers[2], prerelease: pre)
    }

    public var description: String {
        "\(major).\(minor).\(patch)" + (prerelease.isEmpty ? "" : "-" + prerelease.joined(separator: "."))
    }

    public static func < (lhs: SemanticVersion, rhs: SemanticVersion) -> Bool {
        if (lhs.major, lhs.minor, lhs.patch) != (rhs.major, rhs.minor, rhs.patch) {
            return (lhs.major, lhs.minor, lhs.patch) < (rhs.major, rhs.minor, rhs.patch)
        }
        // A pre-release sorts before its release; identifiers compare numerically when both are numbers.
        switch (lhs.prerelease.isEmpty, rhs.prerelease.isEmpty) {
        case (true, true), (true, false): return false
        case (false, true): return true
        case (false, false): break
        }
        for (a, b) in zip(lhs.prerelease, rhs.prerelease) where a != b {
            switch (Int(a), Int(b)) {
            case let (x?, y?): return x < y
            case (.some, nil): return true
            case (nil, .some): return false
            case (nil, nil): return a < b
            }
        }
        return lhs.prerelease.count < rhs.prerelease.count
    }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let value = SemanticVersion(text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "expected a semantic version such as 1.2.0, found '\(text)'"))
        }
        self = value
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

/// Which versions of a plugin another accepts: `*`, `1.2.3` (exactly), `^1.2` (compatible:
/// same major, or same minor below 1.0), `~1.2.3` (same minor), or comparisons joined by spaces
/// (`>=1.2.0 <2.0.0`).
public struct VersionRange: Sendable, Hashable, CustomStringConvertible {
    enum Bound: Sendable, Hashable {
        case atLeast(SemanticVersion), above(SemanticVersion), below(SemanticVersion), atMost(SemanticVersion), exactly(SemanticVersion)

        func admits(_ version: SemanticVersion) -> Bool {
            switch self {
            case .atLeast(let v): return version >= v
            case .above(let v): return version > v
            case .below(let v): return version < v
            case .atMost(let v): return version <= v
            case .exactly(let v): return version == v
            }
        }
    }

    let bounds: [Bound]
    public let description: String

    public static let any = VersionRange(bounds: [], description: "*")

    init(bounds: [Bound], description: String) {
        self.bounds = bounds
        self.description = description
    }

    /// Parses a range; nil when it is not one of the forms above.
    public init?(_ text: String) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed.isEmpty || trimmed == "*" { self = .any; return }
        var bounds: [Bound] = []
        for term in trimmed.split(separator: " ") {
            guard let parsed = Self.parse(String(term)) else { return nil }
            bounds += parsed
        }
        self.init(bounds: bounds, description: trimmed)
    }

    /// Accepts `1`, `1.2` and `1.2.3` after `^` and `~`, filling missing parts with 0.
    private static func loose(_ text: String) -> (SemanticVersion, given: Int)? {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...3).contains(parts.count) else { return nil }
        if parts.count == 3 { return SemanticVersion(text).map { ($0, 3) } }
        let numbers = parts.compactMap { Int($0) }
        guard numbers.count == parts.count, numbers.allSatisfy({ $0 >= 0 }) else { return nil }
        return (SemanticVersion(numbers[0], numbers.count > 1 ? numbers[1] : 0, 0), parts.count)
    }

    private static func parse(_ term: String) -> [Bound]? {
        for (prefix, make) in [(">=", Bound.atLeast), ("<=", Bound.atMost), (">", Bound.above), ("<", Bound.below), ("=", Bound.exactly)] as [(String, (SemanticVersion) -> Bound)] {
            if term.hasPrefix(prefix) { return SemanticVersion(String(term.dropFirst(prefix.count))).map { [make($0)] } }
        }
        if term.hasPrefix("^") {
            guard let (v, given) = loose(String(term.dropFirst())) else { return nil }
            let upper: SemanticVersion
            if v.major > 0 || given == 1 { upper = SemanticVersion(v.major + 1, 0, 0) }
            else if v.minor > 0 || given == 2 { upper = SemanticVersion(0, v.minor + 1, 0) }
            else { upper = SemanticVersion(0, 0, v.patch + 1) }
            return [.atLeast(v), .below(upper)]
        }
        if term.hasPrefix("~") {
            guard let (v, given) = loose(String(term.dropFirst())) else { return nil }
            let upper = given == 1 ? SemanticVersion(v.major + 1, 0, 0) : SemanticVersion(v.major, v.minor + 1, 0)
            return [.atLeast(v), .below(upper)]
        }
        return SemanticVersion(term).map { [.exactly($0)] }
    }

    public func admits(_ version: SemanticVersion) -> Bool { bounds.allSatisfy { $0.admits(version) } }
}
