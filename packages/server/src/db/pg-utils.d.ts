// node-postgres's own conversion of a parameter to its text form (arrays, dates, JSON), which it
// exports as a file but does not declare.
declare module 'pg/lib/utils.js' {
  const utils: { prepareValue(value: unknown): unknown };
  // biome-ignore lint/style/noDefaultExport: a CommonJS module's exports object is its default export in ESM.
  export default utils;
}
