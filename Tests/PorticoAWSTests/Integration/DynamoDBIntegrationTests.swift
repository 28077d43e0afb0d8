import Testing

@testable import PorticoAWS

extension MotoIntegrationTests {
    /// DynamoDB as the request store uses it: versioned conditional writes, an index on `arn`.
    @Suite struct DynamoDB {
        func makeTable(_ dynamo: DynamoDBClient) async throws -> String {
            let name = MotoIntegrationTests.unique("requests")
            let created = try await dynamo.createTable(DynamoTableDefinition(
                name: name, partitionKey: .init("request_id"),
                indexes: [.init(name: "arn-index", partitionKey: .init("arn"))]))
            #expect(created.name == name)
            return name
        }

        @Test func conditionalWritesRefuseStaleVersions() async throws {
            let dynamo = DynamoDBClient(client: try MotoIntegrationTests.hub().client())
            let table = try await makeTable(dynamo)
            let described = try await dynamo.describeTable(name: table)
            #expect(described.partitionKeyName == "request_id")
            #expect(described.indexes.keys.sorted() == ["arn-index"])
            #expect(described.status == "ACTIVE")

            let key: DynamoItem = ["request_id": "r1"]
            let item: DynamoItem = ["request_id": "r1", "arn": "arn:aws:iam::1:role/a", "version": 1, "status": "pending"]
            let absent = DynamoCondition("attribute_not_exists(request_id)")
            try await dynamo.putItem(table: table, item: item, condition: absent)
            let duplicate = await #expect(throws: ConditionalCheckFailedError.self) {
                try await dynamo.putItem(table: table, item: item, condition: absent)
            }
            #expect(duplicate?.table == table)
            #expect(try await dynamo.getItem(table: table, key: key, consistentRead: true) == item)

            let updated = try await dynamo.updateItem(
                table: table, key: key, update: "SET #s = :approved, version = :next",
                condition: DynamoCondition("version = :seen", values: [":seen": 1]),
                names: ["#s": "status"], values: [":approved": "approved", ":next": 2])
            #expect(updated["status"] == "approved")
            #expect(updated["version"] == 2)

            await #expect(throws: ConditionalCheckFailedError.self) {
                _ = try await dynamo.updateItem(
                    table: table, key: key, update: "SET #s = :rejected", condition: DynamoCondition("version = :seen"),
                    names: ["#s": "status"], values: [":rejected": "rejected", ":seen": 1])
            }
            await #expect(throws: ConditionalCheckFailedError.self) {
                try await dynamo.deleteItem(table: table, key: key, condition: DynamoCondition("version = :v", values: [":v": 1]))
            }
            try await dynamo.deleteItem(table: table, key: key, condition: DynamoCondition("version = :v", values: [":v": 2]))
            #expect(try await dynamo.getItem(table: table, key: key) == nil)
        }

        @Test func queryOnTheIndexAndScanFollowPages() async throws {
            let dynamo = DynamoDBClient(client: try MotoIntegrationTests.hub().client())
            let table = try await makeTable(dynamo)
            for index in 0..<7 {
                let arn = index < 5 ? "arn:aws:iam::1:role/wanted" : "arn:aws:iam::1:role/other"
                try await dynamo.putItem(table: table, item: ["request_id": .string("r\(index)"), "arn": .string(arn)])
            }
            let query = DynamoQuery(
                table: table, index: "arn-index", keyCondition: "arn = :arn", values: [":arn": "arn:aws:iam::1:role/wanted"],
                pageSize: 2)
            var pages = 0
            var found: Set<String> = []
            for try await page in try dynamo.queryPages(query) {
                pages += 1
                found.formUnion(page.compactMap { $0["request_id"]?.stringValue })
            }
            #expect(found == ["r0", "r1", "r2", "r3", "r4"])
            #expect(pages >= 3)
            #expect(try await dynamo.query(query).count == 5)

            var scanPages = 0
            for try await _ in try dynamo.scanPages(table: table, pageSize: 3) { scanPages += 1 }
            #expect(scanPages >= 3)
            let filtered = try await dynamo.scan(
                table: table, filter: DynamoCondition("arn = :other", values: [":other": "arn:aws:iam::1:role/other"]))
            #expect(Set(filtered.compactMap { $0["request_id"]?.stringValue }) == ["r5", "r6"])
        }

        @Test func badTableNamesAreRefusedLocally() async throws {
            let dynamo = DynamoDBClient(client: try MotoIntegrationTests.hub().client())
            await #expect(throws: AWSClientError.self) { _ = try await dynamo.describeTable(name: "a") }
            await #expect(throws: AWSClientError.self) { _ = try await dynamo.getItem(table: "bad name!", key: [:]) }
        }
    }
}
