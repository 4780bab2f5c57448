#!/usr/bin/env node
// Entry point of the `tollgate` command. In a checkout it runs the TypeScript sources directly
// (Node >= 22.18 strips types); installed as a package (under node_modules, where Node does not
// strip types) it runs the compiled `dist/`.
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 19)) {
  console.error(`tollgate needs Node.js 22.19 or newer (this is ${process.versions.node}).`);
  process.exit(1);
}
const installed = import.meta.url.includes('/node_modules/');
const entry = installed ? '../dist/cli/cli-main.js' : '../src/cli/cli-main.ts';
const { main } = await import(new URL(entry, import.meta.url).href);
await main(process.argv.slice(2));
