import Foundation
import OCOPDomain
import OCOPPluginKit
import SQLKit

/// Validation of new accounts and the rules of who may create whom.
///
/// Each role is scoped to an area: a national admin to none, province officers and council
/// members to a province, commune officers to a commune (and its province), producers to their
/// subject (and its province and commune).
enum UserRules {
    /// The area columns of a valid new account.
    struct Area: Equatable {
        var provinceCode: String?
        var communeCode: String?
        var subjectID: Int64?
    }

    /// Roles a province officer may create, inside their own province.
    static let provinceOfficerMayCreate: Set<Role> = [.communeOfficer, .councilMember, .producer]

    static func normalizedUsername(_ raw: String) -> String {
        raw.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
    }

    /// 3–64 characters of `a-z 0-9 . _ -`, starting with a letter or digit.
    static func usernameErrors(_ username: String) -> [InvalidField] {
        let bytes = Array(username.utf8)
        func allowed(_ byte: UInt8) -> Bool {
            (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x30 && byte <= 0x39)
                || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "-")
        }
        guard (3...64).contains(bytes.count), bytes.allSatisfy(allowed),
              let first = bytes.first, first >= 0x30, first != UInt8(ascii: "_") else {
            return [.init(path: "/username", message: "must be 3–64 characters of a-z, 0-9, '.', '_' or '-', starting with a letter or digit")]
        }
        return []
    }

    /// Rejects before any validation what the creator's role could never create.
    static func authorizeRole(_ role: Role, creator: Principal?) throws(DomainError) {
        guard let creator else { return }
        switch creator.role {
        case .nationalAdmin:
            return
        case .provinceOfficer where provinceOfficerMayCreate.contains(role):
            return
        case .provinceOfficer:
            throw DomainError.forbidden("A province officer may create only commune officers, council members and producers.")
        default:
            throw DomainError.forbidden("Your role may not create accounts.")
        }
    }

    /// Rejects a valid account outside the creator's own area.
    static func authorizeArea(_ area: Area, creator: Principal?) throws(DomainError) {
        guard let creator, creator.role != .nationalAdmin else { return }
        guard let own = creator.provinceCode, area.provinceCode == own else {
            throw DomainError.forbidden("You may create accounts only in your own province.")
        }
    }

    /// Checks the role's area fields and derives the ones implied by others; appends problems
    /// to `errors` and returns nil when there are any.
    static func resolveArea(
        _ new: NewUser, creator: Principal? = nil, lookup: (any SubjectLookup)?, database: any SQLDatabase,
        errors: inout [InvalidField]
    ) async throws -> Area? {
        let units = try AdminUnits.shared
        let province = new.provinceCode.map { $0.trimmingCharacters(in: .whitespaces) }
        let commune = new.communeCode.map { $0.trimmingCharacters(in: .whitespaces) }
        let before = errors.count

        func unexpected(_ field: String, present: Bool) {
            if present { errors.append(.init(path: "/\(field)", message: "must be absent for role \(new.role.rawValue)")) }
        }
        func validProvince(_ code: String?) -> String? {
            guard let code else {
                errors.append(.init(path: "/province_code", message: "is required for role \(new.role.rawValue)"))
                return nil
            }
            guard let found = ProvinceCode(code).flatMap(units.province) else {
                errors.append(.init(path: "/province_code", message: "'\(code)' is not one of the 34 current province codes"))
                return nil
            }
            return found.code.rawValue
        }
        func validCommune(_ code: String) -> Commune? {
            guard let found = CommuneCode(code).flatMap(units.commune) else {
                errors.append(.init(path: "/commune_code", message: "'\(code)' is not a current (2025) commune code"))
                return nil
            }
            return found
        }
        func sameProvince(_ given: String?, as derived: String, from source: String) {
            if let given, given != derived {
                errors.append(.init(path: "/province_code", message: "'\(given)' differs from the \(source)'s province '\(derived)'; omit it or send '\(derived)'"))
            }
        }

        var area = Area()
        switch new.role {
        case .nationalAdmin:
            unexpected("province_code", present: province != nil)
            unexpected("commune_code", present: commune != nil)
            unexpected("subject_id", present: new.subjectID != nil)
        case .provinceOfficer, .councilMember:
            area.provinceCode = validProvince(province)
            unexpected("commune_code", present: commune != nil)
            unexpected("subject_id", present: new.subjectID != nil)
        case .communeOfficer:
            unexpected("subject_id", present: new.subjectID != nil)
            if let commune {
                if let found = validCommune(commune) {
                    area.communeCode = found.code.rawValue
                    area.provinceCode = found.provinceCode.rawValue
                    sameProvince(province, as: found.provinceCode.rawValue, from: "commune")
                }
            } else {
                errors.append(.init(path: "/commune_code", message: "is required for role commune_officer"))
            }
        case .producer:
            guard let subjectID = new.subjectID else {
                errors.append(.init(path: "/subject_id", message: "is required for role producer"))
                break
            }
            guard subjectID > 0 else {
                errors.append(.init(path: "/subject_id", message: "must be a positive subject ID"))
                break
            }
            area.subjectID = subjectID
            if let lookup {
                // A creator bound to a province learns nothing about other provinces' subjects (not
                // even that they exist, nor where they are): those read exactly like unknown IDs.
                let bound = creator.flatMap { $0.role == .nationalAdmin ? nil : $0 }
                guard let located = try await lookup.area(ofSubject: subjectID, on: database),
                      bound == nil || located.provinceCode == bound?.provinceCode else {
                    errors.append(.init(path: "/subject_id",
                                        message: "no subject has ID \(subjectID)" + (bound == nil ? "" : " in your province")))
                    break
                }
                area.provinceCode = located.provinceCode
                area.communeCode = located.communeCode
                sameProvince(province, as: located.provinceCode, from: "subject")
                if let commune, commune != located.communeCode {
                    errors.append(.init(path: "/commune_code", message: "'\(commune)' differs from the subject's commune '\(located.communeCode)'; omit it"))
                }
            } else {
                area.provinceCode = validProvince(province)
                if let commune, let found = validCommune(commune) {
                    area.communeCode = found.code.rawValue
                    if let code = area.provinceCode, found.provinceCode.rawValue != code {
                        errors.append(.init(path: "/commune_code", message: "'\(commune)' is not in province '\(code)'"))
                    }
                }
            }
        }
        return errors.count == before ? area : nil
    }
}
