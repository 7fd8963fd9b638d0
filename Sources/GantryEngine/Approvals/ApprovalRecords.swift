import GantryGates
import GantryStore

/// Stored approvals as the approval gate counts them: each bound to the artifact identity its
/// request was opened for (tag and digest), so an approval never carries over to another artifact.
func gateApprovals(_ records: [StoreApproval], boundTo identity: ArtifactIdentity) -> [GantryGates.Approval] {
    records.map { GantryGates.Approval(approver: $0.approver, at: $0.approvedAt, identity: identity) }
}
