import Foundation
import OCOPDomain
import OCOPPluginKit
import OCOPRating
import OCOPTestSupport
import Testing

/// The evaluation cycle over HTTP, on a real host (accounts, registry, rating) and both
/// engines: dossiers, the commune's pre-assessment, councils, rounds, sheets, the chair's
/// close, decisions through the registry's ledger, inspections, downgrades and revocations.
@Suite struct EvaluationCycleTests {
    static let engines: [DatabaseEngine] = TestDatabase.postgresAvailable ? [.sqlite, .postgresql] : [.sqlite]

    /// QĐ 1489: producer → commune pre-assessment → province council → decision → registry.
    @Test(arguments: engines) func qd1489RouteEndToEnd(_ engine: DatabaseEngine) async throws {
        try await Cycle.run(engine) { c in
            let w = try await c.world()
            let set = try await c.criteria(20)
            let fourStar = set.answers(stars: 4, total: 75)
            let expectedTotal = fourStar.values.reduce(0, +)
            #expect(try RatingEngine.rate(set, sheets: [ScoreSheet(member: "x", points: fourStar)]).stars == .four, "test sheet is a 4★ sheet")

            // The producer files, self-assesses, attaches the registration form and submits.
            let filed = try await c.send("POST", "/dossiers", ["product_id": w.productA, "kind": "new"], as: w.producerA)
            #expect(filed.status == 201, "\(filed.text)")
            let dossier = try #require(filed.int("id"))
            #expect(filed.string("state") == "draft")
            #expect(filed.string("process") == "1489")
            #expect(filed.string("stage") == "commune")
            #expect(filed.string("criteria_set") == "148/20")

            let saved = try await c.send("PUT", "/dossiers/\(dossier)/self-assessment", ["points": fourStar], as: w.producerA)
            #expect(saved.status == 200, "\(saved.text)")
            #expect((saved.object["self_assessment"] as? [String: Any])?["stars"] as? Int == 4, "\(saved.text)")
            #expect((saved.object["self_assessment"] as? [String: Any])?["total"] as? Int == expectedTotal)

            let attached = try await c.attach(dossier, kind: "registration_form", Cycle.pdf, type: "application/pdf", as: w.producerA)
            #expect(attached.status == 201, "\(attached.text)")
            #expect(attached.string("content_type") == "application/pdf")
            #expect(attached.string("kind") == "registration_form")

            let submitted = try await c.send("POST", "/dossiers/\(dossier)/transitions", ["to": "submitted"], as: w.producerA)
            #expect(submitted.status == 200, "\(submitted.text)")
            #expect(submitted.string("state") == "submitted")
            #expect((submitted.object["facts"] as? [String: Any])?["product_id"] as? Int == w.productA)
            #expect(submitted.string("submitted_on") == ProgrammeCalendar.today())

            // Another commune's officer may not pre-assess; nothing changes.
            let foreign = try await c.send("POST", "/dossiers/\(dossier)/pre-assessment", Cycle.preAssessment(forward: true), as: w.communeB)
            #expect(foreign.status == 403 || foreign.status == 404, "\(foreign.text)")
            #expect(try await c.get("/dossiers/\(dossier)", as: w.officer).string("state") == "submitted")

            // The dossier's commune pre-assesses and forwards it to the province.
            let forwarded = try await c.send("POST", "/dossiers/\(dossier)/pre-assessment", Cycle.preAssessment(forward: true), as: w.communeA)
            #expect(forwarded.status == 200, "\(forwarded.text)")
            #expect(forwarded.string("state") == "eligible")
            #expect(forwarded.string("stage") == "province")
            #expect((forwarded.object["pre_assessment"] as? [String: Any])?["forward"] as? Bool == true)

            // The province sets up a council and a round: chair, two members, a secretary.
            let chair = try await c.member(), m1 = try await c.member(), m2 = try await c.member(), secretary = try await c.member()
            let council = try await c.council(level: "province", as: w.officer)
            let round = try await c.round(council: council, seats: [(chair, "chair"), (m1, "member"), (m2, "member"), (secretary, "secretary")],
                                          as: w.officer)
            let roundView = try await c.get("/rounds/\(round)", as: w.officer)
            #expect((roundView.object["members"] as? [[String: Any]])?.count == 4, "\(roundView.text)")

            let assigned = try await c.send("POST", "/rounds/\(round)/dossiers", ["dossier_ids": [dossier]], as: w.officer)
            #expect(assigned.status == 200, "\(assigned.text)")
            #expect(assigned.int("dossiers") == 1)
            let scoring = try await c.get("/dossiers/\(dossier)", as: w.officer)
            #expect(scoring.string("state") == "scoring")
            #expect(scoring.int("round_id") == round)

            // m1 declares a conflict with the producer and may no longer score.
            let conflict = try await c.send("POST", "/rounds/\(round)/conflicts", ["subject_id": w.subjectA, "reason": "Họ hàng với chủ cơ sở"], as: m1.headers)
            #expect(conflict.status == 201, "\(conflict.text)")
            let barred = try await c.send("PUT", "/dossiers/\(dossier)/sheet", ["points": fourStar], as: m1.headers)
            #expect(barred.status == 403, "\(barred.text)")
            #expect(try await c.get("/dossiers/\(dossier)/sheet", as: m1.headers).status == 403)
            // The secretary does not score either.
            #expect(try await c.send("PUT", "/dossiers/\(dossier)/sheet", ["points": fourStar], as: secretary.headers).status == 403)

            // The chair saves part of the sheet, may not submit it incomplete, completes and submits.
            let (firstHalf, secondHalf) = Cycle.split(fourStar)
            let partial = try await c.send("PUT", "/dossiers/\(dossier)/sheet", ["points": firstHalf], as: chair.headers)
            #expect(partial.status == 200, "\(partial.text)")
            #expect(partial.int("answered") == firstHalf.count)
            #expect((partial.object["remaining"] as? [String])?.isEmpty == false)
            #expect(partial.object["submitted"] as? Bool == false)
            let incomplete = try await c.send("POST", "/dossiers/\(dossier)/sheet/submit", nil, as: chair.headers)
            #expect(incomplete.status == 422, "\(incomplete.text)")
            #expect(try await c.get("/dossiers/\(dossier)/sheet", as: chair.headers).object["submitted"] as? Bool == false)
            let rest = try await c.send("PUT", "/dossiers/\(dossier)/sheet", ["points": secondHalf], as: chair.headers)
            #expect((rest.object["remaining"] as? [String])?.isEmpty == true, "\(rest.text)")
            let chairSubmit = try await c.send("POST", "/dossiers/\(dossier)/sheet/submit", nil, as: chair.headers)
            #expect(chairSubmit.status == 200, "\(chairSubmit.text)")
            #expect(chairSubmit.object["submitted"] as? Bool == true)
            #expect(chairSubmit.int("total") == expectedTotal)
            let twice = try await c.send("POST", "/dossiers/\(dossier)/sheet/submit", nil, as: chair.headers)
            #expect(twice.status == 409, "\(twice.text)")
            // A submitted sheet does not change.
            #expect(try await c.send("PUT", "/dossiers/\(dossier)/sheet", ["points": firstHalf], as: chair.headers).status == 409)

            // m2 has only part of the sheet in: the chair may not close, and is told who is missing.
            #expect(try await c.send("PUT", "/dossiers/\(dossier)/sheet", ["points": firstHalf], as: m2.headers).status == 200)
            let early = try await c.send("POST", "/dossiers/\(dossier)/close", nil, as: chair.headers)
            #expect(early.status == 409, "\(early.text)")
            #expect(early.detail.contains(m2.username), "\(early.text)")
            #expect(!early.detail.contains(m1.username), "a conflicted member is not waited for: \(early.text)")
            #expect(!early.detail.contains(chair.username), "\(early.text)")
            #expect(try await c.get("/dossiers/\(dossier)", as: w.officer).string("state") == "scoring")

            #expect(try await c.send("PUT", "/dossiers/\(dossier)/sheet", ["points": secondHalf], as: m2.headers).status == 200)
            #expect(try await c.send("POST", "/dossiers/\(dossier)/sheet/submit", nil, as: m2.headers).status == 200)
            // A conflict declared after scoring would leave a counted sheet behind: refused, the sheet stays final.
            let late = try await c.send("POST", "/rounds/\(round)/conflicts", ["subject_id": w.subjectA, "reason": "Nhớ ra là người quen"], as: m2.headers)
            #expect(late.status == 409, "\(late.text)")
            let statuses = try await c.get("/dossiers/\(dossier)/sheets", as: w.officer).items
            #expect(statuses.count == 3, "chair and two members score")
            #expect(statuses.first { $0["username"] as? String == m1.username }?["conflicted"] as? Bool == true)
            #expect(statuses.filter { $0["submitted"] as? Bool == true }.count == 2)
            #expect(statuses.first { $0["username"] as? String == m2.username }?["conflicted"] as? Bool == false)

            // Only the chair closes.
            #expect(try await c.send("POST", "/dossiers/\(dossier)/close", nil, as: m2.headers).status == 403)
            let closed = try await c.send("POST", "/dossiers/\(dossier)/close", nil, as: chair.headers)
            #expect(closed.status == 200, "\(closed.text)")
            #expect(closed.string("state") == "completed")
            let result = try #require((closed.object["results"] as? [[String: Any]])?.first, "\(closed.text)")
            #expect(result["stars"] as? Int == 4)
            #expect(result["stage"] as? String == "province")
            #expect(result["members"] as? Int == 2)
            #expect(result["total_sum"] as? Int == 2 * expectedTotal)
            #expect(result["score"] as? Double == Double(expectedTotal))
            #expect(result["outcome"] as? String == "recognised")
            #expect(result["forwarded"] as? Bool == false)
            #expect(result["decision_due"] as? Bool == true)
            #expect(closed.object["decision_due"] as? Bool == true)

            // The producer sees no council figures before the decision.
            let early2 = try await c.get("/dossiers/\(dossier)", as: w.producerA)
            #expect(early2.status == 200)
            #expect((early2.object["results"] as? [Any])?.isEmpty == true, "\(early2.text)")
            #expect(try await c.get("/dossiers/\(dossier)/consistency", as: w.producerA).status == 403)
            #expect(try await c.get("/rounds/\(round)/results", as: w.producerA).status == 404)
            #expect(try await c.get("/rounds/\(round)/results", as: w.officer).items.first?["stars"] as? Int == 4)

            // The province decides: the registry shows the stars, the certificate runs 36 months.
            let today = ProgrammeCalendar.today()
            let validUntil = try #require(ProgrammeCalendar.adding(months: 36, to: today))
            #expect(validUntil.prefix(4) == String(Int(today.prefix(4))! + 3))
            let decided = try await c.send("POST", "/decisions", ["number": "101/QĐ-UBND", "decided_on": today, "level": "province",
                                                                   "dossier_ids": [dossier]], as: w.officer)
            #expect(decided.status == 201, "\(decided.text)")
            let item = try #require((decided.object["items"] as? [[String: Any]])?.first, "\(decided.text)")
            #expect(item["stars"] as? Int == 4)
            #expect(item["valid_until"] as? String == validUntil)
            #expect(item["product_id"] as? Int == w.productA)

            let product = try await c.host.client.get("/api/v1/products/\(w.productA)")
            #expect(product.status == 200)
            let productObject = (try? product.json()) ?? [:]
            #expect(productObject["stars"] as? Int == 4, "\(product.text)")
            let certificate = productObject["certificate"] as? [String: Any]
            #expect(certificate?["valid_until"] as? String == validUntil, "\(product.text)")
            #expect(certificate?["decided_on"] as? String == today)
            #expect(certificate?["decision_number"] as? String == "101/QĐ-UBND")
            #expect(certificate?["standing"] as? String == "valid")

            // Now the producer sees the result and the decision.
            let after = try await c.get("/dossiers/\(dossier)", as: w.producerA)
            #expect((after.object["results"] as? [[String: Any]])?.first?["stars"] as? Int == 4, "\(after.text)")
            #expect((after.object["decisions"] as? [[String: Any]])?.first?["certificate_number"] as? String == "101/QĐ-UBND/1")
            #expect(after.object["decision_due"] as? Bool == false)

            // A second decision for the same dossier is refused.
            let again = try await c.send("POST", "/decisions", ["number": "102/QĐ-UBND", "decided_on": today, "level": "province",
                                                                 "dossier_ids": [dossier]], as: w.officer)
            #expect(again.status == 409, "\(again.text)")

            // The public sees decided stars without signing in; anonymous callers do not see dossiers.
            let published = try await c.get("/results")
            #expect(published.status == 200)
            #expect(published.int("total") == 1, "\(published.text)")
            #expect(published.items.first?["product_id"] as? Int == w.productA)
            #expect(published.items.first?["stars"] as? Int == 4)
            #expect(published.items.first?["decision_number"] as? String == "101/QĐ-UBND")
            #expect(try await c.get("/results?province=79").int("total") == 0)
            #expect(try await c.get("/dossiers").status == 401)
            #expect(try await c.get("/dossiers/\(dossier)").status == 401)
            #expect(try await c.get("/decisions/\(decided.int("id") ?? 0)").status == 200)
        }
    }

