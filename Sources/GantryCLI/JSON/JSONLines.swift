import Foundation
import GantryEngine
import GantryStore

/// `--json-lines`: one JSON object per line while a run goes on, for CI systems.
///
/// Every object has an `event` field; the last line is `{"event": "result", …}` with the same
/// fields as the verb's `--json` document. docs/json.md lists every event with an example.
enum JSONLines {
    /// Writes the object for `event`, if it has one.
    static func handle(_ event: EngineEvent) {
        guard let object = Documents.event(event) else { return }
        write(object)
    }

    static func write(_ object: JSONValue) {
        guard let line = try? JSONOutput.encode(object) else { return }
        FileHandle.standardOutput.write(Data((line + "\n").utf8))
    }

    /// The final document as the `result` event.
    static func result(_ document: JSONValue) -> JSONValue {
        guard case var .object(fields) = document else { return document }
        fields["event"] = "result"
        return .object(fields)
    }
}
