/**
 * Glob patterns as ripgrep's `-g` and Python's recursive glob read them: `*` and `?` stay inside
 * one path segment, `**` crosses segments, `[...]` is a class (`!` negates), `{a,b}` alternates.
 * Matching is on `/`-separated paths relative to the search directory.
 */

export function globToRegExp(pattern: string): RegExp {
  return new RegExp(`^${translate(pattern)}$`);
}

/** True when the text has characters with a glob meaning. */
export function hasGlobCharacters(text: string): boolean {
  return /[*?[\]{}]/.test(text);
}

function translate(pattern: string): string {
  let out = '';
  let braceDepth = 0;
  for (let index = 0; index < pattern.length; index += 1) {
    const char = pattern[index];
    if (char === '*') {
      if (pattern[index + 1] === '*') {
        const atSegmentStart = index === 0 || pattern[index - 1] === '/';
        index += 1;
        if (atSegmentStart && pattern[index + 1] === '/') {
          index += 1;
          out += '(?:[^/]*/)*';
        } else {
          out += '.*';
        }
      } else {
        out += '[^/]*';
      }
    } else if (char === '?') {
      out += '[^/]';
    } else if (char === '[') {
      const end = pattern.indexOf(']', index + 2);
      if (end === -1) {
        out += '\\[';
        continue;
      }
      let body = pattern.slice(index + 1, end);
      if (body.startsWith('!')) body = `^${body.slice(1)}`;
      out += `[${body.replace(/\\/g, '\\\\')}]`;
      index = end;
    } else if (char === '{') {
      braceDepth += 1;
      out += '(?:';
    } else if (char === '}' && braceDepth > 0) {
      braceDepth -= 1;
      out += ')';
    } else if (char === ',' && braceDepth > 0) {
      out += '|';
    } else if (char === '\\' && index + 1 < pattern.length) {
      index += 1;
      out += escapeRegExp(pattern[index]);
    } else {
      out += escapeRegExp(char);
    }
  }
  return out + ')'.repeat(braceDepth);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}