    /// QĐ 148 as history: district council, forwarding to the province, potential 5★.
    @Test(arguments: engines) func qd148RouteAsHistory(_ engine: DatabaseEngine) async throws {
        try await Cycle.run(engine) { c in
            let w = try await c.world()
            // Tourism (set 26) has groups of alternatives: each sheet answers one of each.
            let set = try await c.criteria(26)
            #expect(set.parts.flatMap(\.groups).contains { $0.pick == .one })
            let fourStar = set.answers(stars: 4, total: 75)
            let best = set.answers(stars: 5, total: 100)
            #expect(best.values.reduce(0, +) == 100)
            let product = try await c.product(subject: w.subjectA, name: "Du lịch cộng đồng Bát Tràng", set: 26, as: w.officer)

            // Only officers record dossiers of the past.
            let refused = try await c.send("POST", "/dossiers", ["product_id": product, "kind": "new", "submitted_on": "2024-03-01"], as: w.producerA)
            #expect(refused.status == 422, "\(refused.text)")
            #expect(refused.errorPaths == ["/submitted_on"])

            let filed = try await c.send("POST", "/dossiers", ["product_id": product, "kind": "new", "submitted_on": "2024-03-01"], as: w.officer)
            #expect(filed.status == 201, "\(filed.text)")
            let dossier = try #require(filed.int("id"))
            #expect(filed.string("process") == "148")
            #expect(filed.string("act") == "148")
            #expect(filed.string("stage") == "district")
            #expect(filed.string("criteria_set") == "148/26")
            try await c.prepare(dossier, points: fourStar, as: w.officer)
            let submitted = try await c.get("/dossiers/\(dossier)", as: w.officer)
            #expect(submitted.string("state") == "submitted")
            #expect(submitted.string("submitted_on") == "2024-03-01")

            // The officer checks it (no commune pre-assessment under 148).
            #expect(try await c.send("POST", "/dossiers/\(dossier)/transitions", ["to": "checking"], as: w.officer).string("state") == "checking")
            let noPre = try await c.send("POST", "/dossiers/\(dossier)/pre-assessment", Cycle.preAssessment(forward: true), as: w.officer)
            #expect(noPre.status == 409, "\(noPre.text)")
            let eligible = try await c.send("POST", "/dossiers/\(dossier)/transitions", ["to": "eligible"], as: w.officer)
            #expect(eligible.status == 200, "\(eligible.text)")
            #expect(eligible.string("state") == "eligible")
            #expect(eligible.string("stage") == "district")

            // A province council does not take a dossier waiting for the district.
            let provinceCouncil = try await c.council(level: "province", as: w.officer)
            let p1 = try await c.member(), p2 = try await c.member()
            let provinceRound = try await c.round(council: provinceCouncil, seats: [(p1, "chair"), (p2, "member")], year: 2024, as: w.officer)
            let early = try await c.send("POST", "/rounds/\(provinceRound)/dossiers", ["dossier_ids": [dossier]], as: w.officer)
            #expect(early.status == 422, "\(early.text)")
            #expect(try await c.get("/dossiers/\(dossier)", as: w.officer).string("state") == "eligible")

            // The district council scores 4★ (≥ 70): forwarded to the province, no decision at the district.
            let districtCouncil = try await c.council(level: "district", as: w.officer)
            let d1 = try await c.member(), d2 = try await c.member(), d3 = try await c.member()
            let districtRound = try await c.round(council: districtCouncil, seats: [(d1, "chair"), (d2, "member"), (d3, "member")], year: 2024,
                                                  as: w.officer)
            #expect(try await c.send("POST", "/rounds/\(districtRound)/dossiers", ["dossier_ids": [dossier]], as: w.officer).status == 200)
            for member in [d1, d2, d3] { try await c.score(dossier, fourStar, as: member) }
            let atDistrict = try await c.send("POST", "/dossiers/\(dossier)/close", nil, as: d1.headers)
            #expect(atDistrict.status == 200, "\(atDistrict.text)")
            #expect(atDistrict.string("state") == "eligible")
            #expect(atDistrict.string("stage") == "province")
            #expect(atDistrict.object["round_id"] == nil || atDistrict.object["round_id"] is NSNull)
            #expect(atDistrict.object["decision_due"] as? Bool == false)
            let district = try #require((atDistrict.object["results"] as? [[String: Any]])?.first)
            #expect(district["stage"] as? String == "district")
            #expect(district["stars"] as? Int == 4)
            #expect(district["forwarded"] as? Bool == true)
            #expect(district["decision_due"] as? Bool == false)
            let notHere = try await c.send("POST", "/decisions", ["number": "5/QĐ-UBND", "decided_on": "2024-05-01", "level": "district",
                                                                   "dossier_ids": [dossier]], as: w.officer)
            #expect(notHere.status == 422, "\(notHere.text)")
            // The district's members no longer see the dossier once it left their round.
            #expect(try await c.get("/dossiers/\(dossier)", as: d2.headers).status == 404)

            // The province council scores 100: potential 5★, a 4★ decision due at the province, forwarded to central.
            #expect(try await c.send("POST", "/rounds/\(provinceRound)/dossiers", ["dossier_ids": [dossier]], as: w.officer).status == 200)
            for member in [p1, p2] { try await c.score(dossier, best, as: member) }
            let atProvince = try await c.send("POST", "/dossiers/\(dossier)/close", nil, as: p1.headers)
            #expect(atProvince.status == 200, "\(atProvince.text)")
            #expect(atProvince.string("state") == "eligible")
            #expect(atProvince.string("stage") == "central")
            #expect(atProvince.object["decision_due"] as? Bool == true)
            let results = atProvince.object["results"] as? [[String: Any]] ?? []
            #expect(results.count == 2)
            let province = try #require(results.last)
            #expect(province["stage"] as? String == "province")
            #expect(province["outcome"] as? String == "potential_5")
            #expect(province["score"] as? Double == 100)
            #expect(province["forwarded"] as? Bool == true)
            #expect(province["decision_due"] as? Bool == true)

            // The province's decision gives 4★ as potential 5★.
            let decided = try await c.send("POST", "/decisions", ["number": "77/QĐ-UBND", "decided_on": "2024-06-15", "level": "province",
                                                                   "dossier_ids": [dossier]], as: w.officer)
            #expect(decided.status == 201, "\(decided.text)")
            let item = (decided.object["items"] as? [[String: Any]])?.first
            #expect(item?["stars"] as? Int == 4)
            #expect(item?["kind"] as? String == "potential_5")
            #expect(item?["valid_until"] as? String == "2027-06-15")
            #expect(decided.string("act") == "148")
            let registry = (try? await c.host.client.get("/api/v1/products/\(product)").json()) ?? [:]
            #expect(registry["stars"] as? Int == 4)
            #expect((registry["certificate"] as? [String: Any])?["decision"] as? String == "potential_5")
            #expect((registry["certificate"] as? [String: Any])?["legal_act"] as? String == "148")
        }
    }

