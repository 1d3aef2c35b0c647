import OCOPDomain
import Testing

@Suite struct TaxIdentifierTests {
    func parse(_ text: String) -> TaxIdentifier.Parsed? {
        if case .success(let parsed) = TaxIdentifier.parse(text) { return parsed }
        return nil
    }

    func problem(_ text: String) -> String {
        if case .failure(let problem) = TaxIdentifier.parse(text) { return problem.description }
        return ""
    }

    @Test func realCodesPassTheirCheckDigit() {
        #expect(parse("0100109106")?.identifier == .taxCode("0100109106"))
        #expect(parse("0300588569")?.identifier == .taxCode("0300588569"))
        #expect(parse(" 0100 109 106 ")?.identifier == .taxCode("0100109106"))
        #expect(problem("0100109107") == "'0100109107' is not a tax code: its check digit is 7, but 010010910 needs 6")
    }

    @Test func branchesAreStoredWithAHyphen() {
        #expect(parse("0100109106-001")?.identifier == .branch(parent: "0100109106", unit: "001"))
        #expect(parse("0100109106001")?.identifier.description == "0100109106-001")
        #expect(parse("0100109106-001")?.identifier.legalPerson == "0100109106")
        #expect(problem("0100109107-001").contains("its first 10 digits 0100109107 are not a valid tax code"))
        #expect(problem("0100109106-000").contains("unit numbers run from 001 to 999"))
        #expect(problem("0100109106-01").contains("10 digits, a hyphen and 3 digits"))
    }

    /// Circular 86/2024/TT-BTC: from 2025-07-01 a household's tax code is its representative's
    /// 12-digit personal identification number, which starts with a province of birth 001–096.
    @Test func personalNumbersOfHouseholds() {
        #expect(parse("001085012345")?.identifier == .personal("001085012345"))
        #expect(problem("097085012345").contains("not a province of birth (001–096)"))
    }

    @Test func excelsLostLeadingZeroIsRestoredOnlyWhenThatAloneWorks() {
        let code = parse("100109106")
        #expect(code?.identifier == .taxCode("0100109106") && code?.restoredFrom == "100109106")
        #expect(parse("100109106001")?.identifier == .branch(parent: "0100109106", unit: "001"))
        #expect(parse("100109106-001")?.identifier.description == "0100109106-001")
        #expect(parse("01085012345")?.identifier == .personal("001085012345"))
        #expect(parse("0100109106")?.restoredFrom == nil)
        #expect(parse("100109107") == nil, "a zero that does not make a valid code is not added")
    }

    @Test func anythingElseIsRefusedWithTheReason() {
        #expect(problem("12345").contains("expected 10 digits, 13 for a branch (10-3), or a household's 12-digit personal identification number, found 5 digits"))
        #expect(problem("01A8001234").contains("only digits"))
        #expect(problem("").contains("only digits"))
        #expect(TaxIdentifier.checkDigit([0, 1, 0, 0, 1, 0, 9, 1, 0]) == 6)
    }
}
