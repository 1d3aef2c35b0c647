/// What a caller may see and change, by role and area: the one copy of these rules, used by
/// every module's API and (through `Access`) by the server's navigation.
///
/// A record is either fully visible (its own area) or visible as published data only
/// (active products and their subjects, without personal or business facts); nothing else
/// of another area ever reaches the caller.
public struct Scope: Sendable {
    public let principal: Principal?

    public init(principal: Principal?) {
        self.principal = principal
    }

    /// Full view of records in this area?
    public func seesFully(province: String, commune: String, subjectID: Int64) -> Bool {
        guard let principal else { return false }
        switch principal.role {
        case .nationalAdmin: return true
        case .provinceOfficer, .councilMember: return principal.provinceCode == province
        case .communeOfficer: return principal.communeCode == commune
        case .producer: return principal.subjectID == subjectID
        }
    }

    /// May change (or create) records in this area? Council members only read.
    public func mayWrite(province: String, commune: String, subjectID: Int64?) -> Bool {
        guard let principal else { return false }
        switch principal.role {
        case .nationalAdmin: return true
        case .provinceOfficer: return principal.provinceCode == province
        case .communeOfficer: return principal.communeCode == commune
        case .producer: return subjectID != nil && principal.subjectID == subjectID
        case .councilMember: return false
        }
    }

    /// Producers keep their records where officers put them: a record's commune decides which
    /// officers oversee it, so only officers (already held to their area by `mayWrite`) move it.
    public func mayMove(from current: String, to target: String) -> Bool {
        current == target || principal?.role != .producer
    }

    /// The area this caller sees fully.
    public enum Area: Sendable, Hashable {
        case everything
        case province(String)
        case commune(String)
        case subject(Int64)
        case nothing
    }

    public var area: Area {
        guard let principal else { return .nothing }
        switch principal.role {
        case .nationalAdmin: return .everything
        case .provinceOfficer, .councilMember: return principal.provinceCode.map(Area.province) ?? .nothing
        case .communeOfficer: return principal.communeCode.map(Area.commune) ?? .nothing
        case .producer: return principal.subjectID.map(Area.subject) ?? .nothing
        }
    }
}
