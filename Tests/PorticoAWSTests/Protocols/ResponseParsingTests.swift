import Foundation
import PorticoCore
import PorticoHTTP
import Testing

@testable import PorticoAWS

@Suite struct ResponseParsingTests {
    func response(_ status: Int, _ body: String, headers: HTTPClient.Headers = [:]) -> HTTPClient.Response {
        HTTPClient.Response(status: status, headers: headers, body: Array(body.utf8))
    }

    @Test func queryProtocolErrors() {
        let error = AWSErrorParser.parse(response(403, """
            <ErrorResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/">
              <Error><Type>Sender</Type><Code>AccessDenied</Code><Message>User is not authorized</Message></Error>
              <RequestId>4d3f-req</RequestId>
            </ErrorResponse>
            """), service: "iam", operation: "GetRole")
        #expect(error == AWSError(
            code: "AccessDenied", message: "User is not authorized", statusCode: 403, requestID: "4d3f-req",
            service: "iam", operation: "GetRole"))
    }

    @Test func motoStyleNestedErrorsAndS3Errors() {
        let nested = AWSErrorParser.parse(response(403, """
            <?xml version="1.0"?><ErrorResponse><Errors><Error><Code>InvalidClientTokenId</Code>
            <Message>The security token included in the request is invalid.</Message></Error></Errors></ErrorResponse>
            """), service: "sts", operation: "GetCallerIdentity")
        #expect(nested.code == "InvalidClientTokenId")
        let s3 = AWSErrorParser.parse(response(404, """
            <Error><Code>NoSuchBucketPolicy</Code><Message>The bucket policy does not exist</Message>
            <RequestId>ABC</RequestId></Error>
            """, headers: ["x-amz-request-id": "HDR"]), service: "s3", operation: "GetBucketPolicy")
        #expect(s3.code == "NoSuchBucketPolicy")
        #expect(s3.requestID == "HDR")
    }

    @Test func jsonProtocolErrors() {
        let dynamo = AWSErrorParser.parse(response(400, """
            {"__type":"com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException","message":"The conditional request failed"}
            """, headers: ["x-amzn-RequestId": "R1"]), service: "dynamodb", operation: "PutItem")
        #expect(dynamo.code == "ConditionalCheckFailedException")
        #expect(dynamo.message == "The conditional request failed")
        #expect(dynamo.requestID == "R1")
        let header = AWSErrorParser.parse(response(400, "{\"Message\":\"bad\"}",
            headers: ["x-amzn-ErrorType": "ValidationException:http://internal.amazon.com/coral/"]),
            service: "config", operation: "SelectResourceConfig")
        #expect(header.code == "ValidationException")
        #expect(header.message == "bad")
    }

    @Test func unreadableBodiesFallBackToTheStatus() {
        let error = AWSErrorParser.parse(response(503, "<html>oops"), service: "sns", operation: "ListTopics")
        #expect(error.code == "503")
        #expect(error.isRetryable)
        let huge = AWSErrorParser.parse(response(400, "{\"__type\":\"X\",\"message\":\"\(String(repeating: "m", count: 10_000))\"}"),
            service: "sns", operation: "ListTopics")
        #expect(huge.message.count == AWSErrorParser.maxMessageLength)
    }

    @Test func xmlTreeNavigatesIgnoringNamespaces() throws {
        let tree = try XMLTree.parse(Array("""
            <ListRolesResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/">
              <ListRolesResult>
                <Roles><member><RoleName>a&amp;b</RoleName></member><member><RoleName><![CDATA[c<d]]></RoleName></member></Roles>
                <IsTruncated>true</IsTruncated><Marker>m1</Marker>
              </ListRolesResult>
            </ListRolesResponse>
            """.utf8))
        let result = try #require(tree.child("ListRolesResult"))
        #expect(result.child("Roles")?.members.map { $0.string("RoleName") } == ["a&b", "c<d"])
        #expect(result.bool("IsTruncated") == true)
        #expect(tree.first(named: "Marker")?.text == "m1")
    }

    @Test func malformedXMLAndJSONAreTypedErrors() {
        #expect(throws: AWSClientError.self) { try XMLTree.parse(Array("<a><b></a>".utf8)) }
        #expect(throws: AWSClientError.self) { try XMLTree.parse([]) }
        let deep = String(repeating: "<a>", count: 500) + String(repeating: "</a>", count: 500)
        #expect(throws: AWSClientError.self) { try XMLTree.parse(Array(deep.utf8)) }
        #expect(throws: AWSClientError.self) { try JSONValue.parseAnswer(Array("{".utf8)) }
    }

    @Test func policyDocumentsAreURLDecoded() throws {
        let encoded = "%7B%22Version%22%3A%222012-10-17%22%2C%22Statement%22%3A%5B%7B%22Effect%22%3A%22Allow%22%2C"
            + "%22Action%22%3A%22s3%3A%2A%22%2C%22Resource%22%3A%22%2A%22%7D%5D%7D"
        #expect(try PolicyDocumentText.decode(encoded)
            == #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}"#)
        #expect(try PolicyDocumentText.decode("{\"a\": \"100%\"}") == "{\"a\": \"100%\"}")
        #expect(throws: AWSClientError.self) { try PolicyDocumentText.decode("%7B%ZZ") }
    }

    @Test func queryParametersFlattenListsTagsAndMaps() {
        var parameters = QueryParameters()
        parameters.set("RoleName", "my role")
        parameters.set("MaxItems", 100)
        parameters.set("OnlyAttached", true)
        parameters.set("Missing", nil as String?)
        parameters.setList("TagKeys", ["a", "b"])
        parameters.setTags("Tags", [AWSTag(key: "team", value: "sec ops")])
        parameters.setMap("Attribute", ["Policy": "{}", "DelaySeconds": "5"], keyName: "Name", valueName: "Value")
        let body = String(decoding: parameters.formBody(action: "TagRole", version: "2010-05-08"), as: UTF8.self)
        #expect(body == "Action=TagRole&Version=2010-05-08&RoleName=my+role&MaxItems=100&OnlyAttached=true"
            + "&TagKeys.member.1=a&TagKeys.member.2=b&Tags.member.1.Key=team&Tags.member.1.Value=sec+ops"
            + "&Attribute.1.Name=DelaySeconds&Attribute.1.Value=5&Attribute.2.Name=Policy&Attribute.2.Value=%7B%7D")
    }
}
