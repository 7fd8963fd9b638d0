import Foundation
import GantryGates
import GantryModel
import GantryShell

/// Times and other text the gates module cannot understand are usage errors.
extension GatesError: SeverityCarrying {
    public var severity: Severity { .usage }
}

extension EngineError {
    /// Wraps any error from the layers below, keeping the severity it declares.
    static func wrap(_ error: any Error) -> EngineError {
        switch error {
        case let error as EngineError:
            return error
        case let error as GantryModelError:
            switch error {
            case .unknownPipeline, .unknownEnvironment, .unknownHost, .notInPipelinesFolder:
                return EngineError(error.severity, error.description, isNotFound: true)
            default:
                return EngineError(error.severity, error.description)
            }
        case let error as any SeverityCarrying:
            return EngineError(error.severity, error.description)
        default:
            return .infrastructure("\(error)")
        }
    }
}

/// Runs `body`, turning every error into an `EngineError`.
func engineCall<T>(_ body: () throws -> T) throws(EngineError) -> T {
    do {
        return try body()
    } catch {
        throw EngineError.wrap(error)
    }
}
