import OCOPDomain

/// Records as CSV fields, in the order of ``SampleDataset/subjectColumns`` and ``SampleDataset/productColumns``.
enum SampleRows {
    static func fields(_ subject: SampleSubject) -> [String] {
        [
            subject.registrationNumber,
            subject.name,
            subject.legalForm.rawValue,
            subject.legacyCommuneCode == nil ? subject.communeCode.rawValue : "",
            subject.legacyCommuneCode?.rawValue ?? "",
            subject.address,
            subject.representative,
            subject.representativeIsWoman ? "yes" : "no",
            subject.representativeIsEthnicMinority ? "yes" : "no",
            subject.phone,
            subject.email ?? "",
            subject.website ?? "",
            String(subject.foundedYear),
            String(subject.employees),
            String(subject.localLabourPercent),
            subject.valueChain ?? "",
            subject.salesChannels.map(SalesChannelCode.code).joined(separator: ";"),
        ]
    }

    static func fields(_ product: SampleProduct) -> [String] {
        [
            product.subjectRegistrationNumber,
            product.name,
            String(product.productSet.code),
            product.communeCode?.rawValue ?? "",
            product.legacyCommuneCode?.rawValue ?? "",
            product.description ?? "",
            product.packaging ?? "",
            product.ingredients ?? "",
            product.rawMaterialOrigin ?? "",
            product.status?.rawValue ?? "",
            String(product.stars.stars),
            product.certificateNumber,
            product.certifiedOn.description,
            product.decisionNumber,
            product.issuingLevel.rawValue,
            product.decision.rawValue,
        ]
    }
}
