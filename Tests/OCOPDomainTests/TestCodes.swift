import Testing

@testable import OCOPDomain

func provinceCode(_ text: String) throws -> ProvinceCode { try #require(ProvinceCode(text)) }
func communeCode(_ text: String) throws -> CommuneCode { try #require(CommuneCode(text)) }
