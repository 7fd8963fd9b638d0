/// An optional field of an `Encodable` document that is written as `null` when absent.
///
/// Synthesised encoding leaves nil optionals out; Gantry's documents keep their field names
/// stable instead (docs/json.md), so optional fields of `Encodable` documents wear this wrapper.
@propertyWrapper
public struct NullEncoded<Value: Encodable & Sendable>: Encodable, Sendable {
    public var wrappedValue: Value?

    public init(wrappedValue: Value?) { self.wrappedValue = wrappedValue }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        if let wrappedValue { try container.encode(wrappedValue) } else { try container.encodeNil() }
    }
}
