/** The path of a request URL without its query string: what logs, metrics and problems may show. */
export function pathOf(url: string): string {
  const end = url.indexOf('?');
  return end === -1 ? url : url.slice(0, end);
}
