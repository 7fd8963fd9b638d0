import Testing
@testable import GantryCLI
