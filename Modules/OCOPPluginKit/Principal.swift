/// The roles of the programme, each scoped by area (see `Principal`).
public enum Role: String, Sendable, Hashable, Codable, CaseIterable {
    case nationalAdmin = "national_admin"
    case provinceOfficer = "province_officer"
    case communeOfficer = "commune_officer"
    case councilMember = "council_member"
    case producer
}

/// The signed-in account behind a request, with the area its role is scoped to.
public struct Principal: Sendable, Hashable {
    public var userID: Int64
    public var username: String
    public var role: Role
    /// Province the role is scoped to (province and commune officers, council members).
    public var provinceCode: String?
    /// Commune the role is scoped to (commune officers).
    public var communeCode: String?
    /// The producer's own subject (producers).
    public var subjectID: Int64?

    public init(userID: Int64, username: String, role: Role, provinceCode: String? = nil,
                communeCode: String? = nil, subjectID: Int64? = nil) {
        self.userID = userID
        self.username = username
        self.role = role
        self.provinceCode = provinceCode
        self.communeCode = communeCode
        self.subjectID = subjectID
    }
}

/// Signs requests in. The accounts module provides one through the service directory; with
/// none provided every request is anonymous. Returns nil when the request carries no
/// credentials and throws a 401 `Problem` when it carries bad ones.
public protocol Authenticator: Sendable {
    func principal(authorization: String?, cookie: String?, context: PluginContext) async throws -> Principal?
}
