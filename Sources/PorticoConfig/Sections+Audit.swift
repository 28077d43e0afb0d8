extension PorticoConfiguration {
    /// Where the audit streams are archived (`audit:`): the chained events of every audit stream
    /// (`aws.audit.stream`, `auth.session.audit_stream`) copied to S3 before the stream is
    /// trimmed past them.
    public struct Audit: Sendable {
        public var archive = Archive()

        /// The S3 archive (`audit.archive:`); off while `bucket` is unset (the streams are then
        /// trimmed by length alone, as before the archive existed).
        public struct Archive: Sendable {
            public var bucket: String?
            /// Key prefix of the archive's objects: `<prefix><stream>/<first seq>-<first at>.jsonl`.
            public var prefix = "portico-audit/"
            /// Seconds between archive passes: one object per stream per pass with new events.
            public var interval = 300
            /// Events one object holds at most (a pass writes several when more are waiting).
            public var maxEventsPerObject = 10_000

            public init() {}

            init(reading r: ConfigReader) throws(ConfigError) {
                bucket = try r.optionalString("bucket")
                prefix = try r.string("prefix", default: prefix)
                interval = try r.int("interval", default: interval, in: 1...86_400)
                maxEventsPerObject = try r.int("max_events_per_object", default: maxEventsPerObject, in: 1...1_000_000)
            }
        }

        public init() {}

        init(reading r: ConfigReader) throws(ConfigError) {
            archive = try Archive(reading: r.section("archive"))
        }
    }
}
