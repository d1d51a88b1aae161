import { z } from 'zod';

/**
 * What no text may hold: NUL (PostgreSQL refuses it in text and jsonb, so it surfaced as a
 * 500), the other C0/C1 control characters and DEL (ESC opens the ANSI sequences that
 * recolour or rewrite a terminal or log line), and UTF-16 surrogates that are not part of
 * a pair (not Unicode: they cannot be encoded as UTF-8). Tab, line feed and carriage
 * return are ordinary text.
 */
// eslint-disable-next-line no-control-regex -- finding control characters is what it is for
const UNSAFE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const LINE_BREAK = /[\t\n\r\u2028\u2029]/;
const UNSAFE_ALL = new RegExp(UNSAFE.source, 'g');

const codePoint = (c: string) => `U+${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;

/** Why a string is not acceptable text, or undefined when it is. */
export function textProblem(s: string): string | undefined {
  const m = UNSAFE.exec(s);
  if (!m) return undefined;
  const c = m[0];
  if (c === '\u0000') return `must not contain NUL bytes (at position ${m.index})`;
  if (c >= '\uD800' && c <= '\uDFFF') return `must be valid Unicode (unpaired surrogate at position ${m.index})`;
  return `must not contain control characters (${codePoint(c)} at position ${m.index})`;
}

/** The text with every unacceptable character replaced by U+FFFD: for recording refused input (an audit row), never for accepting it. */
export const printable = (s: string) => s.replace(UNSAFE_ALL, '\uFFFD');

function lineProblem(s: string): string | undefined {
  const m = LINE_BREAK.exec(s);
  return m ? `must be a single line (${codePoint(m[0])} at position ${m.index})` : textProblem(s);
}

function checked(max: number, trim: boolean, problem: (s: string) => string | undefined) {
  const base = trim ? z.string().trim() : z.string();
  return base.max(max).superRefine((s, ctx) => {
    const message = problem(s);
    if (message) ctx.addIssue({ code: 'custom', message });
  });
}

export interface TextOptions {
  /** Trim surrounding white space before the length checks (default true). */
  trim?: boolean;
}

/** Free text (notes, descriptions, messages): at most `max` characters; tabs and line breaks allowed. */
export const text = (max: number, { trim = true }: TextOptions = {}) => checked(max, trim, textProblem);

/** One line (names, titles, subjects, references, ids): at most `max` characters, no line breaks or tabs. */
export const line = (max: number, { trim = true }: TextOptions = {}) => checked(max, trim, lineProblem);

/** A record id given as a reference (customerId, invoiceId…): one line of 1–64 characters. */
export const recordId = () => line(64).min(1);
