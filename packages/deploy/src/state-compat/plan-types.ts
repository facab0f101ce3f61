/**
 * The field types of a row type as Flink's compiled plan writes it: either the object form
 * (`{ type: 'ROW', fields: [{ name, fieldType }] }`) or the string form
 * (`ROW<\`symbol\` VARCHAR(2147483647), \`n\` BIGINT NOT NULL>`). Names are dropped: Flink's state
 * serializers compare the field types only (RowDataSerializerSnapshot keeps a LogicalType[]).
 */
export function rowFieldTypes(rowType: unknown): string[] {
  if (typeof rowType === 'string') return fieldsOfRowString(rowType);
  if (typeof rowType === 'object' && rowType !== null && Array.isArray((rowType as { fields?: unknown }).fields)) {
    return ((rowType as { fields: { fieldType?: unknown }[] }).fields).map((f) => typeText(f.fieldType));
  }
  return [];
}

/** One type in a comparable text form (the object form of a type is written as its JSON). */
export function typeText(type: unknown): string {
  return typeof type === 'string' ? type.trim() : JSON.stringify(type);
}

function fieldsOfRowString(text: string): string[] {
  const open = text.indexOf('<');
  const close = text.lastIndexOf('>');
  if (!/^\s*ROW\s*</i.test(text) || open < 0 || close < open) return [];
  return splitTopLevel(text.slice(open + 1, close)).map((field) => {
    const f = field.trim();
    // a field is `name` TYPE ['description']: drop the quoted name and the description
    const afterName = f.startsWith('`') ? f.slice(f.indexOf('`', 1) + 1).trim() : f.slice(f.indexOf(' ') + 1).trim();
    return afterName.replace(/\s+'(?:[^']|'')*'\s*$/, '').trim();
  });
}

function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quote: string | undefined;
  let current = '';
  for (const ch of text) {
    if (quote !== undefined) {
      if (ch === quote) quote = undefined;
    } else if (ch === '`' || ch === "'") quote = ch;
    else if (ch === '<' || ch === '(') depth++;
    else if (ch === '>' || ch === ')') depth--;
    else if (ch === ',' && depth === 0) {
      parts.push(current);
      current = '';
      continue;
    }
    current += ch;
  }
  if (current.trim() !== '') parts.push(current);
  return parts;
}
