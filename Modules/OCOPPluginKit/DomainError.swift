/// One invalid input field: `path` is a JSON-pointer-like path such as `/name` or `/items/2/code`.
public struct InvalidField: Sendable, Codable, Equatable {
    public var path: String
    public var message: String
    public init(path: String, message: String) {
        self.path = path
        self.message = message
    }
}

/// What stores and services throw: a refusal in the domain's terms. The HTTP edge turns it into
/// an RFC 9457 problem (`Problem(_:)`), the command line into a message about its flags
/// (`PluginCommands.lines(for:flags:)`); neither layer leaks into the other.
public struct DomainError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: String, Sendable, Equatable {
        /// No such record, or not one the caller may see (never tell which).
        case notFound
        /// Visible, but the caller may not do this.
        case forbidden
        /// Clashes with a stored record (a unique name or number).
        case conflict
        /// Some fields are invalid (see `fields`).
        case invalid
        /// The store is busy (locked, overloaded); try again shortly.
        case busy
    }

    public var kind: Kind
    public var message: String
    public var fields: [InvalidField]

    public init(_ kind: Kind, _ message: String, fields: [InvalidField] = []) {
        self.kind = kind
        self.message = message
        self.fields = fields
    }

    public static func notFound(_ message: String) -> DomainError { DomainError(.notFound, message) }
    public static func forbidden(_ message: String) -> DomainError { DomainError(.forbidden, message) }
    public static func conflict(_ message: String, path: String? = nil) -> DomainError {
        DomainError(.conflict, message, fields: path.map { [InvalidField(path: $0, message: message)] } ?? [])
    }
    public static func invalid(_ fields: [InvalidField]) -> DomainError {
        DomainError(.invalid, fields.map { "\($0.path): \($0.message)" }.joined(separator: "; "), fields: fields)
    }
    public static func busy(_ message: String) -> DomainError { DomainError(.busy, message) }

    public var description: String { message }
}

extension Problem {
    /// The HTTP answer to a domain refusal.
    public init(_ error: DomainError) {
        switch error.kind {
        case .notFound: self = .notFound(error.message)
        case .forbidden: self = .forbidden(error.message)
        case .conflict: self = Problem(status: 409, title: "Conflict", detail: error.message, errors: error.fields.isEmpty ? nil : error.fields)
        case .invalid: self = .invalid(error.fields)
        case .busy: self = Problem(status: 503, title: "Service Unavailable", detail: error.message)
        }
    }
}
