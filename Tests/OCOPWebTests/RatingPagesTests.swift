import Foundation
import OCOPPluginKit
import OCOPTestSupport
import Testing

/// A dossier filed, scored by three council members and decided through the pages' forms (CSRF
/// tokens and all) on a real host, both engines; the stars and the certificate page follow.
@Suite struct RatingPagesTests {
    static let engines: [DatabaseEngine] = TestDatabase.postgresAvailable ? [.sqlite, .postgresql] : [.sqlite]

    @Test(arguments: engines) func fileScoreThreeMembersDecideAndSeeTheCertificate(_ engine: DatabaseEngine) async throws {
        try await withWeb(engine) { host in
            let flow = try await RatingFlow(host: host, province: "01")
            let (_, product) = try await flow.product(commune: "00577", tax: TestTaxCodes.make("010900303"), name: "Bình gốm men lam")
            let points = try await flow.sheet(set: "148/5", stars: 4)

            // The officer files the dossier through the form.
            let officer = Visitor(host, address: "192.0.2.10")
            #expect(try await officer.signIn(flow.officer.username).status == 303)
            let list = try await officer.get("/dossiers")
            #expect(list.status == 200)
            #expect(list.text.contains("data-nav=\"dossiers\""), "the navigation links the dossiers for an officer")
            let badFile = try await officer.post("/dossiers", [("product_id", "abc"), ("kind", "new")])
            #expect(badFile.status == 422)
            #expect(badFile.text.contains("value=\"abc\""), "the typed value is kept")
            let filed = try await officer.post("/dossiers", [("product_id", String(product)), ("kind", "new")])
            #expect(filed.status == 303)
            let location = try #require(filed.location)
            let dossier = try #require(Int64(location.dropFirst("/dossiers/".count).prefix { $0.isNumber }))
            #expect(try await officer.get(location).text.contains("Đã tạo hồ sơ"))

            // Self-assessment through the API; the paper and the submission through the forms.
            let body = try JSONSerialization.data(withJSONObject: ["points": points])
            #expect(try await host.client.send("PUT", "/api/v1/rating/dossiers/\(dossier)/self-assessment", body: body,
                                               headers: flow.officer.headers).status == 200)
            _ = try await officer.get("/dossiers/\(dossier)")
            let attached = try await officer.postMultipart("/dossiers/\(dossier)/attachments", fields: [("kind", "registration_form")],
                                                           file: ("paper", "phieu-dang-ky.pdf", "application/pdf", RatingFlow.pdf))
            #expect(attached.status == 303)
            // A forged token changes nothing.
            let forged = try await officer.post("/dossiers/\(dossier)/submit", [], csrf: "forged")
            #expect(forged.status == 403)
            let detail = try await officer.get("/dossiers/\(dossier)")
            #expect(detail.text.contains("data-state=\"draft\""))
            #expect(detail.text.contains("application/pdf"))
            #expect(try await officer.post("/dossiers/\(dossier)/submit", []).status == 303)
            #expect(try await officer.get("/dossiers/\(dossier)").text.contains("data-state=\"submitted\""))
            #expect(try await officer.get("/dossiers/\(dossier)/history").text.contains("<td>"))

            // The commune forwards, a round is opened with a chair and two members.
            let forwarded = try await host.client.post("/api/v1/rating/dossiers/\(dossier)/pre-assessment", json: """
                {"origin_local_materials":true,"local_labour":true,"idea_origin":true,"local_identity":true,"form_complete":true,"forward":true}
                """, headers: flow.officer.headers)
            #expect(forwarded.status == 200, "\(forwarded.text)")
            let round = try await flow.round()
            try await flow.assign([dossier], to: round)

            // Three members score through the sheet, one criterion first, then all.
            let (firstID, firstPoints) = try #require(points.sorted { $0.key < $1.key }.first)
            for (index, scorer) in round.scorers.enumerated() {
                let member = Visitor(host, address: "192.0.2.\(20 + index)")
                #expect(try await member.signIn(scorer.username).status == 303)
                let sheet = try await member.get("/dossiers/\(dossier)/sheet")
                #expect(sheet.status == 200)
                #expect(sheet.text.contains("type=\"radio\""))
                #expect(sheet.text.contains("data-total=\"0\""))
                #expect(!sheet.text.contains(" nil"), "an absent value renders as nothing, not as nil")
                let one = try await member.post("/dossiers/\(dossier)/sheet", [("c.\(firstID)", String(firstPoints))])
                #expect(one.status == 303)
                #expect(try await member.get("/dossiers/\(dossier)/sheet").text.contains("data-total=\"\(firstPoints)\""))
                let bad = try await member.post("/dossiers/\(dossier)/sheet", [("c.\(firstID)", "999")])
                #expect(bad.status == 422)
                #expect(bad.text.contains("Lựa chọn không thuộc tiêu chí này."))
                #expect(bad.text.contains("data-total=\"\(firstPoints)\"") == false, "the refused value is shown as typed, not as saved")
                let all = try await member.post("/dossiers/\(dossier)/sheet", points.map { ("c.\($0.key)", String($0.value)) })
                #expect(all.status == 303)
                let full = try await member.get("/dossiers/\(dossier)/sheet")
                let total = points.values.reduce(0, +)
                #expect(full.text.contains("data-total=\"\(total)\""))
                #expect(full.text.contains("data-level=\"4\" data-met=\"true\""))
                #expect(full.text.contains("data-level=\"5\" data-met=\"false\""))
                #expect(try await member.post("/dossiers/\(dossier)/sheet/submit", []).status == 303)
                #expect(try await member.get("/dossiers/\(dossier)/sheet").text.contains("Phiếu đã nộp"))
            }

            // The chair sees the sheets side by side and closes.
            let chair = Visitor(host, address: "192.0.2.30")
            #expect(try await chair.signIn(round.chair.username).status == 303)
            let council = try await chair.get("/dossiers/\(dossier)/council")
            #expect(council.status == 200)
            for scorer in round.scorers { #expect(council.text.contains(scorer.username)) }
            #expect(council.text.contains("data-outliers=\"0\""), "identical sheets have no outliers")
            #expect(try await chair.post("/dossiers/\(dossier)/close", []).status == 303)

            // The officer records the decision; the stars and the certificate follow.
            let rated = try await officer.get("/dossiers/\(dossier)")
            #expect(rated.text.contains("data-stars=\"4\""))
            #expect(rated.text.contains("action=\"/dossiers/\(dossier)/decision\""))
            let decided = try await officer.post("/dossiers/\(dossier)/decision", [
                ("number", "15/QĐ-UBND"), ("decided_on", ProgrammeCalendar.today()), ("certificate_number", "OCOP-HN-0015"),
            ])
            #expect(decided.status == 303)
            #expect(try await officer.get("/dossiers/\(dossier)").text.contains("OCOP-HN-0015"))
            let certificate = try await Visitor(host, address: "192.0.2.40").get("/san-pham/\(product)/chung-nhan")
            #expect(certificate.status == 200)
            #expect(certificate.text.contains("★★★★☆"))
            #expect(certificate.text.contains("OCOP-HN-0015"))
            #expect(certificate.text.contains("data-standing=\"valid\""))

            // A producer may not open the chair's view.
            let outsider = Visitor(host, address: "192.0.2.50")
            let producer = try await host.account(.councilMember, province: "79")
            #expect(try await outsider.signIn(producer.username).status == 303)
            #expect([403, 404].contains(try await outsider.get("/dossiers/\(dossier)/council").status))
        }
    }
}
