// Runs the editor's "jejak-yaml" format in Node on many edits at once (tests/test_editor_writer.py).
// stdin: {"order": [...], "modeline": "...", "topLevelLists": [...], "pasted": {...},
//         "jobs": [{"text": <file or null>, "data": <a new event's data>, "edits": [[path, value], ...]}, ...]}
// stdout: one result per job: {"text": <what the editor saves>} or {"error": <message>}.
import * as YAML from "yaml";
import { jejakFormat } from "../../site_templates/editor/format.js";

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const batch = JSON.parse(Buffer.concat(chunks).toString("utf8"));
const format = jejakFormat(YAML, batch);
const results = batch.jobs.map((job) => {
  try {
    const data = job.text === null ? job.data : format.fromFile(job.text); // null: a new event
    for (const [path, value] of job.edits) {
      let target = data;
      for (const key of path.slice(0, -1)) {
        if (target[key] === undefined || target[key] === null) target[key] = typeof key === "number" ? [] : {};
        target = target[key];
      }
      target[path[path.length - 1]] = value;
    }
    return { text: format.toFile(JSON.parse(JSON.stringify(data))) };
  } catch (error) {
    return { error: String(error && error.stack ? error.stack : error) };
  }
});
process.stdout.write(JSON.stringify(results));
