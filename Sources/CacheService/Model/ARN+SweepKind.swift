import PorticoCore

extension ARN {
    /// The sweep whose generations hold this ARN's item, or nil when no sweep reads such ARNs.
    /// Config resources are found through their own service's ARN and are not resolved here.
    var kind: SweepKind? {
        switch service {
        case "iam": .iam
        case "s3": .s3
        case "sqs": .sqs
        case "sns": .sns
        default: nil
        }
    }
}
