#pragma once
// The AWS Query and EC2 protocols: form-encoded parameters in (a POST body or a GET query
// string), XML out, both read and written in the shapes of the service's botocore model so that
// handlers see the same JSON input and output, keyed by member names, as JSON-1.1 handlers do.
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "minecs/core/json.hpp"
#include "minecs/core/service_error.hpp"
#include "minecs/model/api_model.hpp"
#include "minecs/protocol/http_reply.hpp"

namespace minecs::protocol {

// The name=value pairs of a form body or query string, decoded, in their order.
using form_params = std::vector<std::pair<std::string, std::string>>;

// Parses application/x-www-form-urlencoded text: '&' between pairs, '=' between name and value,
// '+' a space, %XX a byte; empty pairs are skipped. Throws service_error MalformedQueryString
// (HTTP 404, as AWS documents it) for a broken escape or a name or value that is not UTF-8.
form_params parse_form(std::string_view text);

// A Query or EC2 request's parameters: Action, Version, and the operation's own.
struct query_request {
  std::string action;                  // empty when absent
  std::optional<std::string> version;  // nullopt when absent
  std::string credential;              // a presigned URL's X-Amz-Credential, else empty
  form_params params;                  // without those and without signature parameters
};
query_request split_query_request(const form_params& all);

// The operation's input, keyed by member names and typed as the model says, from parameters
// named as botocore's query or ec2 serializer names them (model.protocol() says which):
// Struct.Member, Name.member.N / Name.N (flattened, EC2), Name.entry.N.key / .value. Throws
// service_error with model.input_errors() codes: wrong_type for a value that is not of the
// member's type (an integer, a boolean, a timestamp...), unknown_parameter (EC2) for a
// parameter the input shape has no place for; MalformedQueryString for a name given twice.
json decode_query_input(const model::api_model& model, std::string_view operation,
                        const form_params& params);

// The XML reply of a successful call: the output (keyed by member names, timestamps as epoch
// seconds) in <OperationResponse xmlns=...>, inside <OperationResult> (the resultWrapper) with
// <ResponseMetadata><RequestId> for Query; after <requestId> for EC2. Throws std::logic_error
// when the output does not fit the model (a handler's bug).
http_reply encode_query_result(const model::api_model& model, std::string_view operation,
                               const json& output, const std::string& request_id);

// The XML reply of a failed call: Query's <ErrorResponse><Error><Type>Sender|Receiver</Type>
// <Code/><Message/></Error><RequestId/></ErrorResponse> or EC2's <Response><Errors><Error><Code/>
// <Message/></Error></Errors><RequestID/></Response>.
http_reply encode_query_error(model::wire_protocol protocol, const std::string& xml_namespace,
                              const service_error& error, const std::string& request_id);

}  // namespace minecs::protocol
