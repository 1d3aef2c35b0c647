import Testing

@testable import OCOPDomain

@Suite struct CertificationFactsTests {
    @Test func theActInForceFollowsTheDate() {
        #expect(LegalAct.inForce(on: "2018-05-06") == nil)
        #expect(LegalAct.inForce(on: "2018-05-07") == .decision490)
        #expect(LegalAct.inForce(on: "2019-08-20") == .decision490)
        #expect(LegalAct.inForce(on: "2019-08-21") == .decision1048)
        #expect(LegalAct.inForce(on: "2023-02-23") == .decision1048)
        #expect(LegalAct.inForce(on: "2023-02-24") == .decision148)
        #expect(LegalAct.inForce(on: "2025-07-05") == .decision148)
        #expect(LegalAct.inForce(on: "2025-07-06") == .decision1489)
        #expect(LegalAct(text: "Quyết định 1048/QĐ-TTg") == .decision1048)
        #expect(LegalAct(text: "QĐ 148") == .decision148)
        #expect(LegalAct(text: "919") == nil)
    }

    @Test func theLevelThatRecognises() {
        #expect(IssuingLevel.recognising(stars: 3, under: .decision148) == .district)
        #expect(IssuingLevel.recognising(stars: 3, under: .decision1489) == .province, "districts were abolished")
        #expect(IssuingLevel.recognising(stars: 4, under: .decision148) == .province)
        #expect(IssuingLevel.recognising(stars: 5, under: .decision1048) == .central)
        #expect(IssuingLevel(text: "UBND huyện Gia Lâm") == .district)
        #expect(IssuingLevel(text: "Cấp tỉnh") == .province)
        #expect(IssuingLevel(text: "Bộ NN&PTNT") == .central)
        #expect(IssuingLevel(text: "trung ương") == .central)
        #expect(IssuingLevel(text: "xyz") == nil)
    }

    @Test func decisionsAsSheetsWriteThem() {
        #expect(DecisionKind(text: "Thu hồi") == .revoked)
        #expect(DecisionKind(text: "thu hoi") == .revoked)
        #expect(DecisionKind(text: "Tiềm năng 5 sao") == .potentialFiveStar)
        #expect(DecisionKind(text: "potential_5") == .potentialFiveStar)
        #expect(DecisionKind(text: "Hạ hạng") == .downgraded)
        #expect(DecisionKind(text: "Tự nguyện rút") == .withdrawn)
        #expect(DecisionKind(text: "Công nhận mới") == .recognised)
        #expect(DecisionKind(text: "Đánh giá lại") == .recognised)
        #expect(DecisionKind(text: "không rõ") == nil)
    }

    @Test func standingByTheLatestDecision() {
        #expect(CertificationStanding.of(.recognised, validUntil: "2027-01-01", today: "2026-11-30") == .valid)
        #expect(CertificationStanding.of(.recognised, validUntil: "2026-11-29", today: "2026-11-30") == .expired)
        #expect(CertificationStanding.of(.potentialFiveStar, validUntil: "2027-01-01", today: "2026-11-30") == .potentialFiveStar)
        #expect(CertificationStanding.of(.revoked, validUntil: "2030-01-01", today: "2026-11-30") == .revoked)
        #expect(!CertificationStanding.revoked.holdsStars && CertificationStanding.potentialFiveStar.holdsStars)
    }

    @Test func datesWithTheirPrecision() throws {
        let day = try #require(DecisionDate(text: "5/3/2021"))
        #expect(day.day == "2021-03-05" && day.precision == .day && day.validUntil == "2024-03-05")
        #expect(DecisionDate(text: "2021-03-05")?.day == "2021-03-05")
        #expect(DecisionDate(text: "05.03.2021")?.day == "2021-03-05")
        let year = try #require(DecisionDate(text: "2020"))
        #expect(year.day == "2020-01-01" && year.precision == .year && year.text == "2020")
        #expect(year.validUntil == "2023-01-01", "counted from 1 January: never later than the real expiry")
        #expect(DecisionDate(text: "2017") == nil, "before the programme")
        #expect(DecisionDate(text: "31/02/2022") == nil)
        #expect(DecisionDate(text: "29/02/2024")?.validUntil == "2027-02-28", "clamped to the month's end")
    }
}
