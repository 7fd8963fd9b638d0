import Foundation
import GantryEngine
internal import Hummingbird

/// Every answer the server writes: JSON documents, HTML pages, and errors as
/// `{"error": {"message", "status"}}`. A request's body is never echoed.
enum Replies {
    static func json(_ value: JSONValue, status: HTTPResponse.Status = .ok) -> Response {
        let text = (try? JSONOutput.encode(value)) ?? "{}"
        return Response(status: status, headers: [.contentType: "application/json; charset=utf-8", .cacheControl: "no-store"],
                        body: ResponseBody(byteBuffer: ByteBuffer(string: text + "\n")))
    }

    static func error(_ status: HTTPResponse.Status, _ message: String) -> Response {
        json(.object(["error": .object(["message": .string(message), "status": .int(Int64(status.code))])]), status: status)
    }

    static func html(_ page: String, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"],
                 body: ResponseBody(byteBuffer: ByteBuffer(string: page)))
    }

    static func text(_ body: String, contentType: String) -> Response {
        Response(status: .ok, headers: [.contentType: contentType, .cacheControl: "no-store"],
                 body: ResponseBody(byteBuffer: ByteBuffer(string: body)))
    }

    /// An engine error as HTTP: a name that does not exist is 404, other usage errors 400, the
    /// store unavailable 503.
    static func engineError(_ error: EngineError, masker: SecretMasker) -> Response {
        let message = masker.mask(error.message)
        switch error.severity {
        case .usage: return self.error(error.isNotFound ? .notFound : .badRequest, message)
        case .refused: return self.error(.conflict, message)
        case .failed, .infrastructure: return self.error(.serviceUnavailable, message)
        }
    }
}

/// Turns every error that escapes a route (an unknown path, an unexpected failure) into the JSON
/// error document, never into an empty body or a trace.
struct ErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    let log: ServerLog

    func handle(_ request: Request, context: Context,
                next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as HTTPError {
            return Replies.error(error.status, error.body ?? error.status.reasonPhrase)
        } catch {
            log.line("serve: \(request.method) \(request.uri.path) failed: \(error)")
            return Replies.error(.internalServerError, "internal error (see the server's log)")
        }
    }
}

/// `serve.token`: every page and API call needs `Authorization: Bearer TOKEN` or the cookie that
/// `/?token=TOKEN` sets. Webhooks (signed by their own secrets) and `/healthz` are exempt.
struct TokenMiddleware<Context: RequestContext>: RouterMiddleware {
    let state: ServerState
    static var cookieName: String { "gantry_token" }

    func handle(_ request: Request, context: Context,
                next: (Request, Context) async throws -> Response) async throws -> Response {
        let path = request.uri.path
        guard let token = state.snapshot.token, !path.hasPrefix("/hooks/"), path != "/healthz" else {
            return try await next(request, context)
        }
        if let header = request.headers[.authorization], header.hasPrefix("Bearer "),
           ServeToken.matches(String(header.dropFirst(7)), token: token) {
            return try await next(request, context)
        }
        if let cookie = request.cookies[Self.cookieName],
           ServeToken.matches(cookie.value, token: ServeToken.cookieValue(for: token)) {
            return try await next(request, context)
        }
        if path == "/", let given = request.uri.queryParameters["token"].map(String.init), ServeToken.matches(given, token: token) {
            // Keep it in a cookie and take it out of the address bar (and out of the history).
            var response = Response(status: .seeOther, headers: [.location: "/"])
            response.setCookie(Cookie(name: Self.cookieName, value: ServeToken.cookieValue(for: token), path: "/",
                                      httpOnly: true, sameSite: .strict))
            return response
        }
        return Replies.error(.unauthorized, "this server needs its token: send Authorization: Bearer TOKEN, or open /?token=TOKEN once")
    }
}
