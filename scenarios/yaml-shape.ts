import { Lexer } from "yaml";
import { formatCount, LIMITS } from "../core/index.ts";

/** Why a text is refused before it is parsed: the reason, where (an offset into the text) and what is allowed. */
export interface ShapeProblem {
  readonly reason: string;
  readonly offset: number;
  readonly hint: string;
}

/** Characters YAML does not allow in a text (C0 controls but tab, newline and return; DEL), and U+FFFD from bytes that are not UTF-8. */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const NOT_TEXT = /[\x00-\x08\x0B\x0C\x0E-\x1F\x7F\uFFFD]/;

// Markers the lexer emits that are not part of the source (see yaml's CST: DOCUMENT, FLOW_END, SCALAR).
const DOCUMENT = "\x02";
const FLOW_END = "\x18";
const SCALAR = "\x1f";

/** The first character that makes a text binary rather than YAML, as a reason naming it. */
function binaryProblem(text: string): ShapeProblem | undefined {
  const match = NOT_TEXT.exec(text);
  if (!match) return undefined;
  const char = match[0];
  const what =
    char === "\uFFFD" ? "bytes that are not UTF-8" : `the control character 0x${char.charCodeAt(0).toString(16).padStart(2, "0")}`;
  return { reason: `not a YAML text file: it holds ${what}`, offset: match.index, hint: "A YAML file is UTF-8 text." };
}

/**
 * Checks what a YAML text would cost before the parser builds it, in one pass of the `yaml`
 * package's lexer (which keeps no tree and no stack): binary content, more than one document,
 * nesting deeper than {@link LIMITS.yamlDepth} and more than {@link LIMITS.yamlNodes} nodes.
 * The parser itself needs about 1 KB and a stack frame or more per node, so a hostile text is
 * refused here, at the first place it crosses a limit, instead of exhausting memory or the stack.
 */
export function checkYamlShape(text: string): ShapeProblem | undefined {
  const binary = binaryProblem(text);
  if (binary) return binary;
  let offset = 0;
  let documents = 0;
  let previous = "";
  let nodes = 0;
  let flowDepth = 0;
  let lineIndicators = 0;
  let atLineStart = true;
  const indents: number[] = [];
  for (const token of new Lexer().lex(text)) {
    const at = offset;
    const marker = token === DOCUMENT || token === FLOW_END || token === SCALAR;
    if (!marker) offset += token.length;
    if (token === DOCUMENT || (token === "---" && previous !== DOCUMENT)) {
      documents += 1;
      if (documents > LIMITS.yamlDocuments)
        return {
          reason: `it holds more than one YAML document (limit ${LIMITS.yamlDocuments}): a second one starts here`,
          offset: at,
          hint: "Put each scenario in a file of its own; remove the extra --- line.",
        };
    }
    if (token === "\n") {
      atLineStart = true;
      lineIndicators = 0;
      continue;
    }
    if (atLineStart && token !== DOCUMENT) {
      // The first token of a line: its indentation opens or closes block levels.
      const indent = token.trim() === "" && token.length > 0 ? token.length : 0;
      if (!token.startsWith("#")) {
        while (indents.length > 0 && (indents[indents.length - 1] as number) > indent) indents.pop();
        if (indents.length === 0 || (indents[indents.length - 1] as number) < indent) indents.push(indent);
        atLineStart = false;
      }
    }
    if (token === "[" || token === "{") {
      flowDepth += 1;
      nodes += 1;
    } else if (token === "]" || token === "}") flowDepth = Math.max(0, flowDepth - 1);
    else if (flowDepth === 0 && (token === "-" || token === "?" || token === ":")) lineIndicators += 1;
    if (token === SCALAR || token.startsWith('"') || token.startsWith("'") || token.startsWith("*")) nodes += 1;
    if (token !== " " && token.trim() !== "" && !token.startsWith("#")) previous = token;
    const depth = indents.length + lineIndicators + flowDepth;
    if (depth > LIMITS.yamlDepth)
      return {
        reason: `YAML nested deeper than ${LIMITS.yamlDepth} levels (limit ${LIMITS.yamlDepth})`,
        offset: at,
        hint: "A scenario nests about 6 levels deep.",
      };
    if (nodes > LIMITS.yamlNodes)
      return {
        reason: `more than ${formatCount(LIMITS.yamlNodes)} YAML values (limit ${formatCount(LIMITS.yamlNodes)})`,
        offset: at,
        hint: `Split it into several scenarios (at most ${formatCount(LIMITS.steps)} steps each).`,
      };
  }
  return undefined;
}
