// Reads records the way start.js reads the early list ahead of Decap (format.js readEarly), for
// tests/test_editor_format.py. stdin: a JSON list of texts. stdout: for each text what fromFile
// gives without and with the read-ahead, and again; then how many read-ahead records are left.
import * as YAML from "yaml";
import { jejakFormat, readAheadLeft, readEarly } from "../../site_templates/editor/format.js";

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const texts = JSON.parse(Buffer.concat(chunks).toString("utf8"));
const format = jejakFormat(YAML, {});
const read = (text) => {
  try {
    return format.fromFile(text);
  } catch (error) {
    return `refused: ${error.message}`;
  }
};
const out = texts.map((text) => {
  const fresh = read(text);
  readEarly(YAML, text);
  readEarly(YAML, text); // the same text twice is read once
  const early = read(text);
  const again = read(text);
  return { fresh, early, again, same: typeof early === "object" && early === again };
});
out.push(readAheadLeft());
process.stdout.write(JSON.stringify(out));