    /// Refusals name the field and store nothing.
    @Test(arguments: engines) func badInputIsRefusedAndNothingIsStored(_ engine: DatabaseEngine) async throws {
        try await Cycle.run(engine) { c in
            let w = try await c.world()
            let set = try await c.criteria(20)
            let fourStar = set.answers(stars: 4, total: 75)
            let filed = try await c.send("POST", "/dossiers", ["product_id": w.productA, "kind": "new"], as: w.producerA)
            let dossier = try #require(filed.int("id"), "\(filed.text)")

            // Transitions the state machine does not allow.
            let jump = try await c.send("POST", "/dossiers/\(dossier)/transitions", ["to": "eligible"], as: w.officer)
            #expect(jump.status == 409, "\(jump.text)")
            #expect(jump.errorPaths == ["/to"])
            let toScoring = try await c.send("POST", "/dossiers/\(dossier)/transitions", ["to": "completed"], as: w.officer)
            #expect(toScoring.status == 409, "\(toScoring.text)")
            let unknown = try await c.send("POST", "/dossiers/\(dossier)/transitions", ["to": "approved"], as: w.officer)
            #expect(unknown.status == 422 || unknown.status == 400, "\(unknown.text)")
            // Submitting without a self-assessment or the registration form.
            let bare = try await c.send("POST", "/dossiers/\(dossier)/transitions", ["to": "submitted"], as: w.producerA)
            #expect(bare.status == 422, "\(bare.text)")
            #expect(try await c.get("/dossiers/\(dossier)", as: w.producerA).string("state") == "draft")

            // A self-assessment with an answer that is not an option.
            let criterion = try #require(set.parts.first?.groups.first?.criteria.first)
            var wrong = fourStar
            wrong[criterion.id] = 999
            let badSelf = try await c.send("PUT", "/dossiers/\(dossier)/self-assessment", ["points": wrong], as: w.producerA)
            #expect(badSelf.status == 422, "\(badSelf.text)")
            let untouched = try await c.get("/dossiers/\(dossier)", as: w.producerA)
            #expect(untouched.object["self_assessment"] == nil || untouched.object["self_assessment"] is NSNull, "\(untouched.text)")

            // Papers that are not what they claim, or not papers at all.
            let html = Data("<!DOCTYPE html><html><body><script>alert(1)</script></body></html>".utf8)
            let asHTML = try await c.attach(dossier, kind: "registration_form", html, type: "text/html", as: w.producerA)
            #expect(asHTML.status == 415, "\(asHTML.text)")
            let disguised = try await c.attach(dossier, kind: "registration_form", html, type: "application/pdf", as: w.producerA)
            #expect(disguised.status == 415, "\(disguised.text)")
            let mislabelled = try await c.attach(dossier, kind: "registration_form", Cycle.pdf, type: "image/png", as: w.producerA)
            #expect(mislabelled.status == 415, "\(mislabelled.text)")
            let pdfPhoto = try await c.attach(dossier, kind: "sample_photo", Cycle.pdf, type: "application/pdf", as: w.producerA)
            #expect(pdfPhoto.status == 415, "\(pdfPhoto.text)")
            let badKind = try await c.attach(dossier, kind: "selfie", Cycle.pdf, type: "application/pdf", as: w.producerA)
            #expect(badKind.status == 422, "\(badKind.text)")
            #expect((try await c.get("/dossiers/\(dossier)", as: w.producerA).object["attachments"] as? [Any])?.isEmpty == true)

            // Now a proper dossier, submitted.
            try await c.prepare(dossier, points: fourStar, as: w.producerA)

            // Returned without a reason: refused, the dossier stays submitted.
            let noReason = try await c.send("POST", "/dossiers/\(dossier)/transitions", ["to": "returned"], as: w.communeA)
            #expect(noReason.status == 422, "\(noReason.text)")
            #expect(noReason.errorPaths == ["/reason"])
            let blankReason = try await c.send("POST", "/dossiers/\(dossier)/transitions", ["to": "returned", "reason": "   "], as: w.communeA)
            #expect(blankReason.status == 422, "\(blankReason.text)")
            #expect(try await c.get("/dossiers/\(dossier)", as: w.officer).string("state") == "submitted")
            // The producer may not return their own dossier.
            #expect(try await c.send("POST", "/dossiers/\(dossier)/transitions", ["to": "returned", "reason": "x"], as: w.producerA).status == 403)

            // A pre-assessment that forwards with a criterion unmet, or returns without a note.
            var unmet = Cycle.preAssessment(forward: true)
            unmet["local_labour"] = false
            let notMet = try await c.send("POST", "/dossiers/\(dossier)/pre-assessment", unmet, as: w.communeA)
            #expect(notMet.status == 422, "\(notMet.text)")
            #expect(notMet.errorPaths == ["/local_labour"])
            let silent = try await c.send("POST", "/dossiers/\(dossier)/pre-assessment", Cycle.preAssessment(forward: false), as: w.communeA)
            #expect(silent.status == 422, "\(silent.text)")
            let still = try await c.get("/dossiers/\(dossier)", as: w.officer)
            #expect(still.string("state") == "submitted")
            #expect(still.object["pre_assessment"] == nil || still.object["pre_assessment"] is NSNull)

            // Forwarded, put in a round.
            #expect(try await c.send("POST", "/dossiers/\(dossier)/pre-assessment", Cycle.preAssessment(forward: true), as: w.communeA).status == 200)
            let chair = try await c.member(), member = try await c.member()
            let round = try await c.round(council: try await c.council(level: "province", as: w.officer),
                                          seats: [(chair, "chair"), (member, "member")], as: w.officer)
            #expect(try await c.send("POST", "/rounds/\(round)/dossiers", ["dossier_ids": [dossier]], as: w.officer).status == 200)
            // Assigning it again: it is no longer eligible.
            #expect(try await c.send("POST", "/rounds/\(round)/dossiers", ["dossier_ids": [dossier]], as: w.officer).status == 422)

            // An answer that is not an option of its criterion; a criterion the set does not have.
            let notOption = try await c.send("PUT", "/dossiers/\(dossier)/sheet", ["points": [criterion.id: 999]], as: member.headers)
            #expect(notOption.status == 422, "\(notOption.text)")
            #expect(notOption.errorPaths == ["/points/\(criterion.id)"])
            let between = try #require(Cycle.notAnOption(criterion), "criterion \(criterion.id) has a gap between options")
            let gap = try await c.send("PUT", "/dossiers/\(dossier)/sheet", ["points": [criterion.id: between]], as: member.headers)
            #expect(gap.status == 422, "\(gap.text)")
            #expect(gap.errorPaths == ["/points/\(criterion.id)"])
            let stranger = try await c.send("PUT", "/dossiers/\(dossier)/sheet", ["points": ["zz-99": 1]], as: member.headers)
            #expect(stranger.status == 422, "\(stranger.text)")
            #expect(stranger.errorPaths == ["/points/zz-99"])
            // One good and one bad answer: neither is stored.
            let mixed = try await c.send("PUT", "/dossiers/\(dossier)/sheet", ["points": [criterion.id: criterion.maxPoints, "zz-99": 1]], as: member.headers)
            #expect(mixed.status == 422, "\(mixed.text)")
            let sheet = try await c.get("/dossiers/\(dossier)/sheet", as: member.headers)
            #expect(sheet.status == 200, "\(sheet.text)")
            #expect(sheet.int("answered") == 0, "\(sheet.text)")
            #expect((sheet.object["points"] as? [String: Any])?.isEmpty == true)
            let nothingSubmitted = try await c.send("POST", "/dossiers/\(dossier)/sheet/submit", nil, as: member.headers)
            #expect(nothingSubmitted.status == 409, "\(nothingSubmitted.text)")

            // Both score the lowest answers: below 3★, no decision.
            let lowest = set.lowestAnswers()
            let low = try RatingEngine.rate(set, sheets: [ScoreSheet(member: "x", points: lowest)])
            #expect(low.stars < .three)
            for m in [chair, member] { try await c.score(dossier, lowest, as: m) }
            // Gates the set does not have.
            let badGate = try await c.send("POST", "/dossiers/\(dossier)/close", ["gates": ["no-such-gate"]], as: chair.headers)
            #expect(badGate.status == 422, "\(badGate.text)")
            #expect(try await c.get("/dossiers/\(dossier)", as: w.officer).string("state") == "scoring")
            let closed = try await c.send("POST", "/dossiers/\(dossier)/close", nil, as: chair.headers)
            #expect(closed.status == 200, "\(closed.text)")
            #expect(closed.string("state") == "completed")
            let result = (closed.object["results"] as? [[String: Any]])?.first
            #expect(result?["stars"] as? Int == low.stars.rawValue)
            #expect(result?["outcome"] as? String == "not_recognised")
            #expect(result?["decision_due"] as? Bool == false)
            #expect((closed.object["results"] as? [Any])?.count == 1)

            let decision = try await c.send("POST", "/decisions", ["number": "9/QĐ-UBND", "decided_on": ProgrammeCalendar.today(), "level": "province",
                                                                    "dossier_ids": [dossier]], as: w.officer)
            #expect(decision.status == 422, "\(decision.text)")
            #expect(decision.detail.contains("only 3★ and above"), "\(decision.text)")
            #expect(decision.errorPaths == ["/dossier_ids/0"])
            #expect(try await c.get("/results").int("total") == 0)
            #expect((try await c.get("/dossiers/\(dossier)", as: w.officer).object["decisions"] as? [Any])?.isEmpty == true)
            let registry = (try? await c.host.client.get("/api/v1/products/\(w.productA)").json()) ?? [:]
            #expect(registry["stars"] == nil || registry["stars"] is NSNull, "no stars reached the registry")
            // A decision in the future, or for nothing.
            let future = try await c.send("POST", "/decisions", ["number": "10/QĐ-UBND", "decided_on": "2999-01-01", "level": "province",
                                                                  "dossier_ids": [dossier]], as: w.officer)
            #expect(future.errorPaths == ["/decided_on"], "\(future.text)")
            let empty = try await c.send("POST", "/decisions", ["number": "10/QĐ-UBND", "decided_on": ProgrammeCalendar.today(), "level": "province",
                                                                 "dossier_ids": [Int]()], as: w.officer)
            #expect(empty.errorPaths == ["/dossier_ids"], "\(empty.text)")
        }
    }

