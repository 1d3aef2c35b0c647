import Foundation
import OCOPDomain
import OCOPPluginKit
import SQLKit

/// `/api/v1/rating/…`: the evaluation cycle over HTTP. Data-dependent rules (own area, own
/// round, own subject) are the service's; `access` keeps anonymous callers off private routes.
struct RatingRoutes {
    let service: RatingService

    static let prefix = "/api/v1/rating"

    var endpoints: [Endpoint] {
        let service = self.service
        let p = Self.prefix
        @Sendable func id(_ request: EndpointRequest, _ name: String = "id") throws -> Int64 {
            guard let value = Int64(try request.parameter(name)), value > 0 else { throw Problem.notFound("No such record.") }
            return value
        }
        @Sendable func db(_ request: EndpointRequest) -> any SQLDatabase { request.context.database.sql }
        @Sendable func dossier(_ request: EndpointRequest, status: Int = 200) async throws -> EndpointResponse {
            try .json(try await service.view(try id(request), by: request.principal, on: db(request)), status: status)
        }
        @Sendable func optionalInt(_ request: EndpointRequest, _ name: String, range: ClosedRange<Int64> = 1...Int64.max) throws -> Int64? {
            guard let raw = request.query(name) else { return nil }
            guard let value = Int64(raw), range.contains(value) else {
                throw Problem.invalid([.init(path: "/\(name)", message: "expected a whole number from \(range.lowerBound), found '\(raw)'")])
            }
            return value
        }
        @Sendable func province(_ request: EndpointRequest) throws -> String? {
            guard let raw = request.query("province") else { return nil }
            guard ProvinceCode(raw) != nil else { throw Problem.invalid([.init(path: "/province", message: "expected a province code such as 01, found '\(raw)'")]) }
            return raw
        }
        return [
            // Criteria sets: public, so producers can self-assess.
            Endpoint(.get, "\(p)/criteria-sets", access: .anyone, summary: "List the criteria sets (score sheets)") { _ in
                try .json(CriteriaSetList(items: service.catalogue.entries.map(CriteriaSetSummary.init)))
            },
            Endpoint(.get, "\(p)/criteria-sets/{act}/{code}", access: .anyone, summary: "One criteria set with its parts, criteria, options and gates") { request in
                guard let act = LegalAct(rawValue: try request.parameter("act")),
                      let entry = service.catalogue.entry(CriteriaSetID(act: act, code: try request.parameter("code"))) else {
                    throw Problem.notFound("No such criteria set.")
                }
                return try .json(entry.set)
            },
            // Dossiers.
            Endpoint(.post, "\(p)/dossiers", access: .signedIn, summary: "File a dossier (draft)") { request in
                let new = try request.decode(RatingService.NewDossier.self)
                let created = try await service.create(new, by: request.principal, context: request.context)
                return try .json(try await service.view(created, by: request.principal, on: db(request)), status: 201)
            },
            Endpoint(.get, "\(p)/dossiers", access: .signedIn, summary: "List the dossiers the caller may see") { request in
                var state: DossierState?
                if let raw = request.query("state") {
                    guard let value = DossierState(rawValue: raw) else {
                        throw Problem.invalid([.init(path: "/state", message: "expected one of \(DossierState.allCases.map(\.rawValue).joined(separator: ", "))")])
                    }
                    state = value
                }
                let filter = RatingService.DossierFilter(state: state, roundID: try optionalInt(request, "round_id"), productID: try optionalInt(request, "product_id"),
                                                         limit: try Paging.limit(request), offset: try Paging.offset(request))
                return try .json(try await service.list(filter, by: request.principal, on: db(request)))
            },
            Endpoint(.get, "\(p)/dossiers/{id}", access: .signedIn, summary: "One dossier: facts, papers, results, decisions") { request in
                try await dossier(request)
            },
            Endpoint(.put, "\(p)/dossiers/{id}/self-assessment", access: .signedIn, summary: "Save the applicant's self-assessment (a filled sheet)") { request in
                let body = try request.decode(PointsBody.self)
                try await service.saveSelfAssessment(try id(request), points: body.points, by: request.principal, context: request.context)
                return try await dossier(request)
            },
            Endpoint(.post, "\(p)/dossiers/{id}/attachments", access: .signedIn,
                     summary: "Attach a paper (PDF or image; ?kind=registration_form, self_assessment, certificate, food_safety, sample_photo, other)",
                     maxBodyBytes: service.maxAttachmentBytes) { request in
                guard let raw = request.query("kind"), let kind = AttachmentKind(rawValue: raw) else {
                    throw Problem.invalid([.init(path: "/kind", message: "expected one of \(AttachmentKind.allCases.map(\.rawValue).joined(separator: ", "))")])
                }
                let view = try await service.attach(try id(request), kind: kind, data: request.body, declaredType: request.headers["content-type"],
                                                    by: request.principal, context: request.context)
                return try .json(view, status: 201)
            },
            Endpoint(.get, "\(p)/dossiers/{id}/attachments/{attachment}", access: .signedIn, summary: "Download a paper") { request in
                let file = try await service.attachment(try id(request, "attachment"), of: try id(request), by: request.principal, on: db(request))
                return EndpointResponse(status: 200, headers: [("Content-Type", file.type), ("X-Content-Type-Options", "nosniff"),
                                                               ("Content-Disposition", "attachment")], body: file.data)
            },
            Endpoint(.post, "\(p)/dossiers/{id}/transitions", access: .signedIn, summary: "Move a dossier (submit, check, return, declare eligible, cancel)") { request in
                try await service.transition(try id(request), try request.decode(RatingService.TransitionRequest.self), by: request.principal, context: request.context)
                return try await dossier(request)
            },
            Endpoint(.post, "\(p)/dossiers/{id}/pre-assessment", access: .signedIn, summary: "The commune's pre-assessment: forward or return (QĐ 1489)") { request in
                try await service.preAssess(try id(request), try request.decode(PreAssessment.self), by: request.principal, context: request.context)
                return try await dossier(request)
            },
            Endpoint(.get, "\(p)/dossiers/{id}/history", access: .signedIn, summary: "The dossier's hash-chained record") { request in
                try .json(ChainList(items: try await service.history(try id(request), by: request.principal, on: db(request))))
            },
            Endpoint(.get, "\(p)/dossiers/{id}/advice", access: .signedIn, summary: "Upgrade advice from the self-assessment") { request in
                let advice = try await service.advice(try id(request), by: request.principal, on: db(request))
                return try .json(AdviceView(advice))
            },
            Endpoint(.get, "\(p)/dossiers/{id}/sheet", access: .signedIn, summary: "The caller's own score sheet on the dossier") { request in
                try .json(try await service.mySheet(try id(request), by: request.principal, on: db(request)))
            },
            Endpoint(.put, "\(p)/dossiers/{id}/sheet", access: .signedIn, summary: "Save answers on the caller's score sheet") { request in
                let body = try request.decode(PointsBody.self)
                return try .json(try await service.saveSheet(try id(request), points: body.points, by: request.principal, context: request.context))
            },
            Endpoint(.post, "\(p)/dossiers/{id}/sheet/submit", access: .signedIn, summary: "Submit the caller's score sheet (final)") { request in
                try .json(try await service.submitSheet(try id(request), by: request.principal, context: request.context))
            },
            Endpoint(.get, "\(p)/dossiers/{id}/sheets", access: .signedIn, summary: "Which members have submitted on the dossier") { request in
                try .json(SheetStatusList(items: try await service.sheetStatus(try id(request), by: request.principal, on: db(request))))
            },
            Endpoint(.get, "\(p)/dossiers/{id}/consistency", access: .signedIn, summary: "Spread of the members' scores and outliers") { request in
                try .json(try await service.consistency(try id(request), by: request.principal, on: db(request)))
            },
            Endpoint(.post, "\(p)/dossiers/{id}/close", access: .signedIn, summary: "The chair closes scoring: result, forwarding or completion") { request in
                let body = request.body.isEmpty ? RatingService.CloseRequest(gates: nil) : try request.decode(RatingService.CloseRequest.self)
                // Shown as closed: a forwarded dossier has left the round, so its chair no longer sees it.
                let closed = try await service.close(try id(request), body, by: request.principal, context: request.context)
                return try .json(try await service.view(closed, by: request.principal, on: db(request)))
            },
            // Councils and rounds.
            Endpoint(.post, "\(p)/councils", access: .roles([.nationalAdmin, .provinceOfficer, .communeOfficer]), summary: "Set up a council") { request in
                let created = try await service.createCouncil(try request.decode(RatingService.NewCouncil.self), by: request.principal, context: request.context)
                return try .json(try await service.councilView(try await service.council(created, on: db(request)), on: db(request)), status: 201)
            },
            Endpoint(.get, "\(p)/councils", access: .signedIn, summary: "List the councils the caller may see") { request in
                try .json(CouncilList(items: try await service.councils(by: request.principal, on: db(request))))
            },
            Endpoint(.get, "\(p)/councils/{id}", access: .signedIn, summary: "One council with its rounds per year") { request in
                let council = try await service.council(try id(request), on: db(request))
                guard try await service.mayRead(council: council, request.principal, on: db(request)) else { throw Problem.notFound("No council.") }
                return try .json(try await service.councilView(council, on: db(request)))
            },
            Endpoint(.post, "\(p)/councils/{id}/rounds", access: .roles([.nationalAdmin, .provinceOfficer, .communeOfficer]),
                     summary: "Open a round with its seats (chair, members, secretary, advisors)") { request in
                let created = try await service.createRound(council: try id(request), try request.decode(RatingService.NewRound.self),
                                                            by: request.principal, context: request.context)
                return try .json(try await service.roundView(created, by: request.principal, on: db(request)), status: 201)
            },
            Endpoint(.get, "\(p)/rounds/{id}", access: .signedIn, summary: "One round: seats and dossiers") { request in
                try .json(try await service.roundView(try id(request), by: request.principal, on: db(request)))
            },
            Endpoint(.post, "\(p)/rounds/{id}/dossiers", access: .roles([.nationalAdmin, .provinceOfficer]), summary: "Put eligible dossiers into the round") { request in
                let body = try request.decode(DossierIDs.self)
                try await service.assign(round: try id(request), dossiers: body.dossierIDs, by: request.principal, context: request.context)
                return try .json(try await service.roundView(try id(request), by: request.principal, on: db(request)))
            },
            Endpoint(.post, "\(p)/rounds/{id}/conflicts", access: .signedIn, summary: "Declare a conflict of interest with a producer") { request in
                let view = try await service.declareConflict(round: try id(request), try request.decode(RatingService.NewConflict.self),
                                                             by: request.principal, context: request.context)
                return try .json(view, status: 201)
            },
            Endpoint(.post, "\(p)/rounds/{id}/close", access: .signedIn, summary: "The chair closes every dossier of the round whose sheets are all in") { request in
                try .json(try await service.closeRound(try id(request), by: request.principal, context: request.context))
            },
            Endpoint(.get, "\(p)/rounds/{id}/results", access: .signedIn, summary: "The round's results, ranked") { request in
                try .json(RankedList(items: try await service.ranking(round: try id(request), by: request.principal, on: db(request))))
            },
            // Decisions and standing.
            Endpoint(.post, "\(p)/decisions", access: .roles([.nationalAdmin, .provinceOfficer]), summary: "Record a decision recognising rated dossiers") { request in
                let created = try await service.decide(try request.decode(RatingService.NewDecision.self), by: request.principal, context: request.context)
                return try .json(try await service.decision(created, by: request.principal, on: db(request)), status: 201)
            },
            Endpoint(.get, "\(p)/decisions/{id}", access: .anyone, summary: "One decision: products, stars, certificates") { request in
                try .json(try await service.decision(try id(request), by: request.principal, on: db(request)))
            },
            Endpoint(.get, "\(p)/results", access: .anyone, summary: "Decided stars (public)") { request in
                try .json(try await service.publicResults(province: try province(request), limit: try Paging.limit(request),
                                                          offset: try Paging.offset(request), on: db(request)))
            },
            Endpoint(.get, "\(p)/expiring", access: .signedIn, summary: "Certificates ending soon (default: within 30 days)") { request in
                let within = try optionalInt(request, "within", range: 0...3660) ?? Int64(ProgrammeCalendar.expiryNoticeDays)
                let items = try await service.expiring(within: Int(within), today: RatingClock.today(), province: try province(request),
                                                       by: request.principal, on: db(request))
                return try .json(ExpiringList(items: items))
            },
            Endpoint(.post, "\(p)/inspections", access: .roles([.nationalAdmin, .provinceOfficer]), summary: "Record an inspection with its findings") { request in
                try .json(try await service.inspect(try request.decode(RatingService.NewInspection.self), by: request.principal, context: request.context), status: 201)
            },
            Endpoint(.get, "\(p)/inspections", access: .roles([.nationalAdmin, .provinceOfficer]), summary: "List inspections") { request in
                try .json(InspectionList(items: try await service.inspections(subject: try optionalInt(request, "subject_id"),
                                                                            product: try optionalInt(request, "product_id"), by: request.principal, on: db(request))))
            },
            Endpoint(.post, "\(p)/products/{id}/downgrade", access: .roles([.nationalAdmin, .provinceOfficer]), summary: "Downgrade a product's stars") { request in
                try .json(try await service.changeStanding(product: try id(request), try request.decode(RatingService.StandingRequest.self), revoke: false,
                                                           by: request.principal, context: request.context), status: 201)
            },
            Endpoint(.post, "\(p)/products/{id}/revoke", access: .roles([.nationalAdmin, .provinceOfficer]), summary: "Revoke a product's recognition") { request in
                try .json(try await service.changeStanding(product: try id(request), try request.decode(RatingService.StandingRequest.self), revoke: true,
                                                           by: request.principal, context: request.context), status: 201)
            },
        ]
    }
}

