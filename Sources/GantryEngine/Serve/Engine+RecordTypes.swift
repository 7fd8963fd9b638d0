import GantryStore

/// The stored records the engine hands out, named through the engine so that a front end (the
/// server) can talk about them while speaking to the engine only.
extension Engine {
    public typealias DeploymentRecord = Deployment
    public typealias StepRecord = StepResult
    public typealias DeliveryRecord = WebhookDelivery
}