    /// Who sees and does what: round members, producers, commune officers.
    @Test(arguments: engines) func roleRules(_ engine: DatabaseEngine) async throws {
        try await Cycle.run(engine) { c in
            let w = try await c.world()
            let set = try await c.criteria(20)
            let fourStar = set.answers(stars: 4, total: 75)
            // Subject B lives in the other commune and has its own producer.
            let subjectB = try await c.subject(name: "Cơ sở Lụa Vạn Phúc", seed: "010200000", commune: Cycle.communeB, as: w.officer)
            let productB = try await c.product(subject: subjectB, name: "Khăn lụa Vạn Phúc", set: 20, as: w.officer)
            let producerB = try await c.host.signIn(.producer, subject: Int64(subjectB))

            let dossierA = try #require(try await c.send("POST", "/dossiers", ["product_id": w.productA, "kind": "new"], as: w.producerA).int("id"))
            let dossierB = try #require(try await c.send("POST", "/dossiers", ["product_id": productB, "kind": "new"], as: producerB).int("id"))
            // A producer cannot file for another subject's product.
            let foreignFile = try await c.send("POST", "/dossiers", ["product_id": productB, "kind": "new"], as: w.producerA)
            #expect(foreignFile.status == 422 || foreignFile.status == 403 || foreignFile.status == 404, "\(foreignFile.text)")
            // Nor a second open dossier for the same product.
            #expect(try await c.send("POST", "/dossiers", ["product_id": w.productA, "kind": "new"], as: w.producerA).status == 409)
            try await c.prepare(dossierA, points: fourStar, as: w.producerA)
            try await c.prepare(dossierB, points: fourStar, as: producerB)

            // Producers see only their own dossiers.
            #expect(try await c.get("/dossiers/\(dossierB)", as: w.producerA).status == 404)
            #expect(try await c.get("/dossiers/\(dossierA)", as: producerB).status == 404)
            #expect(try await c.get("/dossiers", as: w.producerA).ids == [dossierA])
            #expect(try await c.get("/dossiers", as: producerB).ids == [dossierB])
            #expect(try await c.send("PUT", "/dossiers/\(dossierB)/self-assessment", ["points": fourStar], as: w.producerA).status == 404)

            // Commune officers pre-assess only their commune's dossiers.
            let crossA = try await c.send("POST", "/dossiers/\(dossierA)/pre-assessment", Cycle.preAssessment(forward: true), as: w.communeB)
            #expect(crossA.status == 404 || crossA.status == 403, "\(crossA.text)")
            let crossB = try await c.send("POST", "/dossiers/\(dossierB)/pre-assessment", Cycle.preAssessment(forward: true), as: w.communeA)
            #expect(crossB.status == 404 || crossB.status == 403, "\(crossB.text)")
            #expect(try await c.get("/dossiers", as: w.communeA).ids == [dossierA])
            #expect(try await c.get("/dossiers", as: w.communeB).ids == [dossierB])
            #expect(try await c.get("/dossiers/\(dossierA)", as: w.officer).string("state") == "submitted")
            #expect(try await c.send("POST", "/dossiers/\(dossierA)/pre-assessment", Cycle.preAssessment(forward: true), as: w.communeA).status == 200)
            #expect(try await c.send("POST", "/dossiers/\(dossierB)/pre-assessment", Cycle.preAssessment(forward: true), as: w.communeB).status == 200)
            // Another province's officer sees neither.
            let officer79 = try await c.host.signIn(.provinceOfficer, province: "79")
            #expect(try await c.get("/dossiers/\(dossierA)", as: officer79).status == 404)
            #expect(try await c.get("/dossiers", as: officer79).ids.isEmpty)
            #expect(try await c.get("/dossiers", as: w.officer).ids.sorted() == [dossierA, dossierB].sorted())

            // Two rounds of one council: each round's members see only their round's dossier.
            let council = try await c.council(level: "province", as: w.officer)
            let a1 = try await c.member(), a2 = try await c.member(), b1 = try await c.member(), b2 = try await c.member()
            let roundA = try await c.round(council: council, seats: [(a1, "chair"), (a2, "member")], as: w.officer)
            let roundB = try await c.round(council: council, seats: [(b1, "chair"), (b2, "member")], as: w.officer)
            // Another province's officer may not fill this council's rounds.
            #expect(try await c.send("POST", "/rounds/\(roundA)/dossiers", ["dossier_ids": [dossierA]], as: officer79).status == 404)
            #expect(try await c.send("POST", "/rounds/\(roundA)/dossiers", ["dossier_ids": [dossierA]], as: w.officer).status == 200)
            #expect(try await c.send("POST", "/rounds/\(roundB)/dossiers", ["dossier_ids": [dossierB]], as: w.officer).status == 200)

            #expect(try await c.get("/dossiers/\(dossierA)", as: a2.headers).status == 200)
            #expect(try await c.get("/dossiers/\(dossierA)", as: b2.headers).status == 404)
            #expect(try await c.get("/dossiers/\(dossierB)", as: a2.headers).status == 404)
            #expect(try await c.get("/dossiers", as: a2.headers).ids == [dossierA])
            #expect(try await c.get("/dossiers", as: b2.headers).ids == [dossierB])
            #expect(try await c.get("/dossiers?round_id=\(roundA)", as: b2.headers).ids.isEmpty)
            #expect(try await c.send("PUT", "/dossiers/\(dossierA)/sheet", ["points": fourStar], as: b2.headers).status == 404)
            #expect(try await c.get("/dossiers/\(dossierA)/sheets", as: b2.headers).status == 404)
            #expect(try await c.send("POST", "/dossiers/\(dossierA)/close", nil, as: b1.headers).status == 404)
            // A member may not declare conflicts in a round they do not sit in.
            #expect(try await c.send("POST", "/rounds/\(roundA)/conflicts", ["subject_id": w.subjectA, "reason": "x"], as: b2.headers).status == 403)
            // Members read their own round, not another council's business.
            #expect(try await c.get("/rounds/\(roundA)", as: a2.headers).status == 200)
            // A member with no seat sees no dossier at all.
            let unseated = try await c.member()
            #expect(try await c.get("/dossiers", as: unseated.headers).ids.isEmpty)
            #expect(try await c.get("/dossiers/\(dossierA)", as: unseated.headers).status == 404)
            #expect(try await c.get("/rounds/\(roundA)", as: unseated.headers).status == 404)

            // Producers never see the chain or the members' sheets.
            #expect(try await c.get("/dossiers/\(dossierA)/history", as: w.producerA).status == 403)
            #expect(try await c.get("/dossiers/\(dossierA)/sheets", as: w.producerA).status == 403)
            // Council members, producers and commune officers do not record decisions or open rounds.
            for who in [a1.headers, w.producerA, w.communeA] {
                #expect(try await c.send("POST", "/decisions", ["number": "1/QĐ", "decided_on": ProgrammeCalendar.today(), "level": "province",
                                                                 "dossier_ids": [dossierA]], as: who).status == 403)
            }
            #expect(try await c.send("POST", "/councils/\(council)/rounds", Cycle.roundBody(seats: [(a1, "chair"), (a2, "member")]),
                                     as: a1.headers).status == 403)
        }
    }

    /// Inspections, a downgrade with its ground, a revocation: the registry follows each.
    @Test(arguments: engines) func inspectionsDowngradeAndRevocation(_ engine: DatabaseEngine) async throws {
        try await Cycle.run(engine) { c in
            let w = try await c.world()
            let set = try await c.criteria(20)
            let today = ProgrammeCalendar.today()
            let dossier = try await c.rateThroughProvince(product: w.productA, points: set.answers(stars: 4, total: 75), submittedOn: "2025-07-20", world: w)
            // Decided some months ago: a downgrade keeps the certificate's term and number.
            let decided = try await c.send("POST", "/decisions", ["number": "200/QĐ-UBND", "decided_on": "2025-08-01", "level": "province",
                                                                   "dossier_ids": [dossier]], as: w.officer)
            #expect(decided.status == 201, "\(decided.text)")
            let validUntil = "2028-08-01"
            #expect(try await c.registry(w.productA)["stars"] as? Int == 4)
            #expect((try await c.registry(w.productA)["certificate"] as? [String: Any])?["valid_until"] as? String == validUntil)

            // An inspection with findings; a conclusion other than compliant needs findings.
            let noFindings = try await c.send("POST", "/inspections", ["subject_id": w.subjectA, "product_id": w.productA, "inspected_on": today,
                                                                       "findings": [Any](), "conclusion": "downgrade"], as: w.officer)
            #expect(noFindings.status == 422, "\(noFindings.text)")
            #expect(noFindings.errorPaths == ["/findings"])
            let inspected = try await c.send("POST", "/inspections", [
                "subject_id": w.subjectA, "product_id": w.productA, "inspected_on": today, "conclusion": "downgrade",
                "findings": [["topic": "Tiêu chí bắt buộc 3 sao", "finding": "Nhãn hàng hoá thiếu hạn sử dụng", "severity": "major"]],
            ], as: w.officer)
            #expect(inspected.status == 201, "\(inspected.text)")
            let inspection = try #require(inspected.int("id"))
            #expect(inspected.string("province_code") == "01")
            let listed = try await c.get("/inspections?subject_id=\(w.subjectA)", as: w.officer)
            #expect(listed.items.map { $0["id"] as? Int } == [inspection], "\(listed.text)")
            #expect(try await c.get("/inspections", as: try await c.host.signIn(.provinceOfficer, province: "79")).items.isEmpty)
            #expect(try await c.get("/inspections", as: w.producerA).status == 403)

            // Downgrades must go below the current stars (and not below 3★).
            for stars in [4, 5, 2] {
                let refused = try await c.send("POST", "/products/\(w.productA)/downgrade", [
                    "stars": stars, "ground": "fails_mandatory_criteria", "decision_number": "201/QĐ-UBND", "decided_on": today,
                ], as: w.officer)
                #expect(refused.status == 422, "downgrade to \(stars)★: \(refused.text)")
                #expect(refused.errorPaths == ["/stars"])
            }
            let unknownGround = try await c.send("POST", "/products/\(w.productA)/downgrade", [
                "stars": 3, "ground": "bad_mood", "decision_number": "201/QĐ-UBND", "decided_on": today,
            ], as: w.officer)
            #expect(unknownGround.status == 422 || unknownGround.status == 400, "\(unknownGround.text)")
            let foreignInspection = try await c.send("POST", "/products/\(w.productA)/downgrade", [
                "stars": 3, "ground": "fails_mandatory_criteria", "decision_number": "201/QĐ-UBND", "decided_on": today, "inspection_id": 999_999,
            ], as: w.officer)
            #expect(foreignInspection.errorPaths == ["/inspection_id"], "\(foreignInspection.text)")
            #expect(try await c.send("POST", "/products/\(w.productA)/downgrade", [
                "stars": 3, "ground": "fails_mandatory_criteria", "decision_number": "201/QĐ-UBND", "decided_on": today,
            ], as: w.communeA).status == 403)
            #expect(try await c.registry(w.productA)["stars"] as? Int == 4, "nothing changed")

            let downgraded = try await c.send("POST", "/products/\(w.productA)/downgrade", [
                "stars": 3, "ground": "fails_mandatory_criteria", "decision_number": "201/QĐ-UBND", "decided_on": today,
                "inspection_id": inspection, "note": "Nhãn thiếu hạn sử dụng",
            ], as: w.officer)
            #expect(downgraded.status == 201, "\(downgraded.text)")
            #expect(downgraded.int("stars") == 3)
            #expect(downgraded.string("decision") == "downgraded")
            #expect(downgraded.string("ground")?.hasPrefix("fails_mandatory_criteria") == true)
            #expect(downgraded.string("valid_until") == validUntil, "a downgrade keeps the certificate's term")
            let afterDowngrade = try await c.registry(w.productA)
            #expect(afterDowngrade["stars"] as? Int == 3, "\(afterDowngrade)")
            let certificate = afterDowngrade["certificate"] as? [String: Any]
            #expect(certificate?["decision"] as? String == "downgraded")
            #expect(certificate?["decision_number"] as? String == "201/QĐ-UBND")
            #expect((certificate?["ground"] as? String)?.contains("fails_mandatory_criteria") == true)
            #expect(certificate?["valid_until"] as? String == validUntil)
            #expect(certificate?["certificate_number"] as? String == "200/QĐ-UBND/1", "a downgrade keeps the certificate: \(afterDowngrade)")

            // From 3★ there is nowhere to downgrade to.
            let again = try await c.send("POST", "/products/\(w.productA)/downgrade", [
                "stars": 3, "ground": "other", "decision_number": "202/QĐ-UBND", "decided_on": today,
            ], as: w.officer)
            #expect(again.status == 422, "\(again.text)")

            // Revocation: no stars any more.
            let revoked = try await c.send("POST", "/products/\(w.productA)/revoke", [
                "ground": "food_safety_breach", "decision_number": "203/QĐ-UBND", "decided_on": today,
            ], as: w.officer)
            #expect(revoked.status == 201, "\(revoked.text)")
            #expect(revoked.string("decision") == "revoked")
            let afterRevoke = try await c.registry(w.productA)
            #expect(afterRevoke["stars"] == nil || afterRevoke["stars"] is NSNull, "\(afterRevoke)")
            #expect((afterRevoke["certificate"] as? [String: Any])?["standing"] as? String == "revoked")
            let twice = try await c.send("POST", "/products/\(w.productA)/revoke", [
                "ground": "food_safety_breach", "decision_number": "204/QĐ-UBND", "decided_on": today,
            ], as: w.officer)
            #expect(twice.status == 409, "\(twice.text)")
            let downgradeRevoked = try await c.send("POST", "/products/\(w.productA)/downgrade", [
                "stars": 3, "ground": "other", "decision_number": "205/QĐ-UBND", "decided_on": today,
            ], as: w.officer)
            #expect(downgradeRevoked.status == 409, "\(downgradeRevoked.text)")

        }
    }

    /// A standing change reads the certificate it changes as the ledger has it at once (not
    /// when the registry's event reaches rating), and may not be dated before it: the product
    /// would keep its stars while the API reported a downgrade.
    @Test(arguments: engines) func standingChangesFollowTheDecisionTheyChange(_ engine: DatabaseEngine) async throws {
        try await Cycle.run(engine) { c in
            let w = try await c.world()
            let set = try await c.criteria(20)
            let dossier = try await c.rateThroughProvince(product: w.productA, points: set.answers(stars: 5, total: 100), submittedOn: "2025-07-20", world: w)
            #expect(try await c.send("POST", "/decisions", ["number": "300/QĐ-UBND", "decided_on": "2025-08-01", "level": "province",
                                                             "dossier_ids": [dossier]], as: w.officer).status == 201)
            // Straight after the decision: the downgrade keeps its term and number.
            let downgraded = try await c.send("POST", "/products/\(w.productA)/downgrade", [
                "stars": 3, "ground": "other", "decision_number": "301/QĐ-UBND", "decided_on": "2025-09-01",
            ], as: w.officer)
            #expect(downgraded.status == 201, "\(downgraded.text)")
            #expect(downgraded.string("valid_until") == "2028-08-01", "\(downgraded.text)")
            let registry = try await c.registry(w.productA)
            #expect(registry["stars"] as? Int == 3)
            #expect((registry["certificate"] as? [String: Any])?["certificate_number"] as? String == "300/QĐ-UBND/1", "\(registry)")

            // Dated before the downgrade it would change: refused, nothing recorded.
            let attempts: [(String, [String: Any])] = [
                ("downgrade", ["stars": 3, "ground": "other", "decision_number": "302/QĐ-UBND", "decided_on": "2025-08-15"]),
                ("revoke", ["ground": "other", "decision_number": "303/QĐ-UBND", "decided_on": "2025-08-15"]),
            ]
            for (path, body) in attempts {
                let refused = try await c.send("POST", "/products/\(w.productA)/\(path)", body, as: w.officer)
                #expect(refused.status == 422, "\(path) dated 2025-08-15: \(refused.text)")
                #expect(refused.errorPaths == ["/decided_on"] || refused.errorPaths == ["/stars"], "\(refused.text)")
            }
            let revokeEarly = try await c.send("POST", "/products/\(w.productA)/revoke", attempts[1].1, as: w.officer)
            #expect(revokeEarly.errorPaths == ["/decided_on"], "\(revokeEarly.text)")
            let after = try await c.registry(w.productA)
            #expect(after["stars"] as? Int == 3)
            #expect((after["certificate"] as? [String: Any])?["decision_number"] as? String == "301/QĐ-UBND")
        }
    }
}

