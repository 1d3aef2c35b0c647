import OCOPDomain

/// Why sample data could not be generated or written.
public enum SampleDataError: Error, CustomStringConvertible, Sendable, Hashable {
    /// `valid` lists the current provinces as "01 Hà Nội".
    case unknownProvince(String, valid: [String])
    case invalidProductCount(Int)
    /// `--today` not a `YYYY-MM-DD` day in the range accepted.
    case invalidToday(String)
    case adminUnits(AdminUnitsError)
    case cannotWrite(path: String, reason: String)

    /// Largest `products` accepted (the registration-number space per province is 10 million).
    public static let maximumProducts = 2_000_000

    public var description: String {
        switch self {
        case .unknownProvince(let code, let valid):
            "unknown province code '\(code)'; the 34 current provinces are: \(valid.joined(separator: ", "))"
        case .invalidProductCount(let count):
            "the number of products must be 1 … \(Self.maximumProducts), not \(count)"
        case .invalidToday(let text):
            "today must be a day YYYY-MM-DD from \(SampleDataset.earliestToday) to \(SampleDataset.latestToday), not '\(text)'"
        case .adminUnits(let error):
            error.description
        case .cannotWrite(let path, let reason):
            "cannot write \(path): \(reason)"
        }
    }
}
