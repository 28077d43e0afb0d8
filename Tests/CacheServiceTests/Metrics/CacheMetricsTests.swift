import CacheService
import MetricsTestKit
import PorticoTestSupport
import Testing

extension InventorySweepTests {
    /// What the cache reports through swift-metrics while it sweeps.
    @Suite struct CacheMetricsTests {
        @Test func jobDurationsAWSCallsQueueDepthAndFreshnessAreReported() async throws {
            let estate = try SweptEstate.require()
            let metrics = estate.metrics
            let account = SweptEstate.healthy[2]
            for kind in ["iam", "s3", "sqs", "sns", "config"] {
                let timers = metrics.timers(label: "portico_cache_job_duration_seconds", dimensions: [("kind", kind), ("outcome", "committed")])
                #expect(timers.first.map { !$0.values.isEmpty } == true, "\(kind)")
                #expect(metrics.counterTotal(label: "portico_cache_aws_calls_total", dimensions: [("kind", kind)]) > 0, "\(kind)")
            }
            // The refused account's job fails on its own schedule (with retries), possibly after
            // the healthy accounts are committed: await its first failure being counted.
            try await awaitCondition("the refused account's IAM job counted as failed", timeout: 60) {
                metrics.counterTotal(label: "portico_cache_jobs_total", dimensions: [("kind", "iam"), ("outcome", "failed")]) >= 1
            }
            try await awaitCondition("the scheduler reported the freshness of every scope of the account", timeout: 30) {
                ["iam", "s3", "sqs:us-east-1", "sns:us-east-1"].allSatisfy { scope in
                    (try? metrics.expectGauge("portico_cache_last_success_age_seconds", [("account", account), ("scope", scope)]).lastValue) != nil
                }
            }
            let age = try #require(try metrics.expectGauge("portico_cache_last_success_age_seconds", [("account", account), ("scope", "sqs:us-east-1")]).lastValue)
            #expect(age >= 0)
            #expect(try metrics.expectGauge("portico_cache_queue_waiting").lastValue != nil)
            #expect(try metrics.expectGauge("portico_cache_queue_pending").lastValue != nil)
            #expect(try metrics.expectGauge("portico_cache_scheduler_leader").lastValue == 1)
        }
    }
}
