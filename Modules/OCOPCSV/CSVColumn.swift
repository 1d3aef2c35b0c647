/// A column a caller accepts: its canonical name, the other headers that mean it, and whether the
/// file must have it. Names and aliases are matched through ``HeaderKey/fold(_:)``.
public struct CSVColumn: Sendable, Hashable {
    /// Canonical name, e.g. `registration_number`; rows are read by this name.
    public let name: String
    /// Other accepted headers, e.g. `Mã số thuế`, `Số đăng ký`.
    public let aliases: [String]
    public let isRequired: Bool

    public init(_ name: String, aliases: [String] = [], required: Bool = false) {
        self.name = name
        self.aliases = aliases
        isRequired = required
    }

    /// "registration_number (Mã số thuế)": the name with the first alias, for messages.
    var label: String {
        aliases.first.map { "\(name) (\($0))" } ?? name
    }
}
