/// A storage failure with a message an operator can act on.
public struct StorageError: Error, Sendable, CustomStringConvertible {
    public struct Code: Hashable, Sendable {
        public let name: String
        public init(_ name: String) { self.name = name }
        public static let invalidURL = Code("invalid-url")
        public static let unreachable = Code("unreachable")
        public static let migrationFailed = Code("migration-failed")
    }

    public var code: Code
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}
