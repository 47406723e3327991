// Runs the editor's "jejak-yaml" format in Node for tests/test_editor_format.py.
// stdin: {"text": <file or null>, "order": [...], "modeline": "...", "edits": [[path, value], ...], "data": {...}}
// stdout: the text the editor would save after reading `text` (or starting from `data`) and making `edits`.
import * as YAML from "yaml";
import { jejakFormat } from "../../site_templates/editor/format.js";

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const job = JSON.parse(Buffer.concat(chunks).toString("utf8"));
const format = jejakFormat(YAML, { order: job.order || [], modeline: job.modeline });
const data = job.text === null ? job.data : format.fromFile(job.text);
for (const [path, value] of job.edits || []) {
  let target = data;
  for (const key of path.slice(0, -1)) target = target[key];
  target[path[path.length - 1]] = value;
}
process.stdout.write(format.toFile(JSON.parse(JSON.stringify(data))));