// MARK: - support

/// A reply with its JSON at hand.
private struct Answer {
    let reply: LiveServer.Client.Reply
    var status: Int { reply.status }
    var text: String { reply.text }
    var object: [String: Any] { (try? reply.json()) ?? [:] }
    var items: [[String: Any]] { object["items"] as? [[String: Any]] ?? [] }
    var ids: [Int] { items.compactMap { $0["id"] as? Int } }
    var errorPaths: [String] { (object["errors"] as? [[String: Any]] ?? []).compactMap { $0["path"] as? String } }
    var detail: String { object["detail"] as? String ?? "" }
    func int(_ key: String) -> Int? { object[key] as? Int }
    func string(_ key: String) -> String? { object[key] as? String }
}

/// The actors and records most tests start from.
private struct World: Sendable {
    let officer: [String: String]
    let subjectA: Int
    let productA: Int
    let producerA: [String: String]
    let communeA: [String: String]
    let communeB: [String: String]
}

/// HTTP steps of the cycle, each checked.
private struct Cycle: Sendable {
    let host: TestHost
    static let communeA = "00577"
    static let communeB = "09556"
    static let pdf = Data("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n".utf8)

    static func run(_ engine: DatabaseEngine, _ body: @escaping @Sendable (Cycle) async throws -> Void) async throws {
        try await TestHost.run(engine, plugins: TestHost.core, config: "plugins:\n\(TestHost.coreConfig)") { host in
            try await body(Cycle(host: host))
        }
    }

