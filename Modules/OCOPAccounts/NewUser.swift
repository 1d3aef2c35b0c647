import OCOPPluginKit

/// What it takes to create an account (the `POST /api/v1/users` body).
///
/// The area fields needed depend on the role; see `UserRules`.
public struct NewUser: Decodable, Sendable, Equatable {
    public var username: String
    /// Defaults to the username.
    public var displayName: String?
    public var password: String
    public var role: Role
    public var provinceCode: String?
    public var communeCode: String?
    public var subjectID: Int64?

    static let fieldNames = Set(CodingKeys.allCases.map(\.rawValue))

    enum CodingKeys: String, CodingKey, CaseIterable {
        case username, password, role
        case displayName = "display_name"
        case provinceCode = "province_code"
        case communeCode = "commune_code"
        case subjectID = "subject_id"
    }

    public init(username: String, displayName: String? = nil, password: String, role: Role,
                provinceCode: String? = nil, communeCode: String? = nil, subjectID: Int64? = nil) {
        self.username = username
        self.displayName = displayName
        self.password = password
        self.role = role
        self.provinceCode = provinceCode
        self.communeCode = communeCode
        self.subjectID = subjectID
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        username = try container.decode(String.self, forKey: .username)
        displayName = try container.decodeIfPresent(String.self, forKey: .displayName)
        password = try container.decode(String.self, forKey: .password)
        let roleName = try container.decode(String.self, forKey: .role)
        guard let role = Role(rawValue: roleName) else {
            throw DecodingError.dataCorruptedError(
                forKey: .role, in: container,
                debugDescription: "expected one of \(Role.allCases.map(\.rawValue).joined(separator: ", ")), found '\(roleName)'")
        }
        self.role = role
        provinceCode = try container.decodeIfPresent(String.self, forKey: .provinceCode)
        communeCode = try container.decodeIfPresent(String.self, forKey: .communeCode)
        subjectID = try container.decodeIfPresent(Int64.self, forKey: .subjectID)
    }
}