struct PointsBody: Decodable, Sendable { var points: [String: Int] }

struct DossierIDs: Decodable, Sendable {
    var dossierIDs: [Int64]
    enum CodingKeys: String, CodingKey { case dossierIDs = "dossier_ids" }
}

struct CriteriaSetSummary: Encodable, Sendable {
    var id: String
    var act: String
    var code: String
    var name: String
    var productSet: Int?
    var maxPoints: Int
    var usable: Bool
    var problems: [String]

    enum CodingKeys: String, CodingKey {
        case id, act, code, name, usable, problems
        case productSet = "product_set", maxPoints = "max_points"
    }

    init(_ entry: CriteriaCatalogue.Entry) {
        id = entry.set.id.description
        act = entry.set.act.rawValue
        code = entry.set.code
        name = entry.set.name
        productSet = entry.set.productSet?.rawValue
        maxPoints = entry.set.maxPoints
        usable = entry.isUsable
        problems = entry.problems.map(\.description)
    }
}

struct AdviceView: Encodable, Sendable {
    struct Step: Encodable, Sendable {
        var criterion: String
        var title: String
        var from: Int
        var to: Int
        var reason: String
    }
    var reachable: Bool
    var from: Int?
    var target: Int?
    var gain: Int?
    var steps: [Step]

    init(_ advice: UpgradeAdvice?) {
        reachable = advice != nil
        from = advice?.current.rawValue
        target = advice?.target.rawValue
        gain = advice?.gained
        steps = advice?.steps.map { Step(criterion: $0.criterion, title: $0.title, from: $0.fromPoints, to: $0.toPoints, reason: $0.reason) } ?? []
    }
}

struct CriteriaSetList: Encodable, Sendable { var items: [CriteriaSetSummary] }
struct ChainList: Encodable, Sendable { var items: [ChainEntryView] }
struct SheetStatusList: Encodable, Sendable { var items: [SheetStatus] }
struct CouncilList: Encodable, Sendable { var items: [CouncilView] }
struct RankedList: Encodable, Sendable { var items: [RankedResult] }
struct ExpiringList: Encodable, Sendable { var items: [ExpiringCertificate] }
struct InspectionList: Encodable, Sendable { var items: [InspectionView] }
