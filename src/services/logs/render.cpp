#include "common.hpp"
#include "tokens.hpp"

namespace minecs::logs {

json render_log_group(const scope& s, const store::log_group& g) {
  auto arn = log_group_arn(s, g.name);
  json out{{"logGroupName", g.name},
           {"creationTime", g.created_ms},
           {"metricFilterCount", 0},
           {"arn", arn + ":*"},
           {"storedBytes", g.stored_bytes},
           {"logGroupClass", g.log_group_class},
           {"logGroupArn", arn}};
  if (g.retention_days) {
    out["retentionInDays"] = *g.retention_days;
  }
  if (g.kms_key_id) {
    out["kmsKeyId"] = *g.kms_key_id;
  }
  return out;
}

std::string sequence_token(std::int64_t upload_sequence) {
  // CloudWatch Logs' tokens are long decimal strings; clients only pass them back.
  auto digits = std::to_string(upload_sequence);
  return "49" + std::string(54 - std::min<std::size_t>(54, digits.size()), '0') + digits;
}

json render_log_stream(const scope& s, const std::string& group, const store::log_stream& st) {
  // storedBytes of streams has been deprecated by CloudWatch Logs and is always reported as 0.
  json out{{"logStreamName", st.name},
           {"creationTime", st.created_ms},
           {"arn", log_stream_arn(s, group, st.name)},
           {"storedBytes", 0}};
  if (st.first_event_ms) {
    out["firstEventTimestamp"] = *st.first_event_ms;
  }
  if (st.last_event_ms) {
    out["lastEventTimestamp"] = *st.last_event_ms;
  }
  if (st.last_ingestion_ms) {
    out["lastIngestionTime"] = *st.last_ingestion_ms;
  }
  if (st.upload_sequence > 0) {
    out["uploadSequenceToken"] = sequence_token(st.upload_sequence);
  }
  return out;
}

json render_output_event(const store::log_event& e) {
  return {{"timestamp", e.timestamp_ms}, {"message", e.message}, {"ingestionTime", e.ingestion_ms}};
}

json render_filtered_event(const store::log_event& e) {
  return {{"logStreamName", e.stream_name},
          {"timestamp", e.timestamp_ms},
          {"message", e.message},
          {"ingestionTime", e.ingestion_ms},
          {"eventId", event_id(e)}};
}

json render_tag_map(const std::vector<store::tag>& tags) {
  json out = json::object();
  for (const auto& t : tags) {
    out[t.key] = t.value;
  }
  return out;
}

}  // namespace minecs::logs
