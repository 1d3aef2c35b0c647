import Foundation

/// A type read directly from one scalar, with the decoder's typing rules:
/// strings also accept plain numbers, numbers only come from numeric
/// scalars, booleans only from `true`/`false`.
protocol ScalarDecodable {
    /// The type's name in "expected X, found Y" messages.
    static var expectedName: String { get }
    /// The value, or the message explaining why the scalar does not fit.
    static func decode(_ scalar: YAMLScalar) -> Result<Self, ScalarMismatch>
    /// Stands in for a bad value during the diagnostic pass.
    static var standIn: Self { get }
}

/// Why a scalar cannot become the requested type.
struct ScalarMismatch: Error {
    let message: String
}

extension ScalarDecodable {
    static func mismatch(_ scalar: YAMLScalar) -> Result<Self, ScalarMismatch> {
        .failure(ScalarMismatch(message: "expected \(expectedName), found \(scalar.foundDescription)"))
    }
}

extension String: ScalarDecodable {
    static var expectedName: String { "string" }
    static var standIn: String { "" }

    static func decode(_ scalar: YAMLScalar) -> Result<String, ScalarMismatch> {
        switch scalar.kind {
        case .string, .int, .float: .success(scalar.value)
        case .bool, .null: mismatch(scalar)
        }
    }
}

extension Bool: ScalarDecodable {
    static var expectedName: String { "boolean" }
    static var standIn: Bool { false }

    static func decode(_ scalar: YAMLScalar) -> Result<Bool, ScalarMismatch> {
        guard let value = scalar.boolValue else { return mismatch(scalar) }
        return .success(value)
    }
}

extension Double: ScalarDecodable {
    static var expectedName: String { "number" }
    static var standIn: Double { 0 }

    static func decode(_ scalar: YAMLScalar) -> Result<Double, ScalarMismatch> {
        guard scalar.kind == .int || scalar.kind == .float else { return mismatch(scalar) }
        guard let value = CoreSchema.double(scalar.value) else {
            return .failure(ScalarMismatch(message: "\(scalar.foundDescription) is out of range for Double"))
        }
        return .success(value)
    }
}

extension Float: ScalarDecodable {
    static var expectedName: String { "number" }
    static var standIn: Float { 0 }

    static func decode(_ scalar: YAMLScalar) -> Result<Float, ScalarMismatch> {
        Double.decode(scalar).flatMap { value in
            let narrowed = Float(value)
            if narrowed.isInfinite && value.isFinite {
                return .failure(ScalarMismatch(message: "\(scalar.foundDescription) is out of range for Float"))
            }
            return .success(narrowed)
        }
    }
}

extension ScalarDecodable where Self: FixedWidthInteger {
    static var expectedName: String { "integer" }
    static var standIn: Self { 0 }

    static func decode(_ scalar: YAMLScalar) -> Result<Self, ScalarMismatch> {
        guard scalar.kind == .int else { return mismatch(scalar) }
        switch CoreSchema.integer(scalar.value, as: Self.self) {
        case .value(let value):
            return .success(value)
        case .outOfRange:
            return .failure(ScalarMismatch(message: "integer \(scalar.value) is out of range for \(Self.self) (\(Self.min)...\(Self.max))"))
        case .invalid:
            return mismatch(scalar)
        }
    }
}

extension Int: ScalarDecodable {}
extension Int8: ScalarDecodable {}
extension Int16: ScalarDecodable {}
extension Int32: ScalarDecodable {}
extension Int64: ScalarDecodable {}
extension UInt: ScalarDecodable {}
extension UInt8: ScalarDecodable {}
extension UInt16: ScalarDecodable {}
extension UInt32: ScalarDecodable {}
extension UInt64: ScalarDecodable {}

extension URL: ScalarDecodable {
    static var expectedName: String { "URL" }
    static var standIn: URL { URL(fileURLWithPath: "/") }

    static func decode(_ scalar: YAMLScalar) -> Result<URL, ScalarMismatch> {
        guard scalar.kind == .string else {
            return .failure(ScalarMismatch(message: "expected URL string, found \(scalar.foundDescription)"))
        }
        guard !scalar.value.isEmpty, let url = URL(string: scalar.value) else {
            return .failure(ScalarMismatch(message: "invalid URL \(Quoted(scalar.value))"))
        }
        return .success(url)
    }
}