    func send(_ method: String, _ path: String, _ body: Any?, as headers: [String: String] = [:]) async throws -> Answer {
        let data = try body.map { try JSONSerialization.data(withJSONObject: $0) }
        return Answer(reply: try await host.client.send(method, "/api/v1/rating" + path, body: data, headers: headers))
    }

    func get(_ path: String, as headers: [String: String] = [:]) async throws -> Answer {
        Answer(reply: try await host.client.get("/api/v1/rating" + path, headers: headers))
    }

    func attach(_ dossier: Int, kind: String, _ data: Data, type: String, as headers: [String: String]) async throws -> Answer {
        Answer(reply: try await host.client.send("POST", "/api/v1/rating/dossiers/\(dossier)/attachments?kind=\(kind)", body: data,
                                                 headers: headers.merging(["Content-Type": type]) { $1 }))
    }

    func registry(_ product: Int) async throws -> [String: Any] {
        let reply = try await host.client.get("/api/v1/products/\(product)")
        #expect(reply.status == 200, "\(reply.text)")
        return (try? reply.json()) ?? [:]
    }

    func world() async throws -> World {
        let officer = try await host.signIn(.provinceOfficer, province: "01")
        let subject = try await subject(name: "HTX Gốm sứ Bát Tràng", seed: "010100000", commune: Self.communeA, as: officer)
        let product = try await product(subject: subject, name: "Bình gốm men lam", set: 20, as: officer)
        return World(officer: officer, subjectA: subject, productA: product, producerA: try await host.signIn(.producer, subject: Int64(subject)),
                     communeA: try await host.signIn(.communeOfficer, commune: Self.communeA),
                     communeB: try await host.signIn(.communeOfficer, commune: Self.communeB))
    }

