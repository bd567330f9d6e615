#pragma once
// Text and attribute values for the XML replies: escaped, and always well-formed XML 1.0 so that
// botocore's parser reads every reply, whatever bytes a stored value holds.
#include <string>
#include <string_view>

namespace minecs::protocol {

// Appends `text` escaped for element content and attribute values: & < > " ' as entities, CR as
// &#xD; (so that it survives), and what XML 1.0 cannot carry (other control characters, bytes
// that are not UTF-8, U+FFFE and U+FFFF) as U+FFFD.
void append_xml_text(std::string& out, std::string_view text);

// <name>text</name>, the text escaped.
void append_xml_element(std::string& out, std::string_view name, std::string_view text);

}  // namespace minecs::protocol
