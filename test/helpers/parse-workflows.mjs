// Parses GitHub Actions workflows with @actions/workflow-parser, the parser of GitHub's own
// Actions language service. The package is ES modules only and imports its JSON schema without
// import attributes, so jest cannot load it: tests run this file with `node --import tsx` (which
// loads the JSON) and read the result. Input on stdin: [{ name, content }]; output on stdout:
// [{ name, errors: [message] }], the errors of parsing and of converting to a workflow template.
import { convertWorkflowTemplate, NoOperationTraceWriter, parseWorkflow } from "@actions/workflow-parser";

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const files = JSON.parse(Buffer.concat(chunks).toString("utf8"));
const results = [];
for (const file of files) {
  const parsed = parseWorkflow({ name: file.name, content: file.content }, new NoOperationTraceWriter());
  const errors = parsed.context.errors.getErrors().map((e) => e.message);
  if (parsed.value !== undefined && errors.length === 0) {
    const template = await convertWorkflowTemplate(parsed.context, parsed.value);
    for (const e of template.errors ?? []) errors.push(e.Message);
  }
  results.push({ name: file.name, errors });
}
process.stdout.write(JSON.stringify(results));