    func subject(name: String, seed: String, commune: String, as officer: [String: String]) async throws -> Int {
        let body: [String: Any] = ["registration_number": TestTaxCodes.make(seed), "name": name, "legal_form": "hop_tac_xa", "commune_code": commune]
        let reply = try await host.client.send("POST", "/api/v1/subjects", body: try JSONSerialization.data(withJSONObject: body), headers: officer)
        #expect(reply.status == 201, "\(reply.text)")
        return try #require((try reply.json())["id"] as? Int)
    }

    func product(subject: Int, name: String, set: Int, as officer: [String: String]) async throws -> Int {
        let body: [String: Any] = ["subject_id": subject, "name": name, "product_set": set]
        let reply = try await host.client.send("POST", "/api/v1/products", body: try JSONSerialization.data(withJSONObject: body), headers: officer)
        #expect(reply.status == 201, "\(reply.text)")
        return try #require((try reply.json())["id"] as? Int)
    }

    /// The set as the API serves it.
    func criteria(_ code: Int) async throws -> CriteriaSet {
        let reply = try await host.client.get("/api/v1/rating/criteria-sets/148/\(code)")
        #expect(reply.status == 200, "\(reply.text)")
        let set = try JSONDecoder().decode(CriteriaSet.self, from: reply.body)
        #expect(set.problems().isEmpty)
        return set
    }

