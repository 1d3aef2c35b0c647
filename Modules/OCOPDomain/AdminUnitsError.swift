/// Why the administrative-unit data could not be loaded.
public enum AdminUnitsError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The bundled resource is not where the build put it (incomplete deployment).
    case resourceMissing
    /// The file exists but could not be read.
    case unreadable(path: String, reason: String)
    /// The file does not follow the format (1-based line number, 0 for the whole file).
    case corrupt(line: Int, reason: String)

    public var description: String {
        switch self {
        case .resourceMissing:
            "admin-units.txt is missing from the OCOPDomain resource bundle"
        case .unreadable(let path, let reason):
            "cannot read \(path): \(reason)"
        case .corrupt(let line, let reason):
            line > 0 ? "admin-units.txt line \(line): \(reason)" : "admin-units.txt: \(reason)"
        }
    }
}
