import { printParseErrorCode, visit } from "jsonc-parser";

/** Where the first JSON syntax error is (1-based line and column) and what it is, in words. */
export interface JsonErrorLocation {
  readonly line: number;
  readonly column: number;
  readonly problem: string;
}

const WORDS: Readonly<Record<string, string>> = {
  InvalidSymbol: "unexpected character",
  InvalidNumberFormat: "bad number",
  PropertyNameExpected: "property name expected",
  ValueExpected: "value expected",
  ColonExpected: "colon expected",
  CommaExpected: "comma expected",
  CloseBraceExpected: "} expected",
  CloseBracketExpected: "] expected",
  EndOfFileExpected: "more than one JSON value",
  InvalidCommentToken: "comments are not JSON",
  UnexpectedEndOfComment: "unexpected end of comment",
  UnexpectedEndOfString: "unterminated string",
  UnexpectedEndOfNumber: "unexpected end of number",
  InvalidUnicode: "bad \\u escape",
  InvalidEscapeCharacter: "bad escape",
  InvalidCharacter: "control character in a string",
};

/**
 * Locates the first syntax error of text that `JSON.parse` refused (only called on that path: V8's own message
 * quotes the input and often names no position).
 */
export function getLocation(text: string): JsonErrorLocation | undefined {
  let found: JsonErrorLocation | undefined;
  visit(
    text,
    {
      onError: (code, _offset, _length, line, column) => {
        if (found) return;
        const name = printParseErrorCode(code);
        found = { line: line + 1, column: column + 1, problem: WORDS[name] ?? name };
      },
    },
    { disallowComments: true, allowTrailingComma: false },
  );
  return found;
}