    func member() async throws -> TestHost.Account { try await host.account(.councilMember, province: "01") }

    static func preAssessment(forward: Bool) -> [String: Any] {
        ["origin_local_materials": true, "local_labour": true, "idea_origin": true, "local_identity": true, "form_complete": true, "forward": forward]
    }

    /// Self-assessment, registration form, submitted.
    func prepare(_ dossier: Int, points: [String: Int], as headers: [String: String]) async throws {
        let saved = try await send("PUT", "/dossiers/\(dossier)/self-assessment", ["points": points], as: headers)
        #expect(saved.status == 200, "\(saved.text)")
        let attached = try await attach(dossier, kind: "registration_form", Self.pdf, type: "application/pdf", as: headers)
        #expect(attached.status == 201, "\(attached.text)")
        let submitted = try await send("POST", "/dossiers/\(dossier)/transitions", ["to": "submitted"], as: headers)
        #expect(submitted.status == 200, "\(submitted.text)")
        #expect(submitted.string("state") == "submitted")
    }

    func council(level: String, as officer: [String: String]) async throws -> Int {
        let reply = try await send("POST", "/councils", ["level": level, "province_code": "01", "name": "Hội đồng đánh giá OCOP (\(level))",
                                                        "decision_number": "\(Int.random(in: 1...9999))/QĐ-UBND", "established_on": "2024-01-15"],
                                   as: officer)
        #expect(reply.status == 201, "\(reply.text)")
        return try #require(reply.int("id"), "\(reply.text)")
    }

    static func roundBody(seats: [(TestHost.Account, String)], year: Int? = nil) -> [String: Any] {
        let today = ProgrammeCalendar.today()
        let year = year ?? Int(today.prefix(4))!
        return ["name": "Đợt \(year)", "year": year, "opens_on": year == Int(today.prefix(4))! ? today : "\(year)-04-01",
                "members": seats.map { ["username": $0.0.username, "seat": $0.1] }]
    }

    func round(council: Int, seats: [(TestHost.Account, String)], year: Int? = nil, as officer: [String: String]) async throws -> Int {
        let reply = try await send("POST", "/councils/\(council)/rounds", Self.roundBody(seats: seats, year: year), as: officer)
        #expect(reply.status == 201, "\(reply.text)")
        return try #require(reply.int("id"), "\(reply.text)")
    }

    /// A member saves the whole sheet and submits it.
    func score(_ dossier: Int, _ points: [String: Int], as member: TestHost.Account) async throws {
        let saved = try await send("PUT", "/dossiers/\(dossier)/sheet", ["points": points], as: member.headers)
        #expect(saved.status == 200, "\(saved.text)")
        let submitted = try await send("POST", "/dossiers/\(dossier)/sheet/submit", nil, as: member.headers)
        #expect(submitted.status == 200, "\(submitted.text)")
    }

    /// The QĐ 1489 path up to the chair's close, by the officers (two scoring members).
    func rateThroughProvince(product: Int, points: [String: Int], submittedOn: String? = nil, world w: World) async throws -> Int {
        var body: [String: Any] = ["product_id": product, "kind": "new"]
        body["submitted_on"] = submittedOn
        let filed = try await send("POST", "/dossiers", body, as: w.officer)
        let dossier = try #require(filed.int("id"), "\(filed.text)")
        #expect(filed.string("process") == "1489")
        try await prepare(dossier, points: points, as: w.officer)
        #expect(try await send("POST", "/dossiers/\(dossier)/pre-assessment", Self.preAssessment(forward: true), as: w.communeA).status == 200)
        let chair = try await member(), other = try await member()
        let round = try await round(council: try await council(level: "province", as: w.officer), seats: [(chair, "chair"), (other, "member")],
                                    as: w.officer)
        #expect(try await send("POST", "/rounds/\(round)/dossiers", ["dossier_ids": [dossier]], as: w.officer).status == 200)
        for m in [chair, other] { try await score(dossier, points, as: m) }
        let closed = try await send("POST", "/dossiers/\(dossier)/close", nil, as: chair.headers)
        #expect(closed.status == 200, "\(closed.text)")
        return dossier
    }

    /// Splits answers in two non-empty halves (by criterion id).
    static func split(_ points: [String: Int]) -> ([String: Int], [String: Int]) {
        let keys = points.keys.sorted()
        let first = Set(keys.prefix(keys.count / 2))
        return (points.filter { first.contains($0.key) }, points.filter { !first.contains($0.key) })
    }

    /// A value inside the criterion's range that none of its options gives.
    static func notAnOption(_ criterion: CriteriaSet.Criterion) -> Int? {
        let allowed = criterion.allowedPoints
        guard let low = allowed.first, let high = allowed.last else { return nil }
        return (low...high).first { !allowed.contains($0) }
    }
}

extension CriteriaSet {
    /// The criteria a sheet answers: all of `all` groups, the best alternative of `one` groups.
    fileprivate var answered: [Criterion] {
        parts.flatMap(\.groups).flatMap { group in
            group.pick == .one ? [group.criteria.max { $0.maxPoints < $1.maxPoints }!] : group.criteria
        }
    }

    /// The lowest answer everywhere.
    fileprivate func lowestAnswers() -> [String: Int] {
        Dictionary(uniqueKeysWithValues: answered.map { ($0.id, $0.allowedPoints[0]) })
    }

    /// Answers meeting every minimum of `stars`, raised option by option (in sheet order) until
    /// the total reaches `total` (or the best sheet).
    fileprivate func answers(stars: Int, total: Int) -> [String: Int] {
        var points: [String: Int] = [:]
        for criterion in answered {
            let floor = criterion.requiredPoints(forStars: stars) ?? criterion.allowedPoints[0]
            points[criterion.id] = criterion.allowedPoints.first { $0 >= floor } ?? criterion.maxPoints
        }
        var sum = points.values.reduce(0, +)
        for criterion in answered where sum < total {
            for value in criterion.allowedPoints where value > points[criterion.id]! && sum < total {
                sum += value - points[criterion.id]!
                points[criterion.id] = value
            }
        }
        return points
    }
}
