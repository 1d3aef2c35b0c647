/// Lists the raw values of a `CaseIterable` enum with `String` raw values,
/// so a wrong value can be answered with the accepted ones.
enum EnumCases {
    static func names<T>(of type: T.Type) -> [String]? {
        guard let enumType = type as? any (CaseIterable & RawRepresentable).Type else { return nil }
        return names(enumType)
    }

    private static func names<E: CaseIterable & RawRepresentable>(_ type: E.Type) -> [String]? {
        guard E.RawValue.self == String.self else { return nil }
        return E.allCases.map { "\($0.rawValue)" }
    }

    /// The first case, as a stand-in value for the diagnostic pass.
    static func first<T>(of type: T.Type) -> T? {
        guard let enumType = type as? any CaseIterable.Type else { return nil }
        return first(enumType) as? T
    }

    private static func first<E: CaseIterable>(_ type: E.Type) -> E? {
        E.allCases.first
    }
}
