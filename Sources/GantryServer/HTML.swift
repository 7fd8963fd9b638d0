import Foundation
import GantryEngine

/// HTML text built from Swift values, escaped in exactly one place.
///
/// Every value that reaches a page goes through ``escape(_:)``: deployment messages, step output,
/// names and actors are data, never markup. Pages are assembled from literal markup and escaped
/// values only, so a branch named `<script>` shows as text.
enum HTML {
    /// `&`, `<`, `>`, `"` and `'` as entities.
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for character in text.unicodeScalars {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.unicodeScalars.append(character)
            }
        }
        return out
    }

    /// A whole page: the shared head and style, `body`, and the small live-update script.
    ///
    /// Without JavaScript the page is complete and refreshes itself every 15 s (`<noscript>`
    /// meta refresh); with it, the script swaps in a fresh copy whenever the server says the
    /// store changed (server-sent events on `/events`).
    static func page(title: String, body: String, live: Bool) -> String {
        """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(escape(title))</title>
        \(live ? "<noscript><meta http-equiv=\"refresh\" content=\"15\"></noscript>" : "")
        <style>\(style)</style>
        </head>
        <body>
        <main id="live">
        \(body)
        </main>
        \(live ? "<script>\(PageScript.source)</script>" : "")
        </body>
        </html>
        """
    }

    static let style = """
        body{font:14px/1.45 system-ui,sans-serif;margin:0 auto;max-width:1100px;padding:1em;color:#1d1d1f;background:#fafafa}
        h1{font-size:1.4em;margin:.2em 0}h2{font-size:1.15em;margin:1.4em 0 .4em;border-bottom:1px solid #ddd}
        h3{font-size:1em;margin:1em 0 .3em}table{border-collapse:collapse;width:100%;margin:.3em 0}
        th,td{text-align:left;padding:.25em .5em;border-bottom:1px solid #eee;vertical-align:top}
        th{font-weight:600;color:#555}code,pre{font:12px/1.4 ui-monospace,monospace}
        pre{background:#f0f0f0;padding:.5em;overflow-x:auto;white-space:pre-wrap}
        .succeeded,.open,.ok{color:#17803d}.failed,.errored,.broken{color:#b42318}
        .running,.pending,.queued{color:#b54708;font-weight:600}.aborted,.interrupted,.closed,.blocked{color:#b54708}
        .muted{color:#777}.live{font-size:.85em;color:#777}
        """
}

extension SecretMasker {
    /// `text` with secret values masked, then escaped: how every stored value reaches a page.
    func html(_ text: String) -> String { HTML.escape(mask(text)) }
}
