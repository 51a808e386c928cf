#!/usr/bin/env node
// `npx cf-images-explorer`: the built server (build/node.js, made by `npm run build`), configured by the environment
// as README.md describes; with no Cloudflare credentials it serves the local demo Images API.
import '../build/node.js';
