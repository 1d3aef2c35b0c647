/// A value that can stand in for a bad one while looking for more errors:
/// scalars and `CaseIterable` enums; nil for anything else.
enum StandIn {
    static func value<T>(for type: T.Type) -> T? {
        if let scalarType = type as? any ScalarDecodable.Type {
            return scalarType.standIn as? T
        }
        return EnumCases.first(of: type)
    }
}
