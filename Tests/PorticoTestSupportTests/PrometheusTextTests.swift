import PorticoTestSupport
import Testing

struct PrometheusTextTests {
    static let exposition = """
        # TYPE portico_rpc_server_calls_total counter
        portico_rpc_server_calls_total{method="portico.Health/Check"} 7
        portico_rpc_server_calls_total{method="portico.cache.Cache/EligibleRoles"} 3
        portico_rpc_server_calls_total{method="portico.cache.Cache/Typeahead"} 2.5
        process_open_fds 12
        not a sample
        """

    @Test func totalsSumTheSamplesOfOneNameThatPassTheLabelFilter() {
        let text = PrometheusText(Self.exposition)
        #expect(text.total("portico_rpc_server_calls_total") == 12.5)
        #expect(text.total("portico_rpc_server_calls_total") { !($0["method"] ?? "").contains("Health") } == 5.5)
        #expect(text.total("process_open_fds") == 12)
        #expect(text.total("absent_metric") == 0)
    }

    @Test func labelsAreReadWithoutTheirQuotesAndCommentsAreSkipped() {
        let text = PrometheusText(Self.exposition)
        #expect(text.samples.count == 4)
        #expect(text.samples.first?.labels == ["method": "portico.Health/Check"])
    }
}
