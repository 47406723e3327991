// Replaces Decap core's configuration check (constants/configSchema.js) in the browser bundle:
// ajv compiles it with `new Function`, which the editor's Content-Security-Policy forbids. The
// configuration is written by `jejak build`, never by hand, and the tests check every generated
// configuration against Decap's own schema with ajv (scripts/editor-bundle/check-config.mjs).
export function validateConfig() {}
