#!/usr/bin/env node
// Entry point of the `tollgate` command. In a checkout it runs the TypeScript sources directly
// (Node >= 22.19 strips types); installed as a package (under node_modules, where Node does not
// strip types) it runs the compiled `dist/`. On an older Node it re-runs itself under Node 24
// (see modern-node.mjs).
import { isModernNode, runUnderModernNode } from './modern-node.mjs';

if (!isModernNode()) {
  runUnderModernNode([new URL(import.meta.url).pathname, ...process.argv.slice(2)]);
} else {
  const installed = import.meta.url.includes('/node_modules/');
  const entry = installed ? '../dist/cli/cli-main.js' : '../src/cli/cli-main.ts';
  const { main } = await import(new URL(entry, import.meta.url).href);
  await main(process.argv.slice(2));
}
