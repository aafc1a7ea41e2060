/**
 * Parses CSV text (RFC 4180: commas, double-quoted fields with "" escapes and
 * embedded line breaks, CRLF or LF, an optional UTF-8 BOM) into rows of
 * fields, each with the line it starts on, so problems can be reported by line.
 */
export function parseCsv(text: string): Array<{ line: number; fields: string[] }> {
  const src = text.replace(/^\uFEFF/, '');
  const rows: Array<{ line: number; fields: string[] }> = [];
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  let line = 1;
  let rowLine = 1;
  const endRow = (): void => {
    fields.push(field);
    // A blank line is not a row.
    if (fields.length > 1 || fields[0]?.trim()) rows.push({ line: rowLine, fields });
    fields = [];
    field = '';
  };
  for (let i = 0; i < src.length; i++) {
    const ch = src[i];
    if (quoted) {
      if (ch === '"' && src[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') {
        quoted = false;
      } else {
        if (ch === '\n') line++;
        field += ch;
      }
    } else if (ch === '"' && field === '') {
      quoted = true;
    } else if (ch === ',') {
      fields.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && src[i + 1] === '\n') i++;
      endRow();
      line++;
      rowLine = line;
    } else {
      field += ch;
    }
  }
  if (field !== '' || fields.length > 0) endRow();
  return rows;
}
