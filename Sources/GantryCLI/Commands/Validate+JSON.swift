import GantryModel
import GantryEngine

/// The `validate --json` document: `{"errors": [{"file", "line", "column", "message"}]}`.
enum ValidationJSON {
    struct Document: Encodable {
        var errors: [Item]
    }

    struct Item: Encodable {
        var file: String
        var line: Int
        var column: Int
        var message: String
    }

    static func render(_ diagnostics: [Diagnostic]) throws -> String {
        let document = Document(errors: diagnostics.map {
            Item(file: $0.location.file, line: $0.location.line, column: $0.location.column, message: $0.message)
        })
        return try JSONOutput.encode(document)
    }
}
