import GantryEngine

extension LivePrinter {
    /// What a long-running verb (the scheduler, the server) shows of the deployments it starts:
    /// their start, their end and the engine's notes; gates and every host's steps with `-v`.
    func serviceObserver(verbose: Bool) -> EngineObserver {
        let printer = self
        return { event in
            switch event {
            case .deploymentStarted, .deploymentFinished, .note:
                printer.handle(event)
            case .gates, .rollout:
                if verbose { printer.handle(event) }
            }
        }
    }
}
