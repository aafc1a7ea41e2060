/**
 * The user's (or a reviewer's) text made inert inside a Markdown message:
 * characters that would format, link or embed are escaped, so what is shown
 * is exactly what was written.
 */
export function markdownText(text: string): string {
  return text.replace(/([\\`*_{}[\]()#+!|<>~])/g, '\\$1');
}
