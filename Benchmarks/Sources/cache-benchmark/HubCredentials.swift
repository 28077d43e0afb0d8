import PorticoAWS

/// The hub's credentials against moto (which does not check signatures in the benchmark).
enum StaticCredentialProviderForBenchmark {
    static let hub = StaticCredentialProvider(AWSCredentials(accessKeyID: "AKIAHUBEXAMPLE000001", secretAccessKey: "hub"))
}
